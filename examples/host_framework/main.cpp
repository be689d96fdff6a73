// A host framework feeding trackgnn from several threads: events come from the framework's own
// generator (here trackgnn's simulation, converted to the framework's types), every event is
// processed by GnnTrackFinding::execute on whichever thread is free, and the results must equal
// those of a one-thread pass. One deliberately broken event (a NaN coordinate) must be refused
// with an exception for that event alone. Exit status 0 when all of that holds.
//
//   host_framework [--models DIR] [--events N] [--threads T] [--device cpu|cuda]
#include <trackgnn/simulation/simulator.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

#include "event_loop.hpp"
#include "gnn_track_finding.hpp"

namespace {

struct Arguments {
  std::string models;
  std::string device = "cpu";
  std::size_t events = 16;
  std::size_t threads = 4;
};

Arguments parse(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--models") arguments.models = value;
    else if (name == "--device") arguments.device = value;
    else if (name == "--events") arguments.events = std::stoul(value);
    else if (name == "--threads") arguments.threads = std::stoul(value);
    else throw std::invalid_argument("unknown option " + name);
  }
  if (argc % 2 == 0) throw std::invalid_argument(std::string("option ") + argv[argc - 1] + " has no value");
  return arguments;
}

// The framework's generator: a few pileup vertices per event, converted to its own space points.
std::vector<host::EventData> generate(std::size_t count) {
  trackgnn::simulation::SimulationConfig config;
  config.seed = 11;
  config.pileup = 3;
  config.hard_scatter = trackgnn::simulation::HardScatter::ttbar;
  const trackgnn::simulation::Simulator simulator(trackgnn::simulation::Detector::trackml(), config);
  std::vector<host::EventData> events;
  for (std::uint64_t number = 0; number < count; ++number) {
    const trackgnn::Event simulated = simulator.simulate(number);
    host::EventData& event = events.emplace_back();
    event.event_number = number;
    const auto& hits = simulated.spacepoints;
    for (std::size_t i = 0; i < hits.size(); ++i)
      event.spacepoints.push_back({hits.hit_id[i], hits.x[i], hits.y[i], hits.z[i], hits.volume_id[i],
                                   hits.layer_id[i], hits.module_id[i]});
  }
  return events;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run(const Arguments& arguments) {
  const host::GnnTrackFinding finding({arguments.models, arguments.device});
  std::vector<host::EventData> events = generate(arguments.events);
  // The broken event: the library must refuse it with an exception, not crash or return garbage.
  host::EventData broken = events.front();
  broken.event_number = events.size();
  broken.spacepoints.front().z = std::numeric_limits<double>::quiet_NaN();
  events.push_back(broken);
  const std::size_t broken_index = events.size() - 1;

  std::vector<host::TrackFindingResult> concurrent(events.size()), serial(events.size());
  const auto start = std::chrono::steady_clock::now();
  const auto failures = host::process_events(events.size(), arguments.threads,
                                             [&](std::size_t e) { concurrent[e] = finding.execute(events[e]); });
  const double concurrent_seconds = seconds_since(start);
  host::process_events(events.size(), 1, [&](std::size_t e) { serial[e] = finding.execute(events[e]); });

  int problems = 0;
  std::size_t tracks = 0;
  for (std::size_t e = 0; e < events.size(); ++e) {
    if (e == broken_index) continue;
    if (failures[e]) {
      try {
        std::rethrow_exception(failures[e]);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "event %zu failed: %s\n", e, error.what());
      }
      ++problems;
    } else if (concurrent[e].tracks != serial[e].tracks) {
      std::fprintf(stderr, "event %zu: tracks differ between %zu threads and one\n", e, arguments.threads);
      ++problems;
    }
    tracks += concurrent[e].tracks.size();
  }
  try {
    if (!failures[broken_index]) throw std::logic_error("the event with a NaN coordinate was accepted");
    std::rethrow_exception(failures[broken_index]);
  } catch (const std::invalid_argument& error) {
    std::printf("broken event refused as it should be: %s\n", error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "broken event: %s\n", error.what());
    ++problems;
  }
  if (tracks == 0) {
    std::fprintf(stderr, "no track candidates in %zu events\n", events.size() - 1);
    ++problems;
  }
  std::printf("%zu events on %zu threads: %zu track candidates, %.1f events/s, %s\n", events.size() - 1,
              arguments.threads, tracks, static_cast<double>(events.size()) / concurrent_seconds,
              problems == 0 ? "identical to one thread" : "FAILED");
  return problems == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "host_framework: %s\n", error.what());
    return EXIT_FAILURE;
  }
}
