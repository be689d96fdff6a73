// Track candidates as eventNNNNNNNNN-tracks.csv (hit_id,track_id), the TrackML submission form:
// one row per hit of the event, -1 for a hit in no candidate.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "io/csv_reader.hpp"
#include "io/event_files.hpp"
#include "io/file_io.hpp"
#include "io/hit_lookup.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {

namespace {
constexpr std::int64_t kNoTrack = -1;
}  // namespace

void write_tracks(const std::filesystem::path& directory, std::uint64_t event_id, const Spacepoints& spacepoints,
                  const TrackCandidates& tracks) {
  const std::vector<std::int32_t> labels = tracks.labels(spacepoints.size());
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "hit_id,track_id\n");
  for (std::size_t i = 0; i < spacepoints.size(); ++i)
    fmt::format_to(std::back_inserter(out), "{},{}\n", spacepoints.hit_id[i], labels[i]);
  write_whole_file(event_csv_path(directory, event_id, "tracks"), fmt::to_string(out));
}

TrackCandidates read_tracks(const std::filesystem::path& directory, std::uint64_t event_id,
                            const Spacepoints& spacepoints) {
  const HitLookup lookup = HitLookup::checked(spacepoints);
  CsvReader csv(event_csv_path(directory, event_id, "tracks"));
  const std::size_t hit_id = csv.column("hit_id"), track_id = csv.column("track_id");

  std::vector<bool> listed(spacepoints.size(), false);
  // Track ids need not be compact; the map keeps them in ascending order.
  std::map<std::int64_t, std::vector<std::int32_t>> members;
  while (csv.next()) {
    const auto id = csv.get<std::uint64_t>(hit_id);
    const std::int32_t index = lookup.find(id);
    if (index < 0) csv.fail("hit_id " + std::to_string(id) + " is not in the event");
    if (listed[static_cast<std::size_t>(index)]) csv.fail("duplicate hit_id " + std::to_string(id));
    listed[static_cast<std::size_t>(index)] = true;
    const auto track = csv.get<std::int64_t>(track_id);
    if (track == kNoTrack) continue;
    if (track < 0) csv.fail("track_id " + std::to_string(track) + " is negative (only -1, no track, is allowed)");
    members[track].push_back(index);
  }
  TrackCandidates candidates;
  for (auto& [track, hits] : members) {
    std::sort(hits.begin(), hits.end());
    candidates.add_track(hits);
  }
  return candidates;
}

}  // namespace trackgnn::io
