// The "onnx" model backend: embedding, filter and GNN models run by ONNX Runtime on the CPU.
// A model is checked against the model card when it is loaded (input and output types, the
// feature count F, one probe run) so that a mismatched model fails at once with its file name.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/onnx/onnx_session.hpp"
#include "trackgnn/core/errors.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace onnx_backend {
namespace {

bool is_tensor(const TensorSignature& tensor, ONNXTensorElementDataType type, std::size_t rank) {
  return tensor.element_type == type && tensor.shape.size() == rank;
}

// The features input x[N, F]: its F must be the model card's where the model fixes it.
void check_features_input(const OnnxSession& session, const TensorSignature& input) {
  const auto expected = session.spec().num_features;
  if (!input.is_dynamic(1) && input.shape[1] != expected)
    throw session.error("input '" + input.name + "' takes " + std::to_string(input.shape[1]) +
                        " features per spacepoint, the model card gives " + std::to_string(expected));
}

void check_feature_count(const OnnxSession& session, std::int64_t num_features) {
  if (num_features != session.spec().num_features)
    throw session.error("called with " + std::to_string(num_features) + " features per spacepoint, loaded for " +
                        std::to_string(session.spec().num_features));
}

// Two spacepoints of zeros, enough for a probe run.
constexpr std::int64_t kProbeNodes = 2;

class OnnxNodeModel final : public NodeModel {
 public:
  explicit OnnxNodeModel(const ModelSpec& spec) : session_(spec) {
    const auto& signature = session_.signature();
    if (signature.inputs.size() != 1 || !is_tensor(signature.inputs[0], ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 2))
      throw session_.error("an embedding model takes one input x: float[N, F]");
    if (signature.outputs.size() != 1 || !is_tensor(signature.outputs[0], ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 2))
      throw session_.error("an embedding model returns one output: float[N, D]");
    check_features_input(session_, signature.inputs[0]);
    input_names_ = {signature.inputs[0].name.c_str()};
    output_names_ = {signature.outputs[0].name.c_str()};
    output_dim_ = probe_output_dim();
  }

  std::int64_t output_dim() const override { return output_dim_; }

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, float* output,
               const ExecutionContext& /*context: cpu only, no stream*/) const override {
    if (num_nodes == 0) return;
    check_feature_count(session_, num_features);
    std::vector<Ort::Value> inputs;
    inputs.push_back(wrap_host_tensor(x, {num_nodes, num_features}));
    std::vector<Ort::Value> outputs;
    outputs.push_back(wrap_host_tensor(output, {num_nodes, output_dim_}));
    session_.run(input_names_, inputs, output_names_, outputs);
  }

 private:
  std::int64_t probe_output_dim() const {
    const auto num_features = session_.spec().num_features;
    std::vector<float> x(static_cast<std::size_t>(kProbeNodes * num_features), 0.0f);
    std::vector<Ort::Value> inputs;
    inputs.push_back(wrap_host_tensor(x.data(), {kProbeNodes, num_features}));
    auto outputs = session_.run(input_names_, inputs, output_names_);
    auto shape = outputs.at(0).GetTensorTypeAndShapeInfo().GetShape();
    if (shape.size() != 2 || shape[0] != kProbeNodes || shape[1] < 1)
      throw session_.error("probe with " + std::to_string(kProbeNodes) + " spacepoints did not return [" +
                           std::to_string(kProbeNodes) + ", D]");
    return shape[1];
  }

  OnnxSession session_;
  std::vector<const char*> input_names_;
  std::vector<const char*> output_names_;
  std::int64_t output_dim_ = 0;
};

class OnnxEdgeModel final : public EdgeModel {
 public:
  explicit OnnxEdgeModel(const ModelSpec& spec) : session_(spec) {
    const auto& signature = session_.signature();
    // Inputs are told apart by type, not by position or name, so either export order works.
    const TensorSignature* features = nullptr;
    const TensorSignature* edges = nullptr;
    for (const auto& input : signature.inputs) {
      if (is_tensor(input, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 2) && features == nullptr) features = &input;
      else if (is_tensor(input, ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, 2) && edges == nullptr) edges = &input;
    }
    if (signature.inputs.size() != 2 || features == nullptr || edges == nullptr)
      throw session_.error("an edge model takes two inputs, x: float[N, F] and edge_index: int64[2, E]");
    if (!edges->is_dynamic(0) && edges->shape[0] != 2)
      throw session_.error("input '" + edges->name + "' must be edge_index: int64[2, E]");
    if (signature.outputs.size() != 1 || signature.outputs[0].element_type != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT)
      throw session_.error("an edge model returns one output: float[E] logits");
    check_features_input(session_, *features);
    features_first_ = features == &signature.inputs[0];
    input_names_ = {signature.inputs[0].name.c_str(), signature.inputs[1].name.c_str()};
    output_names_ = {signature.outputs[0].name.c_str()};
    output_rank_ = probe_output_rank();
  }

  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, const std::int64_t* edge_index,
               std::int64_t num_edges, float* logits, const ExecutionContext& /*context: cpu only*/) const override {
    if (num_edges == 0) return;
    check_feature_count(session_, num_features);
    auto inputs = make_inputs(x, num_nodes, num_features, edge_index, num_edges);
    std::vector<Ort::Value> outputs;
    outputs.push_back(wrap_host_tensor(logits, output_shape(num_edges)));
    session_.run(input_names_, inputs, output_names_, outputs);
  }

 private:
  std::vector<Ort::Value> make_inputs(const float* x, std::int64_t num_nodes, std::int64_t num_features,
                                      const std::int64_t* edge_index, std::int64_t num_edges) const {
    std::vector<Ort::Value> inputs;
    inputs.push_back(wrap_host_tensor(x, {num_nodes, num_features}));
    inputs.push_back(wrap_host_tensor(edge_index, {2, num_edges}));
    if (!features_first_) std::swap(inputs[0], inputs[1]);
    return inputs;
  }

  // Logits come as [E] or [E, 1] depending on the export; the output tensor must match exactly.
  std::vector<std::int64_t> output_shape(std::int64_t num_edges) const {
    return output_rank_ == 1 ? std::vector<std::int64_t>{num_edges} : std::vector<std::int64_t>{num_edges, 1};
  }

  std::size_t probe_output_rank() const {
    const auto num_features = session_.spec().num_features;
    std::vector<float> x(static_cast<std::size_t>(kProbeNodes * num_features), 0.0f);
    const std::vector<std::int64_t> one_edge = {0, 1};
    auto outputs = session_.run(input_names_, make_inputs(x.data(), kProbeNodes, num_features, one_edge.data(), 1),
                                output_names_);
    auto shape = outputs.at(0).GetTensorTypeAndShapeInfo().GetShape();
    bool one_logit = (shape.size() == 1 && shape[0] == 1) || (shape.size() == 2 && shape[0] == 1 && shape[1] == 1);
    if (!one_logit) throw session_.error("probe with one edge did not return one logit ([E] or [E, 1])");
    return shape.size();
  }

  OnnxSession session_;
  bool features_first_ = true;
  std::vector<const char*> input_names_;
  std::vector<const char*> output_names_;
  std::size_t output_rank_ = 1;
};

class OnnxBackend final : public ModelBackend {
 public:
  std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const override {
    return std::make_unique<OnnxNodeModel>(spec);
  }
  std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const override {
    return std::make_unique<OnnxEdgeModel>(spec);
  }
};

TRACKGNN_REGISTER(ModelBackendRegistry, "onnx", [] { return std::make_unique<OnnxBackend>(); });

}  // namespace
}  // namespace onnx_backend
}  // namespace trackgnn
