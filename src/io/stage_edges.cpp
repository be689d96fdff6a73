#include "trackgnn/io/stage_edges.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "io/csv_reader.hpp"
#include "io/event_files.hpp"
#include "io/file_io.hpp"
#include "io/hit_lookup.hpp"

namespace trackgnn::io {

namespace {

// Without scores an edge simply exists, as after graph building.
constexpr float kUnscoredEdge = 1.0f;

void check_stage_name(const std::string& stage) {
  const bool safe = !stage.empty() && std::all_of(stage.begin(), stage.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  if (!safe) throw std::invalid_argument("stage edges: stage name '" + stage + "' must be letters, digits, '_' or '-'");
}

}  // namespace

std::filesystem::path stage_edges_path(const std::filesystem::path& directory, std::uint64_t event_id,
                                       const std::string& stage) {
  check_stage_name(stage);
  return event_csv_path(directory, event_id, "edges-" + stage);
}

void write_stage_edges(const std::filesystem::path& directory, std::uint64_t event_id, const Spacepoints& spacepoints,
                       const std::string& stage, const std::vector<std::int64_t>& edge_index,
                       const std::vector<float>& scores) {
  const auto file = stage_edges_path(directory, event_id, stage);
  if (edge_index.size() % 2 != 0)
    throw std::invalid_argument(fmt::format("stage edges: edge_index has {} entries, not [2, E]", edge_index.size()));
  const std::size_t num_edges = edge_index.size() / 2;
  if (!scores.empty() && scores.size() != num_edges)
    throw std::invalid_argument(fmt::format("stage edges: {} scores for {} edges", scores.size(), num_edges));
  const auto num_nodes = static_cast<std::int64_t>(spacepoints.size());
  const auto outside = [&](std::int64_t node) { return node < 0 || node >= num_nodes; };
  if (const auto bad = std::find_if(edge_index.begin(), edge_index.end(), outside); bad != edge_index.end())
    throw std::invalid_argument(fmt::format("stage edges: node index {} outside 0..{}", *bad, num_nodes));

  // The reader rejects such scores, so they are stopped here rather than written.
  const auto not_probability = [](float score) { return !(score >= 0 && score <= 1); };
  if (const auto bad = std::find_if(scores.begin(), scores.end(), not_probability); bad != scores.end())
    throw std::invalid_argument(
        fmt::format("stage edges: score {} of edge {} is not a probability in [0, 1]", *bad, bad - scores.begin()));

  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "hit_id_1,hit_id_2,score\n");
  for (std::size_t e = 0; e < num_edges; ++e) {
    const auto source = static_cast<std::size_t>(edge_index[e]);
    const auto target = static_cast<std::size_t>(edge_index[num_edges + e]);
    fmt::format_to(std::back_inserter(out), "{},{},{}\n", spacepoints.hit_id[source], spacepoints.hit_id[target],
                   scores.empty() ? kUnscoredEdge : scores[e]);
  }
  write_whole_file(file, fmt::to_string(out));
}

StageEdges read_stage_edges(const std::filesystem::path& directory, std::uint64_t event_id,
                            const Spacepoints& spacepoints, const std::string& stage) {
  const HitLookup lookup = HitLookup::checked(spacepoints);
  CsvReader csv(stage_edges_path(directory, event_id, stage));
  const std::size_t hit_id_1 = csv.column("hit_id_1"), hit_id_2 = csv.column("hit_id_2"), score = csv.column("score");
  std::vector<std::int64_t> sources, targets;
  StageEdges edges;
  sources.reserve(csv.record_capacity());
  targets.reserve(csv.record_capacity());
  edges.scores.reserve(csv.record_capacity());
  const auto node = [&](std::size_t column) {
    const auto id = csv.get<std::uint64_t>(column);
    const std::int32_t index = lookup.find(id);
    if (index < 0) csv.fail("hit_id " + std::to_string(id) + " is not in the event");
    return static_cast<std::int64_t>(index);
  };
  while (csv.next()) {
    sources.push_back(node(hit_id_1));
    targets.push_back(node(hit_id_2));
    const auto value = csv.get<float>(score);
    if (value < 0 || value > 1) csv.fail(fmt::format("score {} is outside [0, 1]", value));
    edges.scores.push_back(value);
  }
  edges.edge_index = std::move(sources);
  edges.edge_index.insert(edges.edge_index.end(), targets.begin(), targets.end());
  return edges;
}

}  // namespace trackgnn::io
