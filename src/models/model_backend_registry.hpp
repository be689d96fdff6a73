#pragma once
// Model backends by name: each backend registers itself from its own source file.
#include "core/registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
using ModelBackendRegistry = Registry<ModelBackend>;
}  // namespace trackgnn
