#include "gnn_track_finding.hpp"

#include <trackgnn/event/spacepoints.hpp>
#include <trackgnn/graph/metric_learning.hpp>
#include <trackgnn/models/model_edge_classifier.hpp>
#include <trackgnn/pipeline/pipeline.hpp>
#include <trackgnn/track/track_builder.hpp>

namespace host {

// The host builds each stage itself (here from the model card's numbers; a framework would take
// them from its own configuration) and hands them to the pipeline.
GnnTrackFinding::GnnTrackFinding(const Config& config) {
  const trackgnn::ModelCard card = trackgnn::ModelCard::load(
      config.model_directory.empty() ? trackgnn::default_model_directory() : config.model_directory);
  const trackgnn::Device device = trackgnn::Device::parse(config.device);
  const auto model = [&](const trackgnn::ModelFiles& files) {
    return trackgnn::ModelSpec{card.model_file(files, card.backend), device, card.precision, card.num_features()};
  };

  trackgnn::MetricLearningConfig graph_building;
  graph_building.backend = card.backend;
  graph_building.embedding = model(card.embedding.files);
  graph_building.embedding_dim = card.embedding.output_dim;
  graph_building.radius = card.embedding.radius;
  graph_building.max_neighbours = card.embedding.max_neighbours;
  graph_building.radius_search = card.radius_search;

  std::vector<std::unique_ptr<trackgnn::EdgeClassifier>> classifiers;
  classifiers.push_back(trackgnn::make_model_edge_classifier(
      {trackgnn::Stage::filtering, card.backend, model(card.filter.files), card.filter, /*chunkable=*/true}));
  classifiers.push_back(trackgnn::make_model_edge_classifier(
      {trackgnn::Stage::gnn, card.backend, model(card.gnn.files), card.gnn, /*chunkable=*/false}));

  trackgnn::PipelineOptions options;
  options.device = device;
  options.features = card.features;
  if (trackgnn::needs_cluster_shapes(card.features)) options.detector_file = card.detector_file();
  options.time_stages = true;
  // Models load once, here.
  pipeline_ = std::make_unique<trackgnn::Pipeline>(trackgnn::make_metric_learning_graph_builder(graph_building),
                                                   std::move(classifiers),
                                                   trackgnn::make_track_builder(card.track_building, device), options);
}

GnnTrackFinding::~GnnTrackFinding() = default;

TrackFindingResult GnnTrackFinding::execute(const EventData& event) const {
  trackgnn::Spacepoints spacepoints;
  spacepoints.reserve(event.spacepoints.size());
  for (const SpacePoint& point : event.spacepoints)
    spacepoints.push_back(point.source_link, static_cast<float>(point.x), static_cast<float>(point.y),
                          static_cast<float>(point.z), point.volume_id, point.layer_id, point.module_id);
  spacepoints.derive_cylindrical();

  // Thread-safe: the pipeline is shared, everything of this event belongs to this call.
  const trackgnn::PipelineResult result = pipeline_->run(spacepoints);

  TrackFindingResult found;
  for (std::size_t t = 0; t < result.tracks.size(); ++t) {
    ProtoTrack& track = found.tracks.emplace_back();
    for (auto hit = result.tracks.track_begin(t); hit != result.tracks.track_end(t); ++hit)
      track.push_back(event.spacepoints[static_cast<std::size_t>(*hit)].source_link);
  }
  for (const auto& [stage, seconds] : result.stage_times.entries())
    found.stage_seconds[trackgnn::stage_title(stage)] += seconds;
  return found;
}

}  // namespace host
