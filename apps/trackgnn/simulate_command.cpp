// trackgnn simulate: TrackML-like events from the built-in simulator, written as TrackML CSV
// (eventNNNNNNNNN-{hits,cells,particles,truth}.csv) plus the detector description (detectors.csv).
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>

#include "command.hpp"
#include "progress.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn::cli {
namespace {

struct SimulateOptions {
  std::size_t events = 1;
  std::uint64_t first_event = 1;
  double pileup = 0;
  std::uint64_t seed = 0;
  std::string output;
  std::string hard_scatter;
  double noise = 0;
  int high_pt_particles = 0;
  double vertex_sigma_z = 0;
  std::string detector;
  std::size_t threads = 1;
  bool quiet = false;
};

int simulate(const SimulateOptions& options) {
  simulation::SimulationConfig config;
  config.pileup = options.pileup;
  config.seed = options.seed;
  config.hard_scatter = simulation::parse_hard_scatter(options.hard_scatter);
  config.noise_fraction = options.noise;
  config.high_pt_particles = options.high_pt_particles;
  config.vertex_sigma_z = options.vertex_sigma_z;
  // "idealised": the built-in layout, every module tangent to its layer (no tilt or staggering).
  const bool idealised = options.detector == "idealised";
  const std::string detector_file =
      idealised ? "" : (options.detector.empty() ? simulation::default_detector_file().string() : options.detector);
  simulation::Detector detector =
      idealised ? simulation::Detector::trackml() : simulation::Detector::from_csv(detector_file);
  const simulation::Simulator simulator(std::move(detector), config);

  std::filesystem::create_directories(options.output);
  simulator.detector().write_csv(std::filesystem::path(options.output) / "detectors.csv");
  if (!options.quiet)
    fmt::print("trackgnn simulate: {} events, pileup {}, hard scatter {}, noise {}, seed {}, detector {} ({} modules) -> {}\n",
               options.events, config.pileup, simulation::to_string(config.hard_scatter), config.noise_fraction,
               config.seed, idealised ? "idealised TrackML layout" : detector_file,
               simulator.detector().module_count(), options.output);

  Progress progress("events", options.events, !options.quiet);
  std::atomic<std::size_t> hits{0}, particles{0};
  const auto start = std::chrono::steady_clock::now();
  simulator.simulate_events(options.first_event, options.events, options.threads, [&](std::size_t, Event event) {
    io::write_event(event, options.output);
    hits += event.spacepoints.size();
    particles += event.truth->particles.size();
    progress.advance();
  });
  progress.finish();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double count = static_cast<double>(std::max<std::size_t>(options.events, 1));
  fmt::print("{} events, {:.0f} hits and {:.0f} particles per event, {:.2f} s per event (simulation and writing)\n",
             options.events, static_cast<double>(hits.load()) / count, static_cast<double>(particles.load()) / count,
             seconds * static_cast<double>(std::min(options.threads, std::max<std::size_t>(options.events, 1))) / count);
  return 0;
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<SimulateOptions>();
  const simulation::SimulationConfig defaults;
  options->pileup = defaults.pileup;
  options->seed = defaults.seed;
  options->hard_scatter = simulation::to_string(defaults.hard_scatter);
  options->noise = defaults.noise_fraction;
  options->vertex_sigma_z = defaults.vertex_sigma_z;
  app.add_option("--events", options->events, "Number of events")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--first-event", options->first_event, "Event id of the first event")->capture_default_str();
  app.add_option("--pileup", options->pileup, "Mean number of minimum-bias vertices (Poisson)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--seed", options->seed, "Random seed; (seed, event id) fixes an event byte for byte")
      ->capture_default_str();
  app.add_option("--output", options->output, "Directory for the event files and detectors.csv")->required();
  app.add_option("--hard-scatter", options->hard_scatter, "Hard-scatter vertex")
      ->check(CLI::IsMember({"ttbar", "none"}))->capture_default_str();
  app.add_option("--noise", options->noise, "Fraction of all hits that are noise")
      ->check(CLI::Range(0.0, 0.99))->capture_default_str();
  app.add_option("--high-pt-particles", options->high_pt_particles,
                 "Extra pions per event from their own vertex, pT log-uniform in 1-100 GeV, |eta| < 4 "
                 "(training samples: collisions hold few high-pT tracks)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--vertex-sigma-z", options->vertex_sigma_z,
                 "Gaussian width of the vertices' z in mm (training samples: a wider spread than the luminous "
                 "region's shows the models more vertices far from z = 0)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--detector", options->detector,
                 "TrackML detectors.csv to take the modules from (default: the real TrackML detector shipped with "
                 "trackgnn), or 'idealised' for the built-in layout without module tilt or staggering")
      ->check(CLI::ExistingFile | CLI::IsMember({"idealised"}));
  app.add_option("--threads", options->threads, "Events simulated concurrently (the output does not depend on it)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_flag("--quiet", options->quiet, "No progress output");
  return [options] { return simulate(*options); };
};

TRACKGNN_COMMAND("simulate", "Simulate TrackML-like events (pileup, hard scatter, noise) as TrackML CSV files", setup);

}  // namespace
}  // namespace trackgnn::cli
