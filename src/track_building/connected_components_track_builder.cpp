// Track candidates = connected components of the edges the GNN keeps, labelled on the host with
// union-find (the CUDA builder of the same name is device/connected_components_track_builder.cu).
#include "trackgnn/track/connected_components.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class ConnectedComponentsTrackBuilder final : public TrackBuilder {
 public:
  explicit ConnectedComponentsTrackBuilder(const TrackBuildingCard& card) : card_(card) {}

  std::string name() const override { return "connected components"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext&) const override {
    const float* scores = graph.edge_scores.empty() ? nullptr : graph.edge_scores.data();
    return TrackCandidates::from_labels(
        connected_component_labels(graph.num_nodes, graph.edge_index.data(), scores, graph.num_edges(), card_.score_cut),
        static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER_ON_DEVICE(TrackBuilderRegistry, "connected_components", DeviceKind::cpu,
                            [](Device, TrackBuildingCard card) {
                              return std::make_unique<ConnectedComponentsTrackBuilder>(card);
                            });

}  // namespace
}  // namespace trackgnn
