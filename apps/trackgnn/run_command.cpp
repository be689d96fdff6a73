// trackgnn run: the pipeline over a directory of TrackML events, tracks written per event.
#include <fmt/core.h>

#include <filesystem>
#include <thread>

#include "command.hpp"
#include "pipeline_options.hpp"
#include "progress.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/pipeline/event_runner.hpp"

namespace trackgnn::cli {
namespace {

struct RunOptions {
  std::string input;
  std::string output;
  std::size_t events = 0;
  std::size_t threads = 1;
  bool write_edges = false;
  bool quiet = false;
  PipelineOptions pipeline;
};

int run(const RunOptions& options) {
  std::vector<std::uint64_t> event_ids = io::list_events(options.input);
  if (event_ids.empty()) throw std::runtime_error("no eventNNNNNNNNN-hits.csv files in " + options.input);
  if (options.events > 0 && options.events < event_ids.size()) event_ids.resize(options.events);

  PipelineConfig config = options.pipeline.config();
  config.keep_stage_graphs = options.write_edges;
  const Pipeline pipeline(config);
  std::filesystem::create_directories(options.output);
  if (!options.quiet)
    fmt::print("trackgnn run: {} events from {} with models '{}' ({}) on {}, {} thread(s)\n", event_ids.size(),
               options.input, pipeline.card().name, pipeline.card().directory.string(), pipeline.device().str(),
               options.threads);

  EventRunOptions run_options{options.input, event_ids, options.output, options.threads, options.write_edges};
  Progress progress("events", event_ids.size(), !options.quiet);
  const EventRunSummary summary = run_events(pipeline, run_options, [&] { progress.advance(); });
  progress.finish();

  fmt::print("{}", summary.timing.table("Per-stage time per event"));
  fmt::print("{} events, {:.0f} spacepoints and {:.1f} track candidates per event; {:.2f} events/s with {} thread(s)\n",
             summary.events, static_cast<double>(summary.spacepoints) / summary.events,
             static_cast<double>(summary.tracks) / summary.events, summary.events / summary.wall_seconds, options.threads);
  fmt::print("tracks written to {}\n", options.output);
  return 0;
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<RunOptions>();
  app.add_option("--input", options->input, "Directory of TrackML CSV events")->required()->check(CLI::ExistingDirectory);
  app.add_option("--output", options->output, "Directory for eventNNNNNNNNN-tracks.csv")->required();
  app.add_option("--events", options->events, "Run only the first N events (0: all)");
  app.add_option("--threads", options->threads, "Events processed concurrently")->check(CLI::PositiveNumber);
  app.add_flag("--write-edges", options->write_edges, "Also write the edges after each stage (for trackgnn eval)");
  app.add_flag("--quiet", options->quiet, "No progress output");
  options->pipeline.add_to(app);
  return [options] { return run(*options); };
};

TRACKGNN_COMMAND("run", "Run the tracking pipeline on TrackML events and write track candidates", setup);

}  // namespace
}  // namespace trackgnn::cli
