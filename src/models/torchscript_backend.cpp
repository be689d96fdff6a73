// TorchScript models through libtorch. For fp16/bf16 only the parameters (the layers' weights)
// are converted, once at load time; buffers (input standardisation) and the float32 inputs stay
// as they are, and the models cast to their weights' type after forming standardised inputs and
// hit-to-hit differences: converting the inputs too would move hits by millimetres in bf16 and
// cost much of the track efficiency (docs/benchmarks.md). Inputs and outputs are float32 at the
// interface, wrapped without copies.
//
// Any module with the field's signatures runs: embedding forward(x[N, F]) -> [N, D], edge
// classifiers forward(x[N, F], edge_index[2, E]) -> [E] or [E, 1]. Exports that take float64
// features or an int32 edge index (trained in float64, or traced with such example inputs) are
// found by trying those input types in turn when the model is loaded; the inputs are then
// converted on each call, and outputs of any floating type are written as float32.
#include <torch/script.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "models/torch_stream.hpp"
#include "models/torch_types.hpp"
#include "trackgnn/core/errors.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

using torch_backend::aten_device;
using torch_backend::scalar_type;

// The input types a module accepts, in the order they are tried: float32 features and int64
// edge indices (what trackgnn's own models take) first.
struct InputTypes {
  torch::ScalarType features = torch::kFloat;
  torch::ScalarType edge_index = torch::kLong;
};
const std::vector<InputTypes>& node_input_candidates() {
  static const std::vector<InputTypes> candidates{{torch::kFloat, torch::kLong}, {torch::kDouble, torch::kLong}};
  return candidates;
}
const std::vector<InputTypes>& edge_input_candidates() {
  static const std::vector<InputTypes> candidates{{torch::kFloat, torch::kLong},
                                                  {torch::kDouble, torch::kLong},
                                                  {torch::kFloat, torch::kInt},
                                                  {torch::kDouble, torch::kInt}};
  return candidates;
}

// A loaded module. forward() on one module is re-entrant, so every thread shares it.
class TorchScriptModel {
 public:
  explicit TorchScriptModel(const ModelSpec& spec) : spec_(spec) {
    if (spec.precision != Precision::fp32 && !spec.device.is_cuda())
      throw std::invalid_argument("precision " + to_string(spec.precision) + " needs a cuda device (" +
                                  spec.file.string() + ")");
    try {
      module_ = torch::jit::load(spec.file.string(), aten_device(spec.device));
    } catch (const c10::Error& error) {
      throw ModelError("cannot load TorchScript model " + spec.file.string() + ": " + error.what_without_backtrace());
    } catch (const std::exception& error) {
      throw ModelError("cannot load TorchScript model " + spec.file.string() + ": " + error.what());
    }
    module_.eval();
    if (spec.precision != Precision::fp32) {
      const auto type = scalar_type(spec.precision);
      for (auto parameter : module_.parameters()) parameter.set_data(parameter.to(type));
    }
    torch_backend::wait_for_loaded_weights(spec.device);
  }

  torch::Tensor features(const float* x, std::int64_t num_nodes, std::int64_t num_features) const {
    auto options = torch::TensorOptions().dtype(torch::kFloat).device(aten_device(spec_.device));
    return torch::from_blob(const_cast<float*>(x), {num_nodes, num_features}, options).to(input_types_.features);
  }

  torch::Tensor edges(const std::int64_t* edge_index, std::int64_t num_edges) const {
    auto options = torch::TensorOptions().dtype(torch::kLong).device(aten_device(spec_.device));
    return torch::from_blob(const_cast<std::int64_t*>(edge_index), {2, num_edges}, options).to(input_types_.edge_index);
  }

  torch::Tensor run(std::vector<torch::jit::IValue> inputs) const {
    try {
      return module_.forward(std::move(inputs)).toTensor();
    } catch (const c10::Error& error) {
      throw ModelError("TorchScript model " + spec_.file.string() + " failed: " + error.what_without_backtrace());
    } catch (const std::exception& error) {  // interpreter errors (torch::jit::JITException) are not c10::Error
      throw ModelError("TorchScript model " + spec_.file.string() + " failed: " + error.what());
    }
  }

  // Runs `probe` (which builds its inputs in input_types()) with each candidate's input types
  // until one succeeds, and keeps those types. When none does, the error is the
  // first candidate's: the one a model of trackgnn's own kind would give.
  template <typename Probe>
  torch::Tensor choose_input_types(const std::vector<InputTypes>& candidates, const Probe& probe) {
    std::string first_error;
    for (const InputTypes& candidate : candidates) {
      input_types_ = candidate;
      try {
        return probe();
      } catch (const ModelError& error) {
        if (first_error.empty()) first_error = error.what();
      }
    }
    input_types_ = candidates.front();
    throw ModelError(first_error);
  }

  const ModelSpec& spec() const { return spec_; }
  const InputTypes& input_types() const { return input_types_; }
  // The largest output count of the module's matrices (weights [outputs, inputs]).
  std::int64_t widest_layer() const {
    std::int64_t widest = 0;
    for (const auto& parameter : module_.parameters())
      if (parameter.dim() == 2) widest = std::max<std::int64_t>(widest, parameter.size(0));
    return widest;
  }

 private:
  ModelSpec spec_;
  mutable torch::jit::Module module_;
  InputTypes input_types_;
};

void copy_out(const torch::Tensor& result, float* output, const ModelSpec& spec, std::int64_t expected_elements) {
  if (result.numel() != expected_elements)
    throw ModelError("model " + spec.file.string() + " returned " + std::to_string(result.numel()) +
                     " values, expected " + std::to_string(expected_elements));
  if (!result.is_floating_point())
    throw ModelError("model " + spec.file.string() + " returned " + std::string(c10::toString(result.scalar_type())) +
                     " values, expected floating-point scores");
  auto destination = torch::from_blob(output, result.sizes(), torch::TensorOptions().dtype(torch::kFloat).device(result.device()));
  destination.copy_(result);
}

class TorchScriptNodeModel final : public NodeModel {
 public:
  explicit TorchScriptNodeModel(const ModelSpec& spec) : model_(spec) { output_dim_ = probe_output_dim(); }

  std::int64_t output_dim() const override { return output_dim_; }

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, float* output,
               const ExecutionContext& context) const override {
    if (num_nodes == 0) return;
    torch::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    auto result = model_.run({model_.features(x, num_nodes, num_features)});
    if (result.dim() != 2 || result.size(0) != num_nodes || result.size(1) != output_dim_)
      throw ModelError("embedding model " + model_.spec().file.string() + " returned shape " +
                       c10::str(result.sizes()) + ", expected [" + std::to_string(num_nodes) + ", " +
                       std::to_string(output_dim_) + "]");
    copy_out(result, output, model_.spec(), num_nodes * output_dim_);
  }

 private:
  // Runs two dummy spacepoints once: a model expecting another feature count fails here, at
  // load time, with a message naming the file, instead of in the middle of a run.
  std::int64_t probe_output_dim() {
    torch::InferenceMode inference;
    const auto& spec = model_.spec();
    const auto device = aten_device(spec.device);
    torch::Tensor result;
    try {
      result = model_.choose_input_types(node_input_candidates(), [&] {
        const auto options = torch::TensorOptions().dtype(model_.input_types().features).device(device);
        return model_.run({torch::zeros({kProbeNodes, spec.num_features}, options)});
      });
    } catch (const ModelError& error) {
      throw ModelError("embedding model " + spec.file.string() + " does not accept " +
                       std::to_string(spec.num_features) + " features as the model card says: " + error.what());
    }
    if (result.dim() != 2 || result.size(0) != kProbeNodes)
      throw ModelError("embedding model " + spec.file.string() + " must return [N, D], got " + c10::str(result.sizes()));
    return result.size(1);
  }

  static constexpr std::int64_t kProbeNodes = 2;
  TorchScriptModel model_;
  std::int64_t output_dim_ = 0;
};

class TorchScriptEdgeModel final : public EdgeModel {
 public:
  explicit TorchScriptEdgeModel(const ModelSpec& spec) : model_(spec) { probe(); }

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, const std::int64_t* edge_index,
               std::int64_t num_edges, float* logits, const ExecutionContext& context) const override {
    if (num_edges == 0) return;
    torch::InferenceMode inference;
    torch_backend::StreamGuard stream(context);
    auto result = model_.run({model_.features(x, num_nodes, num_features), model_.edges(edge_index, num_edges)});
    copy_out(result.reshape({-1}), logits, model_.spec(), num_edges);
  }

  std::int64_t widest_layer() const override { return model_.widest_layer(); }

 private:
  // One edge between two dummy spacepoints.
  void probe() {
    torch::InferenceMode inference;
    const auto& spec = model_.spec();
    const auto device = aten_device(spec.device);
    torch::Tensor result;
    try {
      result = model_.choose_input_types(edge_input_candidates(), [&] {
        const InputTypes& types = model_.input_types();
        auto x = torch::zeros({2, spec.num_features}, torch::TensorOptions().dtype(types.features).device(device));
        auto edges = torch::tensor({0, 1}, torch::TensorOptions().dtype(torch::kLong)).reshape({2, 1}).to(device, types.edge_index);
        return model_.run({x, edges});
      });
    } catch (const ModelError& error) {
      throw ModelError("edge model " + spec.file.string() + " does not accept (x[N, " + std::to_string(spec.num_features) +
                       "], edge_index[2, E]) as the model card says: " + error.what());
    }
    if (result.numel() != 1)
      throw ModelError("edge model " + spec.file.string() + " must return one value per edge, got " + c10::str(result.sizes()));
  }

  TorchScriptModel model_;
};

class TorchScriptBackend final : public ModelBackend {
 public:
  std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const override {
    return std::make_unique<TorchScriptNodeModel>(spec);
  }
  std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const override {
    return std::make_unique<TorchScriptEdgeModel>(spec);
  }
};

TRACKGNN_REGISTER(ModelBackendRegistry, "torchscript", [] { return std::make_unique<TorchScriptBackend>(); });

}  // namespace
}  // namespace trackgnn
