#pragma once
// Runs many events through one Pipeline (models loaded once) with several worker threads.
//
// Reader threads read events ahead, in dispatch order, into a bounded queue, so reading the next
// events overlaps computing the current ones even with one worker. A worker takes the next read
// event, computes it in one of `streams` compute slots (each with its own CUDA stream on a cuda
// device, reused for the whole run) and writes its tracks outside the slot. Per-event results do
// not depend on the number of threads, readers or streams: only the order of completion does.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "trackgnn/core/device.hpp"
#include "trackgnn/event/event.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/pipeline/stage_times.hpp"
#include "trackgnn/pipeline/timing_summary.hpp"

namespace trackgnn {

struct EventRunOptions {
  std::filesystem::path input;             // TrackML CSV directory
  std::vector<std::uint64_t> event_ids;    // events to run, in this order of dispatch
  std::filesystem::path output;            // tracks (and edges) go here; empty: write nothing
  std::size_t threads = 1;                 // worker threads (events in flight)
  // Events computing at once, each with its own CUDA stream (0: as many as threads). Fewer slots
  // than threads leave the extra workers writing results while the slots compute.
  std::size_t streams = 0;
  std::size_t readers = 0;                 // threads reading events ahead (0: as many as threads)
  std::size_t read_ahead = 0;              // events read but not yet taken, at most (0: as many as threads)
  bool write_stage_edges = false;          // eventNNNNNNNNN-edges-<stage>.csv for `trackgnn eval`

  // The counts above with their defaults resolved; std::invalid_argument for zero threads.
  std::size_t resolved_streams() const;
  std::size_t resolved_readers() const;
  std::size_t resolved_read_ahead() const;
};

// One finished event: what the combined timing table of several processes is built from.
struct EventRecord {
  std::uint64_t event_id = 0;
  std::size_t spacepoints = 0;
  std::size_t tracks = 0;
  StageTimes stage_times;  // the pipeline's stages plus Stage::reading (reading the files)
};

struct EventRunSummary {
  std::vector<EventRecord> records;  // one per event, ascending event id
  double wall_seconds = 0;

  std::size_t events() const { return records.size(); }
  std::size_t spacepoints() const;
  std::size_t tracks() const;
  TimingSummary timing() const;
  double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(events()) / wall_seconds : 0.0; }
};

// What a finished event hands to the caller's callback.
struct EventOutcome {
  const Event& event;
  const PipelineResult& result;
};

// Calls on_event_done (from worker threads, one call at a time) after each event. The first
// failing event stops the run: its exception is rethrown here once all threads have stopped.
EventRunSummary run_events(const Pipeline& pipeline, const EventRunOptions& options,
                           const std::function<void(const EventOutcome&)>& on_event_done = {});

// The device a process with this node-local rank should use when `requested` is asked for:
// on cuda, device (requested.index + local_rank) modulo the visible devices, so the ranks of one
// node spread over its GPUs; the cpu stays the cpu.
Device device_for_local_rank(Device requested, int local_rank);

}  // namespace trackgnn
