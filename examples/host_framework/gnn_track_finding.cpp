#include "gnn_track_finding.hpp"

#include <trackgnn/event/spacepoints.hpp>
#include <trackgnn/pipeline/pipeline.hpp>

namespace host {

GnnTrackFinding::GnnTrackFinding(const Config& config) {
  trackgnn::PipelineConfig pipeline_config;
  pipeline_config.model_directory = config.model_directory;
  pipeline_config.device = trackgnn::Device::parse(config.device);
  pipeline_config.time_stages = true;
  pipeline_ = trackgnn::Pipeline::create(pipeline_config);  // models load once, here
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
