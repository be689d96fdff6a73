#pragma once
// TrackML CSV events: eventNNNNNNNNN-{hits,cells,particles,truth}.csv, and track candidates as
// eventNNNNNNNNN-tracks.csv (hit_id,track_id). Readers accept any column order and extra columns
// but are strict about content: a missing column, a non-numeric field, NaN/inf, a truncated
// line, a duplicate hit id, or truth naming an unknown hit throws InputError (file and line).
// Blank lines are skipped; a header-only hits file is an event with no hits. Floats are
// written in their shortest exact form, so write -> read gives back the same floats.
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
  bool cells = true;           // read -cells.csv when present (fills Event::cells and the cell features)
  bool truth = true;           // read -truth.csv and -particles.csv when both are present
  bool require_truth = false;  // a missing truth file is an error instead of an event without truth
};

// Spacepoints come in the hits file's order with r, phi, eta derived; truth is aligned with
// them. A missing hits file is an InputError, and so is truth without particles (or the
// reverse), cells or truth naming an unknown hit, a hit without a truth record, and a truth
// record naming a particle (other than 0, noise) that the particles file lacks.
Event read_event(const std::filesystem::path& directory, std::uint64_t event_id, const ReadOptions& options = {});

// Writes hits, and cells and truth where the event has them (and removes this event id's cells
// or truth files that the event does not have). Columns of unequal length are
// std::invalid_argument; a file that cannot be written is std::runtime_error.
void write_event(const Event& event, const std::filesystem::path& directory);

// One row per spacepoint: its track index 0..T-1, or -1 when it is in no track. A spacepoint in
// two tracks, or an index outside the spacepoints, is std::invalid_argument.
void write_tracks(const std::filesystem::path& directory, std::uint64_t event_id, const Spacepoints& spacepoints,
                  const TrackCandidates& tracks);
// Reads eventNNNNNNNNN-tracks.csv back into candidates over `spacepoints` (hit ids must exist).
// Tracks come in ascending track_id order (ids need not be compact), hits within a track by
// spacepoint index; rows with track_id -1 and hits the file does not list belong to no track.
TrackCandidates read_tracks(const std::filesystem::path& directory, std::uint64_t event_id,
                            const Spacepoints& spacepoints);

}  // namespace trackgnn::io
