#pragma once
// Runs many events through one Pipeline with several worker threads. Each worker reads its next
// event itself, so reading one event overlaps computing others, and has its own CUDA stream on
// a cuda device. Per-event results do not depend on the number of threads.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/pipeline/timing_summary.hpp"

namespace trackgnn {

struct EventRunOptions {
  std::filesystem::path input;             // TrackML CSV directory
  std::vector<std::uint64_t> event_ids;    // events to run, in this order of dispatch
  std::filesystem::path output;            // tracks (and edges) go here; empty: write nothing
  std::size_t threads = 1;
  bool write_stage_edges = false;          // eventNNNNNNNNN-edges-<stage>.csv for `trackgnn eval`
};

struct EventRunSummary {
  TimingSummary timing;
  std::size_t events = 0;
  std::size_t spacepoints = 0;
  std::size_t tracks = 0;
  double wall_seconds = 0;
};

// Calls on_event_done (from worker threads, serialised) after each event. The first failing
// event stops the run: its exception is rethrown here once all workers have stopped.
EventRunSummary run_events(const Pipeline& pipeline, const EventRunOptions& options,
                           const std::function<void()>& on_event_done = {});

}  // namespace trackgnn
