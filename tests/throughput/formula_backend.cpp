// The fixed-formula models of models/make_models.py in plain C++, registered as "torchscript" in
// the sanitizer tests only (tests/sanitizers): they compile the library without libtorch (which is
// not built with the sanitizers), so the runner, pipeline, registries, buffers, radius search and
// track building all run instrumented. The formulas and constants must match make_models.py.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "trackgnn/core/errors.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

constexpr float kFilterReach = 0.06f;
constexpr float kGnnReach = 0.04f;
constexpr float kSharpness = 50.0f;
constexpr float kMinimumRadius = 1e-6f;
constexpr std::int64_t kDirectionDim = 3;

// Reads the phi scale from the card beside the model file, as make_models.py does.
float phi_scale(const ModelSpec& spec) {
  const ModelCard card = ModelCard::load(spec.file.parent_path());
  for (const auto& feature : card.features)
    if (feature.name == "phi") return feature.scale;
  throw ModelError("formula model " + spec.file.string() + ": the card has no phi feature");
}

void direction(const float* node, float scale, float* out) {
  const float r = node[0], phi = node[1] * scale, z = node[2];
  out[0] = std::cos(phi);
  out[1] = std::sin(phi);
  out[2] = std::asinh(z / std::max(r, kMinimumRadius)) / 2;
}

class DirectionEmbedding final : public NodeModel {
 public:
  explicit DirectionEmbedding(const ModelSpec& spec) : scale_(phi_scale(spec)) {}
  std::int64_t output_dim() const override { return kDirectionDim; }
  void forward(const float* x, std::int64_t num_nodes, std::int64_t num_features, float* output,
               const ExecutionContext&) const override {
    for (std::int64_t n = 0; n < num_nodes; ++n) direction(x + n * num_features, scale_, output + n * kDirectionDim);
  }

 private:
  float scale_;
};

class DistanceEdgeScore final : public EdgeModel {
 public:
  DistanceEdgeScore(const ModelSpec& spec, float reach) : scale_(phi_scale(spec)), reach_(reach) {}
  void forward(const float* x, std::int64_t, std::int64_t num_features, const std::int64_t* edge_index,
               std::int64_t num_edges, float* logits, const ExecutionContext&) const override {
    float a[kDirectionDim], b[kDirectionDim];
    for (std::int64_t e = 0; e < num_edges; ++e) {
      direction(x + edge_index[e] * num_features, scale_, a);
      direction(x + edge_index[num_edges + e] * num_features, scale_, b);
      float squared = 0;
      for (std::int64_t d = 0; d < kDirectionDim; ++d) squared += (a[d] - b[d]) * (a[d] - b[d]);
      logits[e] = kSharpness * (reach_ - std::sqrt(squared));
    }
  }

 private:
  float scale_;
  float reach_;
};

class FormulaBackend final : public ModelBackend {
 public:
  std::unique_ptr<NodeModel> load_node_model(const ModelSpec& spec) const override {
    return std::make_unique<DirectionEmbedding>(spec);
  }
  std::unique_ptr<EdgeModel> load_edge_model(const ModelSpec& spec) const override {
    const bool gnn = spec.file.stem() == "gnn";
    return std::make_unique<DistanceEdgeScore>(spec, gnn ? kGnnReach : kFilterReach);
  }
};

TRACKGNN_REGISTER(ModelBackendRegistry, "torchscript", [] { return std::make_unique<FormulaBackend>(); });

}  // namespace
}  // namespace trackgnn
