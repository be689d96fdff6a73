// Reading one simulated pileup-200 event on one core, as TrackML CSV (hits only, as inference
// reads them; with cells; with cells and truth, as eval reads them) and as a binary event: the
// rate one reader thread can feed to the pipeline.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace {

namespace fs = std::filesystem;
using namespace trackgnn;

constexpr double kPileup = 200;
constexpr std::uint64_t kEventId = 1;

// One simulated event written once per process as CSV and binary into a directory of its own.
struct WrittenEvent {
  fs::path directory;
  std::size_t hits = 0;

  WrittenEvent() {
    directory = fs::temp_directory_path() / ("trackgnn-bench-read-" + std::to_string(::getpid()));
    fs::create_directories(directory);
    simulation::SimulationConfig config;
    config.pileup = kPileup;
    const Event event = simulation::Simulator(simulation::Detector::trackml(), config).simulate(kEventId);
    hits = event.spacepoints.size();
    io::write_event(event, directory);
    io::write_binary_event(event, io::binary_event_path(directory, kEventId));
  }
  ~WrittenEvent() {
    std::error_code ignored;
    fs::remove_all(directory, ignored);
  }
};

const WrittenEvent& written_event() {
  static const WrittenEvent event;
  return event;
}

void count(benchmark::State& state, std::size_t hits) {
  state.counters["hits_per_event"] = benchmark::Counter(static_cast<double>(hits));
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void read_csv(benchmark::State& state, bool cells, bool truth) {
  const WrittenEvent& event = written_event();
  io::ReadOptions options;
  options.cells = cells;
  options.truth = truth;
  for (auto _ : state) benchmark::DoNotOptimize(io::read_event(event.directory, kEventId, options).spacepoints.x.data());
  count(state, event.hits);
}
BENCHMARK_CAPTURE(read_csv, hits, false, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(read_csv, hits_and_cells, true, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(read_csv, hits_cells_and_truth, true, true)->Unit(benchmark::kMillisecond)->UseRealTime();

void read_binary(benchmark::State& state) {
  const WrittenEvent& event = written_event();
  const fs::path file = io::binary_event_path(event.directory, kEventId);
  for (auto _ : state) benchmark::DoNotOptimize(io::read_binary_event(file).spacepoints.x.data());
  count(state, event.hits);
}
BENCHMARK(read_binary)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
