#pragma once
// TrackML CSV events: eventNNNNNNNNN-{hits,cells,particles,truth}.csv, and track candidates as
// eventNNNNNNNNN-tracks.csv (hit_id,track_id). Readers accept any column order and extra columns
// but are strict about content: a missing column, a non-numeric field, NaN/inf, a truncated
// line, a duplicate hit id, or truth naming an unknown hit throws InputError (file and line).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"

namespace trackgnn::io {

// "event000000001" for 1.
std::string event_prefix(std::uint64_t event_id);

// Event ids with a -hits.csv file in `directory`, ascending. Throws InputError if the
// directory does not exist.
std::vector<std::uint64_t> list_events(const std::filesystem::path& directory);

struct ReadOptions {
  bool cells = true;   // read -cells.csv when present (fills Event::cells and the cell features)
  bool truth = true;   // read -truth.csv and -particles.csv when both are present
  bool require_truth = false;  // a missing truth file is an error instead of an event without truth
};

Event read_event(const std::filesystem::path& directory, std::uint64_t event_id, const ReadOptions& options = {});

// Writes hits, and cells and truth where the event has them.
void write_event(const Event& event, const std::filesystem::path& directory);

void write_tracks(const std::filesystem::path& directory, std::uint64_t event_id, const Spacepoints& spacepoints,
                  const TrackCandidates& tracks);
// Reads eventNNNNNNNNN-tracks.csv back into candidates over `spacepoints` (hit ids must exist).
TrackCandidates read_tracks(const std::filesystem::path& directory, std::uint64_t event_id,
                            const Spacepoints& spacepoints);

}  // namespace trackgnn::io
