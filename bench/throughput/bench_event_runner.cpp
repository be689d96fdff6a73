// Events per second of `run_events` (read, compute, write; models loaded once) against the
// number of worker threads, on simulated events of a given pileup read from disk.
//
//   bench_event_runner [--benchmark_filter=...]
//   TRACKGNN_MODEL_DIR=<models> bench_event_runner   (default: the shipped models)
//
// Arguments: threads / pileup / events per pass. Each thread count gets libtorch's intra-op
// pool sized by the same policy as `trackgnn run` (cores / threads), so T = 1 may use every core
// inside one model call and the comparison is against the best single-event configuration.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include "trackgnn/io/trackml_csv.hpp"
#include "models/threading.hpp"
#include "trackgnn/pipeline/event_runner.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace {

namespace fs = std::filesystem;

// Simulated once per (pileup, count) and kept for the process; removed at exit.
class EventSamples {
 public:
  ~EventSamples() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  const fs::path& directory(double pileup, std::size_t count) {
    const auto key = std::make_pair(pileup, count);
    auto found = directories_.find(key);
    if (found != directories_.end()) return found->second;
    const fs::path directory = root_ / ("mu" + std::to_string(static_cast<int>(pileup)) + "-" + std::to_string(count));
    trackgnn::simulation::SimulationConfig config;
    config.pileup = pileup;
    const trackgnn::simulation::Simulator simulator(trackgnn::simulation::Detector::trackml(), config);
    for (std::uint64_t id = 1; id <= count; ++id) trackgnn::io::write_event(simulator.simulate(id), directory);
    return directories_.emplace(key, directory).first->second;
  }

 private:
  fs::path root_ = fs::temp_directory_path() / ("trackgnn-bench-runner-" + std::to_string(::getpid()));
  std::map<std::pair<double, std::size_t>, fs::path> directories_;
};

EventSamples& samples() {
  static EventSamples instance;
  return instance;
}

const trackgnn::Pipeline& pipeline() {
  static const auto instance = trackgnn::Pipeline::from_card({});
  return *instance;
}

void BM_RunEvents(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  const auto pileup = static_cast<double>(state.range(1));
  const auto count = static_cast<std::size_t>(state.range(2));
  trackgnn::EventRunOptions options;
  options.input = samples().directory(pileup, count);
  options.event_ids = trackgnn::io::list_events(options.input);
  options.threads = threads;
  trackgnn::set_model_threads(trackgnn::model_threads_for_events_in_flight(threads));
  trackgnn::run_events(pipeline(), options);  // warm-up: page cache, allocator, model caches

  std::size_t spacepoints = 0;
  for (auto _ : state) spacepoints = trackgnn::run_events(pipeline(), options).spacepoints();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
  state.counters["spacepoints_per_event"] = static_cast<double>(spacepoints) / static_cast<double>(count);
  state.counters["model_threads"] = static_cast<double>(trackgnn::model_threads());
}

// threads, pileup, events per pass
BENCHMARK(BM_RunEvents)
    ->ArgNames({"threads", "pileup", "events"})
    ->Args({1, 10, 16})
    ->Args({2, 10, 16})
    ->Args({4, 10, 16})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

}  // namespace
