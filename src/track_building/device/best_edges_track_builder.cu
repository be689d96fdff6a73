// "best_edges" on a cuda device: the selection and the labelling stay on the GPU (only the kept
// tracks' hits come back); the same tracks as the host builder.
#include "track_building/device/best_edge_selection.hpp"
#include "track_building/device/device_track_candidates.hpp"
#include "track_building/track_builder_checks.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

constexpr const char* kBuilderName = "best_edges";

class CudaBestEdgesTrackBuilder final : public TrackBuilder {
 public:
  explicit CudaBestEdgesTrackBuilder(const TrackBuildingCard& card) : card_(card) {
    track_building::check_score_cut(kBuilderName, card_.score_cut);
  }

  std::string name() const override { return "best-edge paths (cuda)"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    track_building::check_every_edge_scored(kBuilderName, graph);
    Buffer<float> selection(graph.device(), context.stream);
    selection.resize(static_cast<std::size_t>(graph.num_edges()));
    cuda::select_best_edges(graph.edge_index.data(), graph.edge_scores.data(), graph.num_edges(), card_.score_cut,
                            graph.num_nodes, selection.data(), context.stream);
    return device_component_tracks(graph, selection.data(), card_.score_cut, card_.min_track_size, context);
  }

 private:
  TrackBuildingCard card_;
};

TRACKGNN_REGISTER_ON_DEVICE(TrackBuilderRegistry, kBuilderName, DeviceKind::cuda, [](Device, TrackBuildingCard card) {
  return std::make_unique<CudaBestEdgesTrackBuilder>(card);
});

}  // namespace
}  // namespace trackgnn
