// The "native" model backend: the three networks (embedding, filter MLP, interaction network) run
// by our own forward pass (models/native/), matrix products in ATen and everything else in fused
// kernels, instead of TorchScript's interpreter and one PyTorch kernel per operation. It reads the
// same TorchScript files. Precision is handled as there: weights converted at load time, inputs
// and outputs float32. The embedding runs natively too because TorchScript's profiling executor
// re-specialises its fused kernels for each new event size, which costs several times the model
// itself (docs/benchmarks.md, "Model calls").
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

#include "models/native/forward.hpp"
#include "models/native/fused_ops.hpp"
#include "models/native/network_weights.hpp"
#include "models/torch_stream.hpp"
#include "models/torch_types.hpp"
#include "trackgnn/core/errors.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

using torch_backend::aten_device;

void check_feature_count(const ModelSpec& spec, const char* kind, std::int64_t expected, std::int64_t given) {
  if (given != expected)
    throw std::invalid_argument(std::string(kind) + " model " + spec.file.string() + " reads " +
                                std::to_string(expected) + " features per node, got " + std::to_string(given));
}

at::Tensor wrap_nodes(const float* x, std::int64_t num_nodes, std::int64_t num_features, Device device) {
  return at::from_blob(const_cast<float*>(x), {num_nodes, num_features},
                       at::TensorOptions().dtype(at::kFloat).device(aten_device(device)));
}

// Runs `forward` (which returns the network's output in the working precision) and writes it as
// float32; a libtorch failure inside becomes a ModelError naming the file.
template <typename Forward>
void run_forward(const ModelSpec& spec, const native::FusedOps& ops, float* output, const Forward& forward) {
  try {
    ops.copy_to_float(forward(), output);
  } catch (const c10::Error& error) {
    throw ModelError("native forward of " + spec.file.string() + " failed: " + error.what_without_backtrace());
  }
}

class NativeEdgeModel final : public EdgeModel {
 public:
  explicit NativeEdgeModel(const ModelSpec& spec) : spec_(spec), network_(native::load_edge_network(spec)) {}

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, const std::int64_t* edge_index,
               std::int64_t num_edges, float* logits, const ExecutionContext& context) const override {
    if (num_edges == 0) return;
    check_feature_count(spec_, "edge", expected_features(), num_features);
    c10::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    const at::Tensor nodes = wrap_nodes(x, num_nodes, num_features, spec_.device);
    const at::Tensor edges = at::from_blob(const_cast<std::int64_t*>(edge_index), {2, num_edges},
                                           at::TensorOptions().dtype(at::kLong).device(aten_device(spec_.device)));
    const native::FusedOps ops(spec_.device, spec_.precision, context.stream);
    // The fused kernels index without bounds checks: one pass over the edges keeps a bad edge
    // list an error instead of a read out of bounds.
    const std::int64_t bad = ops.count_out_of_range_endpoints(edges, num_nodes);
    if (bad > 0)
      throw std::invalid_argument("edge model " + spec_.file.string() + ": " + std::to_string(bad) +
                                  " edge endpoints outside the " + std::to_string(num_nodes) + " nodes");
    run_forward(spec_, ops, logits, [&] {
      return std::visit([&](const auto& network) { return native::forward(network, nodes, edges, ops); }, network_);
    });
  }

  std::int64_t widest_layer() const override {
    std::int64_t widest = 0;
    const auto widen = [&](const native::Mlp& mlp) {
      for (const auto& layer : mlp) widest = std::max(widest, layer.outputs());
    };
    if (const auto* gnn = std::get_if<native::InteractionNetworkWeights>(&network_)) {
      for (const auto* mlp : {&gnn->node_encoder, &gnn->edge_encoder, &gnn->edge_network, &gnn->node_network,
                              &gnn->output_network})
        widen(*mlp);
    } else {
      widen(std::get<native::EdgeFilterWeights>(network_).network);
    }
    return widest;
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
    check_feature_count(spec_, "node", network_.num_features(), num_features);
    c10::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    const at::Tensor nodes = wrap_nodes(x, num_nodes, num_features, spec_.device);
    const native::FusedOps ops(spec_.device, spec_.precision, context.stream);
    run_forward(spec_, ops, output, [&] { return native::forward(network_, nodes, ops); });
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
