// Track candidates = connected components of the edges the GNN keeps. On a cuda device the
// components are found on the GPU and only the labels come back.
#include "cuda/connected_components.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "trackgnn/track/track_builder_registry.hpp"
#include "trackgnn/pipeline/stage_timer.hpp"

namespace trackgnn {
namespace {

class ConnectedComponentsTrackBuilder final : public TrackBuilder {
 public:
  explicit ConnectedComponentsTrackBuilder(const TrackBuildingCard& card) : card_(card) {}

  std::string name() const override { return "connected components"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    ScopedStage stage(context, "Labeling");
    const float* scores = graph.edge_scores.empty() ? nullptr : graph.edge_scores.data();
    std::vector<std::int32_t> labels;
    if (context.device.is_cuda()) {
      Buffer<std::int32_t> device_labels(context.device, context.stream);
      device_labels.resize(static_cast<std::size_t>(graph.num_nodes));
      cuda::connected_components(graph.edge_index.data(), scores, graph.num_edges(), card_.score_cut, graph.num_nodes,
                                 device_labels.data(), context.stream);
      labels = device_labels.to_host();
    } else {
      labels = connected_component_labels(graph.num_nodes, graph.edge_index.data(), scores, graph.num_edges(),
                                          card_.score_cut);
    }
    return TrackCandidates::from_labels(labels, static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER(TrackBuilderRegistry, "connected_components", [](TrackBuildingCard card, Device) {
  return std::make_unique<ConnectedComponentsTrackBuilder>(card);
});

}  // namespace
}  // namespace trackgnn
