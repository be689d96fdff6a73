// Track candidates = connected components of the edges the GNN keeps. "connected_components"
// labels where the graph lives (GPU kernel on a cuda device: only the labels come back);
// "union_find" always labels on the host, copying edges and scores there first, as the original
// Exa.TrkX chain did: the CPU half of the CPU-vs-GPU labelling comparison.
#include "track/device_track_candidates.hpp"
#include "trackgnn/pipeline/stage_timer.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "trackgnn/track/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class ConnectedComponentsTrackBuilder final : public TrackBuilder {
 public:
  ConnectedComponentsTrackBuilder(const TrackBuildingCard& card, bool label_on_host)
      : card_(card), label_on_host_(label_on_host) {}

  std::string name() const override { return label_on_host_ ? "union find (host)" : "connected components"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    ScopedStage stage(context, "Labeling");
    if (context.device.is_cuda() && !label_on_host_) return build_on_device(graph, context);
    return TrackCandidates::from_labels(label_on_host(graph), static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackCandidates build_on_device(const Graph& graph, const ExecutionContext& context) const {
    return device_component_tracks(graph, graph.edge_scores.empty() ? nullptr : graph.edge_scores.data(),
                                   card_.score_cut, card_.min_track_size, context);
  }

  std::vector<std::int32_t> label_on_host(const Graph& graph) const {
    // On a cuda device the copies are part of the stage's cost: they are what host labelling means.
    const bool on_host = !graph.device().is_cuda();
    std::vector<std::int64_t> edge_copy;
    std::vector<float> score_copy;
    if (!on_host) {
      edge_copy = graph.edge_index.to_host();
      score_copy = graph.edge_scores.to_host();
    }
    const std::int64_t* edges = on_host ? graph.edge_index.data() : edge_copy.data();
    const float* scores = graph.edge_scores.empty() ? nullptr : (on_host ? graph.edge_scores.data() : score_copy.data());
    return connected_component_labels(graph.num_nodes, edges, scores, graph.num_edges(), card_.score_cut);
  }

  TrackBuildingCard card_;
  bool label_on_host_;
};

TRACKGNN_REGISTER(TrackBuilderRegistry, "connected_components", [](TrackBuildingCard card, Device) {
  return std::make_unique<ConnectedComponentsTrackBuilder>(card, false);
});
TRACKGNN_REGISTER(TrackBuilderRegistry, "union_find", [](TrackBuildingCard card, Device) {
  return std::make_unique<ConnectedComponentsTrackBuilder>(card, true);
});

}  // namespace
}  // namespace trackgnn
