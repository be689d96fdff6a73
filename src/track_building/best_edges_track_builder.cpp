// Track candidates = simple paths of best edges (track_building/best_edge_selection.hpp): every
// junction of the scored graph keeps its best branch, so one wrong edge does not merge two tracks
// (as it does in connected components) and a lower score cut keeps more true edges than connected
// components can afford. This is the host builder; device/best_edges_track_builder.cu gives the
// identical tracks on a cuda device.
#include "track_building/best_edge_selection.hpp"
#include "track_building/track_builder_checks.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

constexpr const char* kBuilderName = "best_edges";

class BestEdgesTrackBuilder final : public TrackBuilder {
 public:
  explicit BestEdgesTrackBuilder(const TrackBuildingCard& card) : card_(card) {
    track_building::check_score_cut(kBuilderName, card_.score_cut);
  }

  std::string name() const override { return "best-edge paths"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext&) const override {
    track_building::check_every_edge_scored(kBuilderName, graph);
    const std::vector<float> selection = best_edge_selection(graph.num_nodes, graph.edge_index.data(),
                                                             graph.edge_scores.data(), graph.num_edges(), card_.score_cut);
    return TrackCandidates::from_labels(
        connected_component_labels(graph.num_nodes, graph.edge_index.data(), selection.data(), graph.num_edges(),
                                   card_.score_cut),
        static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER_ON_DEVICE(TrackBuilderRegistry, kBuilderName, DeviceKind::cpu,
                            [](Device, TrackBuildingCard card) { return std::make_unique<BestEdgesTrackBuilder>(card); });

}  // namespace
}  // namespace trackgnn
