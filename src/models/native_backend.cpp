// The "native" model backend: the three networks (embedding, filter MLP, interaction network) run
// by our own forward pass (models/native/), matrix products in ATen and everything else in fused
// kernels, instead of TorchScript's interpreter and one PyTorch kernel per operation. It reads the
// same TorchScript files. Precision is handled as there: weights converted at load time, inputs
// and outputs float32. The embedding runs natively too because TorchScript's profiling executor
// re-specialises its fused kernels for each new event size (3.5 ms per fp16 event for a 0.5 ms model).
#include <c10/core/InferenceMode.h>

#include <stdexcept>
#include <string>
#include <variant>

#include "models/native/forward.hpp"
#include "models/native/fused_ops.hpp"
#include "models/native/network_weights.hpp"
#include "models/torch_stream.hpp"
#include "models/torch_types.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

using torch_backend::aten_device;

class NativeEdgeModel final : public EdgeModel {
 public:
  explicit NativeEdgeModel(const ModelSpec& spec) : spec_(spec), network_(native::load_edge_network(spec)) {}

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, const std::int64_t* edge_index,
               std::int64_t num_edges, float* logits, const ExecutionContext& context) const override {
    if (num_edges == 0) return;
    if (num_features != expected_features())
      throw std::invalid_argument("edge model " + spec_.file.string() + " reads " + std::to_string(expected_features()) +
                                  " features per node, got " + std::to_string(num_features));
    c10::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    const auto device = aten_device(spec_.device);
    const at::Tensor nodes = at::from_blob(const_cast<float*>(x), {num_nodes, num_features},
                                           at::TensorOptions().dtype(at::kFloat).device(device));
    const at::Tensor edges = at::from_blob(const_cast<std::int64_t*>(edge_index), {2, num_edges},
                                           at::TensorOptions().dtype(at::kLong).device(device));
    const native::FusedOps ops(spec_.device, spec_.precision, context.stream);
    // The fused kernels index without bounds checks: one pass over the edges keeps a bad edge
    // list an error instead of a read out of bounds.
    const std::int64_t bad = ops.count_out_of_range_endpoints(edges, num_nodes);
    if (bad > 0)
      throw std::invalid_argument("edge model " + spec_.file.string() + ": " + std::to_string(bad) +
                                  " edge endpoints outside the " + std::to_string(num_nodes) + " nodes");
    try {
      const at::Tensor result =
          std::visit([&](const auto& network) { return native::forward(network, nodes, edges, ops); }, network_);
      ops.copy_to_float(result, logits);
    } catch (const c10::Error& error) {
      throw ModelError("native forward of " + spec_.file.string() + " failed: " + error.what_without_backtrace());
    }
  }

 private:
  std::int64_t expected_features() const {
    return std::visit([](const auto& network) { return network.edge_inputs.num_features(); }, network_);
  }

  ModelSpec spec_;
  native::EdgeNetworkWeights network_;
};

class NativeNodeModel final : public NodeModel {
 public:
  explicit NativeNodeModel(const ModelSpec& spec) : spec_(spec), network_(native::load_node_network(spec)) {}

  std::int64_t output_dim() const override { return network_.output_dim(); }

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, float* output,
               const ExecutionContext& context) const override {
    if (num_nodes == 0) return;
    if (num_features != network_.num_features())
      throw std::invalid_argument("node model " + spec_.file.string() + " reads " +
                                  std::to_string(network_.num_features()) + " features per node, got " +
                                  std::to_string(num_features));
    c10::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    const at::Tensor nodes = at::from_blob(const_cast<float*>(x), {num_nodes, num_features},
                                           at::TensorOptions().dtype(at::kFloat).device(aten_device(spec_.device)));
    const native::FusedOps ops(spec_.device, spec_.precision, context.stream);
    try {
      ops.copy_to_float(native::forward(network_, nodes, ops), output);
    } catch (const c10::Error& error) {
      throw ModelError("native forward of " + spec_.file.string() + " failed: " + error.what_without_backtrace());
    }
  }

 private:
  ModelSpec spec_;
  native::EmbeddingWeights network_;
};

class NativeBackend final : public ModelBackend {
 public:
  std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const override {
    return std::make_unique<NativeNodeModel>(spec);
  }
  std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const override {
    return std::make_unique<NativeEdgeModel>(spec);
  }
};

TRACKGNN_REGISTER(ModelBackendRegistry, "native", [] { return std::make_unique<NativeBackend>(); });

}  // namespace
}  // namespace trackgnn
