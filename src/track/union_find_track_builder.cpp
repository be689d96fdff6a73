// Track candidates from the host union-find whatever the pipeline's device: on a cuda device the
// kept edges and scores come to the host first. The CPU half of the "CPU vs GPU connected
// components" comparison, and the way the original Exa.TrkX chain labelled (on the host).
#include "trackgnn/pipeline/stage_timer.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "trackgnn/track/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class UnionFindTrackBuilder final : public TrackBuilder {
 public:
  explicit UnionFindTrackBuilder(const TrackBuildingCard& card) : card_(card) {}

  std::string name() const override { return "union find (host)"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    ScopedStage stage(context, "Labeling");
    // The copies are part of the stage's cost: they are what labelling on the host means.
    const std::vector<std::int64_t> edge_index = graph.edge_index.to_host();
    const std::vector<float> scores = graph.edge_scores.to_host();
    const std::vector<std::int32_t> labels = connected_component_labels(
        graph.num_nodes, edge_index.data(), scores.empty() ? nullptr : scores.data(), graph.num_edges(),
        card_.score_cut);
    return TrackCandidates::from_labels(labels, static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER(TrackBuilderRegistry, "union_find", [](TrackBuildingCard card, Device) {
  return std::make_unique<UnionFindTrackBuilder>(card);
});

}  // namespace
}  // namespace trackgnn
