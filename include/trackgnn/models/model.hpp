#pragma once
// Model backends (TorchScript, ONNX Runtime, ...). A backend is one file implementing
// ModelBackend plus one TRACKGNN_REGISTER line. Pointers are on the context's device.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "trackgnn/core/registry.hpp"
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
};

class ModelBackend {
 public:
  static constexpr const char* kind = "model backend";
  virtual ~ModelBackend() = default;
  virtual std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const = 0;
  virtual std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const = 0;
};

using ModelBackendRegistry = Registry<ModelBackend>;

}  // namespace trackgnn
