// "connected_components" on a cuda device: the components are labelled and compacted into
// tracks on the GPU, so only the kept tracks' hits come back to the host.
#include "track_building/device/device_track_candidates.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class CudaConnectedComponentsTrackBuilder final : public TrackBuilder {
 public:
  explicit CudaConnectedComponentsTrackBuilder(const TrackBuildingCard& card) : card_(card) {}

  std::string name() const override { return "connected components (cuda)"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    const float* scores = graph.edge_scores.empty() ? nullptr : graph.edge_scores.data();
    return device_component_tracks(graph, scores, card_.score_cut, card_.min_track_size, context);
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER_ON_DEVICE(TrackBuilderRegistry, "connected_components", DeviceKind::cuda,
                            [](Device, TrackBuildingCard card) {
                              return std::make_unique<CudaConnectedComponentsTrackBuilder>(card);
                            });

}  // namespace
}  // namespace trackgnn
