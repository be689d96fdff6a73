#include "trackgnn/pipeline/event_runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "cuda/device_memory.hpp"
#include "trackgnn/io/stage_edges.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn {

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The worker's own stream for the whole run (none on the cpu).
class WorkerStream {
 public:
  explicit WorkerStream(Device device)
      : device_(device), stream_(device.is_cuda() ? cuda::create_stream(device.index) : nullptr) {}
  ~WorkerStream() { cuda::destroy_stream(device_.index, stream_); }
  WorkerStream(const WorkerStream&) = delete;
  WorkerStream& operator=(const WorkerStream&) = delete;
  Stream get() const { return stream_; }

 private:
  Device device_;
  Stream stream_;
};

}  // namespace

EventRunSummary run_events(const Pipeline& pipeline, const EventRunOptions& options,
                           const std::function<void()>& on_event_done) {
  EventRunSummary summary;
  std::mutex summary_mutex;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  io::ReadOptions read_options;
  read_options.truth = false;  // the pipeline never looks at truth

  auto work = [&] {
    try {
      WorkerStream stream(pipeline.device());
      for (std::size_t i = next++; i < options.event_ids.size() && !failed; i = next++) {
        const std::uint64_t event_id = options.event_ids[i];
        const double read_start = now_seconds();
        const Event event = io::read_event(options.input, event_id, read_options);
        const double read_seconds = now_seconds() - read_start;

        PipelineResult result = pipeline.run(event.spacepoints, stream.get());
        result.timer.add("Data loading", read_seconds);
        if (!options.output.empty()) {
          io::write_tracks(options.output, event_id, event.spacepoints, result.tracks);
          for (const auto& stage : result.stage_graphs)
            io::write_stage_edges(options.output, event_id, event.spacepoints, stage.stage, stage.edge_index,
                                  stage.edge_scores);
        }
        std::lock_guard<std::mutex> lock(summary_mutex);
        summary.timing.add(result.timer);
        summary.events += 1;
        summary.spacepoints += event.spacepoints.size();
        summary.tracks += result.tracks.size();
        if (on_event_done) on_event_done();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(summary_mutex);
      if (!failure) failure = std::current_exception();
      failed = true;
    }
  };

  const double start = now_seconds();
  const std::size_t threads = std::max<std::size_t>(1, std::min(options.threads, options.event_ids.size()));
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  summary.wall_seconds = now_seconds() - start;
  if (failure) std::rethrow_exception(failure);
  return summary;
}

}  // namespace trackgnn
