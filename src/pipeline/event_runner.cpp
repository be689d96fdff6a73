#include "trackgnn/pipeline/event_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/device/device_memory.hpp"
#include "trackgnn/io/stage_edges.hpp"
#include "trackgnn/io/event_source.hpp"

namespace trackgnn {

namespace {
// One stage's edges and scores, copied to the host for the output files.
struct StageEdges {
  Stage stage;
  std::vector<std::int64_t> edge_index;
  std::vector<float> edge_scores;
};

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Stops every thread of the run at the first failure and keeps that failure to rethrow.
class FailureLatch {
 public:
  void record(std::exception_ptr failure) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failure_) failure_ = std::move(failure);
    failed_ = true;
  }
  bool failed() const { return failed_; }
  void rethrow_if_failed() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  std::mutex mutex_;
  std::atomic<bool> failed_{false};
  std::exception_ptr failure_;
};

struct ReadEvent {
  Event event;
  double read_seconds = 0;
};

// Events read ahead by reader threads, in dispatch order, at most `capacity` waiting at a time
// (a reader takes its place in the queue before reading, so memory stays bounded).
class ReadAheadQueue {
 public:
  ReadAheadQueue(const EventRunOptions& options, FailureLatch& failure)
      : options_(options), capacity_(options.resolved_read_ahead()), failure_(failure) {
    read_options_.truth = false;  // the pipeline never looks at truth
  }

  // Reader thread body: reads until every event is claimed or the run failed.
  void read_all() {
    try {
      while (true) {
        std::size_t index = 0;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          space_.wait(lock, [&] { return reserved_ < capacity_ || failure_.failed(); });
          if (failure_.failed() || next_ >= options_.event_ids.size()) return;
          index = next_++;
          ++reserved_;
        }
        const double start = now_seconds();
        ReadEvent read{io::read_event_any_format(options_.input, options_.event_ids[index], read_options_), 0.0};
        read.read_seconds = now_seconds() - start;
        std::lock_guard<std::mutex> lock(mutex_);
        ready_.push_back(std::move(read));
        ready_changed_.notify_one();
      }
    } catch (...) {
      failure_.record(std::current_exception());
      wake_all();
    }
  }

  // The next read event, or nothing once all are taken or the run failed.
  std::optional<ReadEvent> take() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_changed_.wait(lock, [&] { return !ready_.empty() || taken_ == options_.event_ids.size() || failure_.failed(); });
    if (failure_.failed() || ready_.empty()) return std::nullopt;
    ReadEvent read = std::move(ready_.front());
    ready_.pop_front();
    ++taken_;
    --reserved_;
    space_.notify_one();
    if (taken_ == options_.event_ids.size()) ready_changed_.notify_all();
    return read;
  }

  void wake_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    space_.notify_all();
    ready_changed_.notify_all();
  }

 private:
  const EventRunOptions& options_;
  const std::size_t capacity_;
  FailureLatch& failure_;
  io::ReadOptions read_options_;
  std::mutex mutex_;
  std::condition_variable space_;
  std::condition_variable ready_changed_;
  std::deque<ReadEvent> ready_;
  std::size_t next_ = 0;      // next index to read
  std::size_t reserved_ = 0;  // queue places held by readers or filled
  std::size_t taken_ = 0;     // events handed to workers
};

// A fixed set of compute slots, each owning a CUDA stream (none on the cpu) for the whole run, so
// the device memory pool and libtorch's caches see the same few streams event after event.
class ComputeSlots {
 public:
  ComputeSlots(Device device, std::size_t count) : device_(device) {
    for (std::size_t s = 0; s < count; ++s)
      free_.push_back(device.is_cuda() ? cuda::create_stream(device.index) : nullptr);
    streams_ = free_;
  }
  ~ComputeSlots() {
    for (Stream stream : streams_) cuda::destroy_stream(device_.index, stream);
  }
  ComputeSlots(const ComputeSlots&) = delete;
  ComputeSlots& operator=(const ComputeSlots&) = delete;
  const std::vector<Stream>& streams() const { return streams_; }

  class Lease {
   public:
    Lease(ComputeSlots& slots, Stream stream) : slots_(slots), stream_(stream) {}
    ~Lease() { slots_.release(stream_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Stream stream() const { return stream_; }

   private:
    ComputeSlots& slots_;
    Stream stream_;
  };

  std::unique_ptr<Lease> acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    Stream stream = free_.back();
    free_.pop_back();
    return std::make_unique<Lease>(*this, stream);
  }

 private:
  void release(Stream stream) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(stream);
    available_.notify_one();
  }

  Device device_;
  std::vector<Stream> streams_;
  std::vector<Stream> free_;
  std::mutex mutex_;
  std::condition_variable available_;
};

std::size_t or_threads(std::size_t value, std::size_t threads) { return value > 0 ? value : threads; }

}  // namespace

std::size_t EventRunOptions::resolved_streams() const {
  if (threads == 0) throw std::invalid_argument("the event runner needs at least one thread");
  return std::min(or_threads(streams, threads), threads);
}
std::size_t EventRunOptions::resolved_readers() const {
  if (threads == 0) throw std::invalid_argument("the event runner needs at least one thread");
  return or_threads(readers, threads);
}
std::size_t EventRunOptions::resolved_read_ahead() const {
  if (threads == 0) throw std::invalid_argument("the event runner needs at least one thread");
  return or_threads(read_ahead, threads);
}

std::size_t EventRunSummary::spacepoints() const {
  std::size_t total = 0;
  for (const auto& record : records) total += record.spacepoints;
  return total;
}

std::size_t EventRunSummary::tracks() const {
  std::size_t total = 0;
  for (const auto& record : records) total += record.tracks;
  return total;
}

TimingSummary EventRunSummary::timing() const {
  TimingSummary summary;
  for (const auto& record : records) summary.add(record.stage_times);
  return summary;
}

EventRunSummary run_events(const Pipeline& pipeline, const EventRunOptions& options,
                           const std::function<void(const EventOutcome&)>& on_event_done) {
  const std::size_t events = options.event_ids.size();
  const std::size_t threads = std::max<std::size_t>(1, std::min(options.threads, events));
  const std::size_t readers = std::min(options.resolved_readers(), std::max<std::size_t>(1, events));
  if (!options.output.empty()) std::filesystem::create_directories(options.output);

  EventRunSummary summary;
  summary.records.reserve(events);
  std::mutex done_mutex;
  FailureLatch failure;
  ReadAheadQueue queue(options, failure);
  ComputeSlots slots(pipeline.device(), options.resolved_streams());
  // Pools and caches are per stream: each slot's is warmed (from_card warmed the default stream).
  std::vector<Stream> slot_streams;
  for (Stream stream : slots.streams())
    if (stream != nullptr) slot_streams.push_back(stream);
  pipeline.warm_up(slot_streams);

  auto work = [&] {
    try {
      while (auto read = queue.take()) {
        const Event& event = read->event;
        // Host copies of each stage's edges, written with the tracks.
        std::vector<StageEdges> stage_edges;
        GraphInspector keep_stage_edges;
        if (options.write_stage_edges)
          keep_stage_edges = [&](Stage stage, const Graph& graph) {
            stage_edges.push_back({stage, graph.edge_index.to_host(), graph.edge_scores.to_host()});
          };
        PipelineResult result;
        {
          const auto lease = slots.acquire();
          try {
            result = pipeline.run(event.spacepoints, event.cells, lease->stream(), keep_stage_edges);
          } catch (const MemoryBudgetError& error) {
            throw MemoryBudgetError("event " + std::to_string(event.event_id) + " (" +
                                    std::to_string(event.spacepoints.size()) + " spacepoints): " + error.what());
          }
        }
        result.stage_times.add(Stage::reading, read->read_seconds);
        if (!options.output.empty()) {
          io::write_tracks(options.output, event.event_id, event.spacepoints, result.tracks);
          for (const auto& edges : stage_edges)
            io::write_stage_edges(options.output, event.event_id, event.spacepoints, stage_key(edges.stage),
                                  edges.edge_index, edges.edge_scores);
        }
        std::lock_guard<std::mutex> lock(done_mutex);
        summary.records.push_back({event.event_id, event.spacepoints.size(), result.tracks.size(), result.stage_times});
        if (on_event_done) on_event_done({event, result});
      }
    } catch (...) {
      failure.record(std::current_exception());
      queue.wake_all();
    }
  };

  const double start = now_seconds();
  std::vector<std::thread> pool;
  for (std::size_t r = 0; r < readers; ++r) pool.emplace_back([&] { queue.read_all(); });
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  summary.wall_seconds = now_seconds() - start;
  failure.rethrow_if_failed();
  std::sort(summary.records.begin(), summary.records.end(),
            [](const EventRecord& a, const EventRecord& b) { return a.event_id < b.event_id; });
  return summary;
}

Device device_for_local_rank(Device requested, int local_rank) {
  if (!requested.is_cuda()) return requested;
  if (local_rank < 0) throw std::invalid_argument("local rank must be >= 0, got " + std::to_string(local_rank));
  const int devices = cuda::device_count();
  if (devices <= 0) throw std::runtime_error("device " + requested.str() + " requested but no CUDA device is visible");
  return Device::cuda((requested.index + local_rank) % devices);
}

}  // namespace trackgnn
