#pragma once
// The edges of one pipeline stage, written for metrics as eventNNNNNNNNN-edges-<stage>.csv with
// columns hit_id_1,hit_id_2,score (hit ids, so the file stands on its own beside the event).
// Stage names are file-name safe words such as "build_edges", "filtering", "gnn".
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trackgnn/event/spacepoints.hpp"

namespace trackgnn::io {

struct StageEdges {
  std::vector<std::int64_t> edge_index;  // [2, E]: E sources, then E targets (spacepoint indices)
  std::vector<float> scores;             // [E]
  std::int64_t num_edges() const { return static_cast<std::int64_t>(edge_index.size() / 2); }
};

std::filesystem::path stage_edges_path(const std::filesystem::path& directory, std::uint64_t event_id,
                                       const std::string& stage);

// Writes (replacing) the stage's file. `scores` is empty (every edge written with score 1, as
// after graph building) or holds one score per edge. An odd-sized edge_index, a score count
// that is neither 0 nor E, a score outside [0, 1] (or NaN), an index outside the spacepoints,
// or a stage name other than letters, digits, '_' and '-' is std::invalid_argument.
void write_stage_edges(const std::filesystem::path& directory, std::uint64_t event_id, const Spacepoints& spacepoints,
                       const std::string& stage, const std::vector<std::int64_t>& edge_index,
                       const std::vector<float>& scores);

// Reads the stage's file back as spacepoint indices. A missing file, an unknown hit id, or a
// score that is not a finite number in [0, 1] is an InputError naming the file and line.
StageEdges read_stage_edges(const std::filesystem::path& directory, std::uint64_t event_id,
                            const Spacepoints& spacepoints, const std::string& stage);

}  // namespace trackgnn::io
