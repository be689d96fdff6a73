#pragma once
// Runs a pipeline made from a model card and keeps a host copy of the graph after each stage
// (trackgnn/pipeline/stage_graphs.hpp): what the physics and backend tests compare.
#include <vector>

#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/pipeline/stage_graphs.hpp"

namespace trackgnn::testing {

struct RecordedRun {
  TrackCandidates tracks;
  StageTimes stage_times;
  std::vector<StageGraph> stage_graphs;  // build_edges, filtering, gnn
};

inline RecordedRun run_keeping_stage_graphs(const Pipeline& pipeline, const Spacepoints& spacepoints,
                                            const Cells& cells = {}, Stream stream = nullptr) {
  StageGraphRecorder recorder(pipeline.card());
  PipelineResult result = pipeline.run(spacepoints, cells, stream, recorder.inspector());
  return {std::move(result.tracks), std::move(result.stage_times), recorder.graphs()};
}

}  // namespace trackgnn::testing
