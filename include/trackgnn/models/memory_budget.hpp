#pragma once
// How much memory an event's stages take, and how much they may take. Each stage estimates its
// working memory from the event's sizes (spacepoints, candidate edges, kept edges) and the widths
// of the loaded models, and compares it with the memory it may use: the --memory-limit when one
// is given, else what the device has free now (the host's available RAM on the CPU, the GPU's
// free memory on CUDA) less a margin. The filter then scores its edges in chunks that fit; a
// stage that cannot fit even so refuses the event with a MemoryBudgetError that says how much it
// needs, instead of being killed by the kernel or failing inside an allocator.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "trackgnn/core/device.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn {

// The numbers of the memory model. The activation counts were measured on the CPU with the
// shipped models (tests/pipeline/memory_budget_test.cpp checks the estimate against a measured
// peak); the shares and margins leave room for what the estimate does not see.
struct MemoryConfig {
  // Share of the host's available memory (MemAvailable) that the events in flight may take
  // together: the allocator's slack and the rest of the system need the rest.
  double host_share = 0.8;
  // Events computing at once (the event runner's compute slots): each event's stage gets
  // 1/events_in_flight of the host share and of the device share, so that all of them fit when
  // they reach their largest stage together.
  std::size_t events_in_flight = 1;
  // Device memory left free for the CUDA context, cuBLAS workspaces and other events' growth.
  std::uint64_t device_margin_bytes = std::uint64_t{2} << 30;
  // Share of the device's free memory beyond the margin that the events in flight may take.
  double device_share = 0.9;
  // Bytes a radius search holds per candidate pair: its pair list while sorting, the edge list
  // and the device copy (two int64 per pair each).
  double bytes_per_candidate_pair = 48;
  // Activation rows live at once during a model call, in units of the widest layer: per edge of
  // the filter; per edge and per node of the GNN (edge features, the edge network's layers and
  // residual; node features, the node network's concatenated inputs and layers).
  double filter_activations_per_edge = 3;
  double gnn_activations_per_edge = 5;
  double gnn_activations_per_node = 8;
  // Filter chunks smaller than this cost more in calls than they save in memory; an event whose
  // budget holds less than this many edges is refused.
  std::int64_t minimum_chunk_edges = 100000;
  // The width assumed for a model whose backend cannot report its layers (ONNX Runtime).
  std::int64_t assumed_width = 1024;
};

// The sizes of one event that its memory follows.
struct EventSizes {
  std::int64_t spacepoints = 0;
  std::int64_t candidate_edges = 0;  // from graph building, into the filter
  std::int64_t kept_edges = 0;       // after the filter's cut, into the GNN
};

// The widest layer (outputs) of each edge model; 0: unknown (assumed_width is used).
struct ModelWidths {
  std::int64_t filter = 0;
  std::int64_t gnn = 0;
};

// Estimated bytes of one stage: what the event holds while it runs (node features, the graph) and
// what the stage itself allocates.
struct StageEstimate {
  std::uint64_t held = 0;
  std::uint64_t working = 0;
  std::uint64_t total() const { return held + working; }
};

struct StageMemory {
  StageEstimate graph_building;
  StageEstimate filter;  // unchunked
  StageEstimate gnn;
  double filter_bytes_per_edge = 0;  // the filter's working memory per edge of a chunk
  std::uint64_t peak() const;
};

StageMemory estimate_stage_memory(const ModelCard& card, const ModelWidths& widths, const EventSizes& sizes,
                                  const MemoryConfig& config);

// The bytes one stage of one event may allocate on `device` beyond what the event holds (`held`):
// limit - held when a limit is given, else the host's available memory or the device's free
// memory as MemoryConfig says. On a device, when that is less than `needed`, it is measured
// again after the memory pools hand back what they cache.
std::uint64_t stage_memory_budget(Device device, const MemoryConfig& config, std::optional<std::uint64_t> limit,
                                  std::uint64_t held, std::uint64_t needed);

// What a stage checks an event's memory against.
struct MemoryBudget {
  // The sizes the estimate reads (node features, embedding width and k, graph conventions,
  // precision): the model card the stages come from.
  ModelCard sizes;
  MemoryConfig config;
  std::optional<std::uint64_t> limit;  // bytes one event may use; unset: what the device has free
};

// A stage that cannot fit its event in the memory it may use. The event runner adds the event's
// name in front of the message.
class MemoryBudgetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws MemoryBudgetError "STAGE needs about X (what) but Y may be used (where from); ..." when
// `needed` (the stage's total: held and working) exceeds `budget` + `held`.
void require_memory(const std::string& stage, const std::string& what, const StageEstimate& needed,
                    std::uint64_t budget, Device device, std::optional<std::uint64_t> limit);

// "8GiB", "512 MiB", "2.5G", "1e9", "1000000" (bytes); std::invalid_argument otherwise.
std::uint64_t parse_memory_size(const std::string& text);
// "1.5 GiB", "300 MiB", "12 kiB", "5 B".
std::string format_bytes(std::uint64_t bytes);

}  // namespace trackgnn
