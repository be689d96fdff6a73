#pragma once
// Model backends (TorchScript, ONNX Runtime, ...). A backend is one file implementing
// ModelBackend plus one TRACKGNN_REGISTER line (models/model_backend_registry.hpp). Pointers are
// on the context's device.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct ModelSpec {
  std::filesystem::path file;
  Device device = Device::cpu();
  Precision precision = Precision::fp32;
  std::int64_t num_features = 0;  // F expected by the model, checked at load time where possible
};

// forward(x[N,F]) -> embedding[N,D]
class NodeModel {
 public:
  virtual ~NodeModel() = default;
  virtual std::int64_t output_dim() const = 0;
  virtual void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, float* output,
                       const ExecutionContext& context) const = 0;
};

// forward(x[N,F], edge_index[2,E] int64) -> logits[E]
class EdgeModel {
 public:
  virtual ~EdgeModel() = default;
  virtual void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features,
                       const std::int64_t* edge_index, std::int64_t num_edges, float* logits,
                       const ExecutionContext& context) const = 0;
  // The most outputs of any of the network's layers: the activation values it holds per edge,
  // from which the pipeline estimates its memory (trackgnn/models/memory_budget.hpp). 0: the
  // backend cannot tell; the estimate then assumes MemoryConfig::assumed_width.
  virtual std::int64_t widest_layer() const { return 0; }
};

class ModelBackend {
 public:
  static constexpr const char* kind = "model backend";
  virtual ~ModelBackend() = default;
  virtual std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const = 0;
  virtual std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const = 0;
};

// The model layer's entry points for a host. Backends register when libtrackgnn loads; these
// functions live in the library, so calling them is what makes a linker that drops unused
// libraries (--as-needed) keep it.
// The names of the backends this build provides (torchscript, native; onnx when built with it).
std::vector<std::string> model_backends();
// Loads a model through the named backend; std::invalid_argument names the known backends.
std::unique_ptr<NodeModel> load_node_model(const std::string& backend, const ModelSpec& spec);
std::unique_ptr<EdgeModel> load_edge_model(const std::string& backend, const ModelSpec& spec);

}  // namespace trackgnn
