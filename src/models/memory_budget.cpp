#include "trackgnn/models/memory_budget.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/host_memory.hpp"
#include "core/device/device_memory.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn {

namespace {

// What the event keeps per edge between stages: edge_index (two int64) and a float score.
constexpr double kGraphBytesPerEdge = 2 * sizeof(std::int64_t) + sizeof(float);

std::uint64_t bytes(double value) { return value <= 0 ? 0 : static_cast<std::uint64_t>(std::ceil(value)); }

double activation_bytes(Precision precision) { return precision == Precision::fp32 ? 4.0 : 2.0; }

std::int64_t known_or_assumed(std::int64_t width, const MemoryConfig& config) {
  return width > 0 ? width : config.assumed_width;
}

std::string where_from(Device device, std::optional<std::uint64_t> limit) {
  if (limit) return "the --memory-limit";
  return device.is_cuda() ? "free memory on " + device.str() : "available host memory";
}

}  // namespace

std::uint64_t StageMemory::peak() const { return std::max({graph_building.total(), filter.total(), gnn.total()}); }

StageMemory estimate_stage_memory(const ModelCard& card, const ModelWidths& widths, const EventSizes& sizes,
                                  const MemoryConfig& config) {
  const double precision_bytes = activation_bytes(card.precision);
  const auto nodes = static_cast<double>(sizes.spacepoints);
  const double node_bytes =
      nodes * static_cast<double>(card.num_features() + card.embedding.output_dim) * sizeof(float);
  StageMemory memory;
  // Each point keeps at most k neighbours: the search's candidate lists never exceed n k pairs.
  memory.graph_building = {bytes(node_bytes), bytes(nodes * static_cast<double>(card.embedding.max_neighbours) *
                                                    config.bytes_per_candidate_pair)};

  const double filter_directions = card.filter.graph == EdgeGraph::doubled ? 2 : 1;
  const auto candidates = static_cast<double>(sizes.candidate_edges);
  memory.filter_bytes_per_edge =
      filter_directions * (config.filter_activations_per_edge *
                               static_cast<double>(known_or_assumed(widths.filter, config)) * precision_bytes +
                           kGraphBytesPerEdge);
  memory.filter = {bytes(node_bytes + candidates * kGraphBytesPerEdge),
                   bytes(candidates * memory.filter_bytes_per_edge)};

  const double gnn_directions = card.gnn.graph == EdgeGraph::doubled ? 2 : 1;
  const auto kept = static_cast<double>(sizes.kept_edges);
  const auto gnn_width = static_cast<double>(known_or_assumed(widths.gnn, config));
  memory.gnn = {bytes(node_bytes + kept * kGraphBytesPerEdge),
                bytes(gnn_directions * kept *
                          (config.gnn_activations_per_edge * gnn_width * precision_bytes + kGraphBytesPerEdge) +
                      nodes * config.gnn_activations_per_node * gnn_width * precision_bytes)};
  return memory;
}

std::uint64_t stage_memory_budget(Device device, const MemoryConfig& config, std::optional<std::uint64_t> limit,
                                  std::uint64_t held, std::uint64_t needed) {
  if (limit) return *limit > held ? *limit - held : 0;
  const double events = static_cast<double>(std::max<std::size_t>(1, config.events_in_flight));
  if (!device.is_cuda()) return bytes(static_cast<double>(available_host_memory()) * config.host_share / events);
  const auto usable = [&](std::uint64_t free_bytes) {
    return free_bytes > config.device_margin_bytes
               ? bytes(static_cast<double>(free_bytes - config.device_margin_bytes) * config.device_share / events)
               : std::uint64_t{0};
  };
  const std::uint64_t budget = usable(cuda::free_memory(device.index, false));
  return budget >= needed ? budget : usable(cuda::free_memory(device.index, true));
}

void require_memory(const std::string& stage, const std::string& what, const StageEstimate& needed,
                    std::uint64_t budget, Device device, std::optional<std::uint64_t> limit) {
  if (needed.working <= budget) return;
  throw MemoryBudgetError(stage + " needs about " + format_bytes(needed.total()) + " (" + what + "; " +
                          format_bytes(needed.working) + " of it working memory) but " +
                          format_bytes(limit ? *limit : budget) + " may be used (" + where_from(device, limit) +
                          "); run it where more memory is free" +
                          (limit ? std::string(" or raise --memory-limit") : std::string(" or with fewer --threads")));
}

std::uint64_t parse_memory_size(const std::string& text) {
  const auto invalid = [&] {
    return std::invalid_argument("memory size '" + text +
                                 "': expected a number of bytes with an optional unit (B, kB, MB, GB, TB, KiB, MiB, "
                                 "GiB, TiB; K, M, G, T are binary), e.g. 8GiB");
  };
  std::size_t consumed = 0;
  double value = 0;
  try {
    value = std::stod(text, &consumed);
  } catch (const std::exception&) {
    throw invalid();
  }
  std::string unit;
  for (std::size_t i = consumed; i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i])))
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  static const std::pair<const char*, double> kUnits[] = {{"", 1},
                                                          {"b", 1},
                                                          {"kb", 1e3},
                                                          {"mb", 1e6},
                                                          {"gb", 1e9},
                                                          {"tb", 1e12},
                                                          {"k", 1024.0},
                                                          {"kib", 1024.0},
                                                          {"m", 1048576.0},
                                                          {"mib", 1048576.0},
                                                          {"g", 1073741824.0},
                                                          {"gib", 1073741824.0},
                                                          {"t", 1099511627776.0},
                                                          {"tib", 1099511627776.0}};
  for (const auto& [name, scale] : kUnits)
    if (unit == name) {
      const double result = value * scale;
      if (!std::isfinite(result) || result < 1 || result > 1.8e19) throw invalid();
      return static_cast<std::uint64_t>(result);
    }
  throw invalid();
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* kUnits[] = {"B", "kiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return text;
}

}  // namespace trackgnn
