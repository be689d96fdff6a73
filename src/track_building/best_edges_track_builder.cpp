// Track candidates = simple paths of best edges (track/best_edge_selection.hpp): every junction
// of the scored graph keeps its best branch, so one wrong edge does not merge two tracks (as it
// does in connected components) and a lower score cut keeps more true edges than connected
// components can afford. On a cuda device the selection and the labelling stay on the GPU (only
// the labels are copied to the host); the host and the device give identical tracks.
#include <stdexcept>
#include <string>

#include "track_building/device/best_edge_selection.hpp"
#include "track_building/best_edge_selection.hpp"
#include "track_building/device_track_candidates.hpp"
#include "trackgnn/pipeline/stage_timer.hpp"
#include "trackgnn/track/connected_components.hpp"
#include "trackgnn/track/track_builder_registry.hpp"

namespace trackgnn {
namespace {

class BestEdgesTrackBuilder final : public TrackBuilder {
 public:
  explicit BestEdgesTrackBuilder(const TrackBuildingCard& card) : card_(card) {
    if (!(card_.score_cut >= 0.0f && card_.score_cut <= 1.0f))
      throw std::invalid_argument("best_edges track builder: score_cut " + std::to_string(card_.score_cut) +
                                  " outside [0, 1]");
  }

  std::string name() const override { return "best-edge paths"; }

  TrackCandidates build(const Graph& graph, const ExecutionContext& context) const override {
    ScopedStage stage(context, "Labeling");
    if (graph.num_edges() > 0 && graph.edge_scores.size() != static_cast<std::size_t>(graph.num_edges()))
      throw std::invalid_argument("best_edges track builder: the graph has " + std::to_string(graph.num_edges()) +
                                  " edges but " + std::to_string(graph.edge_scores.size()) +
                                  " scores (it needs an edge classifier's scores)");
    if (graph.device().is_cuda()) return build_on_device(graph, context);
    return TrackCandidates::from_labels(label_on_host(graph), static_cast<std::size_t>(card_.min_track_size));
  }

 private:
  TrackCandidates build_on_device(const Graph& graph, const ExecutionContext& context) const {
    Buffer<float> selection(graph.device(), context.stream);
    selection.resize(static_cast<std::size_t>(graph.num_edges()));
    cuda::select_best_edges(graph.edge_index.data(), graph.edge_scores.data(), graph.num_edges(), card_.score_cut,
                            graph.num_nodes, selection.data(), context.stream);
    return device_component_tracks(graph, selection.data(), card_.score_cut, card_.min_track_size, context);
  }

  std::vector<std::int32_t> label_on_host(const Graph& graph) const {
    const std::vector<float> selection = best_edge_selection(graph.num_nodes, graph.edge_index.data(),
                                                             graph.edge_scores.data(), graph.num_edges(), card_.score_cut);
    return connected_component_labels(graph.num_nodes, graph.edge_index.data(), selection.data(), graph.num_edges(),
                                      card_.score_cut);
  }

  TrackBuildingCard card_;
};

TRACKGNN_REGISTER(TrackBuilderRegistry, "best_edges",
                  [](TrackBuildingCard card, Device) { return std::make_unique<BestEdgesTrackBuilder>(card); });

}  // namespace
}  // namespace trackgnn
