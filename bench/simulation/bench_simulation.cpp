// Simulation speed on one core: whole events (generation, propagation, digitisation, noise,
// truth) at several pileups; the issue asks for at least one pileup-200 event per second.
#include <benchmark/benchmark.h>

#include "trackgnn/simulation/simulator.hpp"

namespace {

using trackgnn::simulation::Detector;
using trackgnn::simulation::SimulationConfig;
using trackgnn::simulation::Simulator;

void simulate_events(benchmark::State& state) {
  SimulationConfig config;
  config.pileup = static_cast<double>(state.range(0));
  const Simulator simulator(Detector::trackml(), config);
  std::uint64_t event_id = 1;
  std::size_t hits = 0;
  for (auto _ : state) {
    const auto event = simulator.simulate(event_id++);
    hits += event.spacepoints.size();
    benchmark::DoNotOptimize(event.spacepoints.x.data());
  }
  state.counters["hits_per_event"] = benchmark::Counter(static_cast<double>(hits) / state.iterations());
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["hits_per_second"] = benchmark::Counter(static_cast<double>(hits), benchmark::Counter::kIsRate);
}
BENCHMARK(simulate_events)->ArgName("pileup")->Arg(50)->Arg(200)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
