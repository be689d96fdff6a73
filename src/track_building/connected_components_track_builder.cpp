// Track candidates = connected components of the edges the GNN keeps, labelled where the graph
// lives: a GPU kernel on a cuda device (only the kept hits come back), union-find on the host.
#include "track_building/device_track_candidates.hpp"
#include "trackgnn/pipeline/stage_timer.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "trackgnn/track/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class ConnectedComponentsTrackBuilder final : public TrackBuilder {
 public:
  explicit ConnectedComponentsTrackBuilder(const TrackBuildingCard& card) : card_(card) {}

  std::string name() const override { return "connected components"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    ScopedStage stage(context, "Labeling");
    const float* scores = graph.edge_scores.empty() ? nullptr : graph.edge_scores.data();
    if (graph.device().is_cuda())
      return device_component_tracks(graph, scores, card_.score_cut, card_.min_track_size, context);
    return TrackCandidates::from_labels(
        connected_component_labels(graph.num_nodes, graph.edge_index.data(), scores, graph.num_edges(), card_.score_cut),
        static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER(TrackBuilderRegistry, "connected_components", [](TrackBuildingCard card, Device) {
  return std::make_unique<ConnectedComponentsTrackBuilder>(card);
});

}  // namespace
}  // namespace trackgnn
