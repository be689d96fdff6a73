#pragma once
// What a stage factory needs to build its stage: the model card with the pipeline's overrides
// already applied, and where to run.
#include <string>

#include "trackgnn/core/device.hpp"
#include "trackgnn/core/registry.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct StageSettings {
  ModelCard card;              // backend, radius_search, precision, chunk sizes: as resolved
  Device device = Device::cpu();
};

// Graph construction methods by name ("metric_learning": embedding model + radius search).
using GraphBuilderRegistry = Registry<GraphBuilder, const StageSettings&>;

}  // namespace trackgnn
