#pragma once
// What a stage factory needs to build its stage: the model card with the pipeline's overrides
// already applied, and where to run.
#include <cstdint>
#include <optional>
#include <string>

#include "trackgnn/core/device.hpp"
#include "trackgnn/core/registry.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/pipeline/memory_budget.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct StageSettings {
  ModelCard card;              // backend, radius_search, precision, chunk sizes: as resolved
  Device device = Device::cpu();
  MemoryConfig memory;
  std::optional<std::uint64_t> memory_limit;  // bytes one event may use; unset: what is free
};

// Graph construction methods by name ("metric_learning": embedding model + radius search).
using GraphBuilderRegistry = Registry<GraphBuilder, const StageSettings&>;

}  // namespace trackgnn
