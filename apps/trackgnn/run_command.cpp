// trackgnn run: the pipeline over a directory of TrackML events, tracks written per event.
// Several events are in flight at once (--threads); under mpirun the ranks split the events,
// each rank on the GPU of its node-local rank, and rank 0 prints the combined table.
#include <fmt/core.h>

#include <filesystem>
#include <memory>

#include "command.hpp"
#include "models_check.hpp"
#include "mpi_process_group.hpp"
#include "mpi_run_report.hpp"
#include "pipeline_options.hpp"
#include "progress.hpp"
#include "trackgnn/io/event_source.hpp"
#include "models/threading.hpp"
#include "trackgnn/pipeline/event_runner.hpp"

namespace trackgnn::cli {
namespace {

struct RunOptions {
  std::string input;
  std::string output;
  std::size_t events = 0;
  std::size_t threads = 1;
  std::size_t streams = 0;
  std::size_t readers = 0;
  std::size_t model_threads = 0;
  bool write_edges = false;
  bool quiet = false;
  bool check_models = false;
  PipelineOptions pipeline;
};

void print_summary(const EventRunSummary& summary, std::size_t threads, std::size_t ranks) {
  const double events = static_cast<double>(std::max<std::size_t>(summary.events(), 1));
  fmt::print("{}", summary.timing().table("Per-stage time per event"));
  fmt::print("{} events, {:.0f} spacepoints and {:.1f} track candidates per event; {:.2f} events/s with {} thread(s)",
             summary.events(), static_cast<double>(summary.spacepoints()) / events,
             static_cast<double>(summary.tracks()) / events, summary.events_per_second(), threads);
  if (ranks > 1) fmt::print(" x {} ranks", ranks);
  fmt::print("\n");
}

int run_ranks(const RunOptions& options, ProcessGroup& group) {
  if (options.check_models) require_agreeing_backends(options.pipeline.models, group.rank() == 0);
  std::vector<std::uint64_t> all_events = io::list_events_any_format(options.input);
  if (all_events.empty())
    throw std::runtime_error("no events (eventNNNNNNNNN-hits.csv or .tgnevent files) in " + options.input);
  if (options.events > 0 && options.events < all_events.size()) all_events.resize(options.events);
  const bool root = group.rank() == 0;
  const bool chatty = root && !options.quiet;

  CardOptions config = options.pipeline.card_options();
  // Several ranks on a node share its GPUs; a lone process keeps exactly the device it was given.
  if (group.size() > 1) config.device = device_for_local_rank(config.device, group.local_rank());
  const std::size_t model_threads =
      options.model_threads > 0 ? options.model_threads : model_threads_for_events_in_flight(options.threads);
  set_model_threads(model_threads);

  EventRunOptions run_options;
  run_options.input = options.input;
  run_options.event_ids = events_of_rank(all_events, group.rank(), group.size());
  run_options.output = options.output;
  run_options.threads = options.threads;
  run_options.streams = options.streams;
  run_options.readers = options.readers;
  run_options.write_stage_edges = options.write_edges;
  config.memory.events_in_flight = run_options.resolved_streams();
  const auto pipeline_owner = Pipeline::from_card(options.pipeline.models, config);
  const Pipeline& pipeline = *pipeline_owner;
  if (chatty)
    fmt::print("trackgnn run: {} events from {} with models '{}' ({}) on {}, {} thread(s), {} stream(s), {} reader(s), "
               "{} model thread(s){}\n",
               all_events.size(), options.input, pipeline.card().name, pipeline.card().directory.string(),
               pipeline.device().str(), options.threads, run_options.resolved_streams(),
               run_options.resolved_readers(), model_threads,
               group.size() > 1 ? fmt::format(", {} MPI ranks", group.size()) : std::string());

  // Ranks start together, after every rank has loaded its models.
  group.barrier();
  Progress progress(group.size() > 1 ? "events (rank 0)" : "events", run_options.event_ids.size(), chatty);
  const EventRunSummary local = run_events(pipeline, run_options, [&](const EventOutcome&) { progress.advance(); });
  progress.finish();

  if (group.size() == 1) {
    print_summary(local, options.threads, 1);
  } else {
    const CombinedRun combined = combine_ranks(group, local, pipeline.device(), all_events.size());
    if (root) {
      for (const auto& rank : combined.ranks)
        fmt::print("rank {} on {}: {} events in {:.2f} s ({:.2f} events/s)\n", rank.rank, rank.device, rank.events,
                   rank.wall_seconds, rank.wall_seconds > 0 ? rank.events / rank.wall_seconds : 0.0);
      print_summary(combined.summary, options.threads, combined.ranks.size());
    }
  }
  if (root) fmt::print("tracks written to {}\n", options.output);
  return 0;
}

int run(const RunOptions& options) {
  const std::unique_ptr<ProcessGroup> group = join_process_group();
  if (group->size() == 1) return run_ranks(options, *group);
  try {
    return run_ranks(options, *group);
  } catch (const std::exception& error) {
    // The other ranks may be waiting in a collective call for this one: end them all.
    fmt::print(stderr, "trackgnn: error on rank {}: {}\n", group->rank(), error.what());
    std::fflush(stderr);
    group->abort(1);
  }
  return 1;  // abort() does not return; virtual calls cannot carry [[noreturn]]
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<RunOptions>();
  app.add_option("--input", options->input, "Directory of TrackML CSV events")->required()->check(CLI::ExistingDirectory);
  app.add_option("--output", options->output, "Directory for eventNNNNNNNNN-tracks.csv")->required();
  app.add_option("--events", options->events, "Run only the first N events (0: all)")->check(non_negative_count());
  app.add_option("--threads", options->threads, "Events processed concurrently (the tracks do not depend on it)")
      ->check(concurrency_count())
      ->capture_default_str();
  app.add_option("--streams", options->streams,
                 "Events computing at once, each on its own CUDA stream (default: as many as threads)")
      ->check(concurrency_count());
  app.add_option("--readers", options->readers, "Threads reading events ahead (default: as many as threads)")
      ->check(concurrency_count());
  app.add_option("--model-threads", options->model_threads,
                 "CPU threads per model call (default: hardware threads / --threads, at least 1)")
      ->check(concurrency_count());
  app.add_flag("--write-edges", options->write_edges, "Also write the edges after each stage (for trackgnn eval)");
  app.add_flag("--quiet", options->quiet, "No progress output");
  app.add_flag("--check-models", options->check_models,
               "First run every model in every backend of this build on a synthetic event (as `trackgnn models "
               "check`) and refuse to run if their outputs disagree");
  options->pipeline.add_to(app);
  return [options] { return run(*options); };
};

TRACKGNN_COMMAND("run",
                 "Run the tracking pipeline on TrackML events and write track candidates (under mpirun, the ranks "
                 "split the events)",
                 setup);

}  // namespace
}  // namespace trackgnn::cli
