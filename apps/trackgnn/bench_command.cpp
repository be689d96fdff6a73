// trackgnn bench: per-stage timing of the pipeline over events held in memory, after warm-up,
// for one configuration or several variants side by side (precision, radius search, where the
// labelling runs). The pipeline times each stage (CardOptions::time_stages), synchronising the
// stream at every stage boundary on a cuda device, so every number is device time, not launch time.
#include <fmt/core.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.hpp"
#include "pipeline_options.hpp"
#include "trackgnn/io/event_source.hpp"
#include "trackgnn/metrics/metrics.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/pipeline/stage_graphs.hpp"
#include "trackgnn/pipeline/timing_summary.hpp"

namespace trackgnn::cli {
namespace {

struct BenchOptions {
  std::string input;
  std::size_t events = 0;
  std::size_t warmup = 3;
  std::size_t repeat = 1;
  std::vector<std::string> variants;
  std::string json;
  bool skip_metrics = false;
  PipelineOptions pipeline;
};

// A variant is the command line's configuration with modifiers applied, written "bf16" or
// "fp16+host_labeling": each name below changes one setting.
using Modifier = void (*)(CardOptions&);
const std::map<std::string, Modifier>& modifiers() {
  static const std::map<std::string, Modifier> table{
      {"as_configured", [](CardOptions&) {}},
      {"fp32", [](CardOptions& c) { c.precision = Precision::fp32; }},
      {"fp16", [](CardOptions& c) { c.precision = Precision::fp16; }},
      {"bf16", [](CardOptions& c) { c.precision = Precision::bf16; }},
      {"grid", [](CardOptions& c) { c.radius_search = "grid"; }},
      {"brute_force", [](CardOptions& c) { c.radius_search = "brute_force"; }},
      {"thresholds", [](CardOptions& c) { c.radius_search = "grid_thresholds"; }},
      {"device_labeling", [](CardOptions& c) { c.label_on_host = false; }},
      {"host_labeling", [](CardOptions& c) { c.label_on_host = true; }},
      {"connected_components", [](CardOptions& c) { c.track_builder = "connected_components"; }},
      {"best_edges", [](CardOptions& c) { c.track_builder = "best_edges"; }},
      {"torchscript", [](CardOptions& c) { c.backend = "torchscript"; }},
      {"native", [](CardOptions& c) { c.backend = "native"; }},
  };
  return table;
}

CardOptions variant_config(const std::string& variant, CardOptions config) {
  std::stringstream parts(variant);
  for (std::string part; std::getline(parts, part, '+');) {
    const auto found = modifiers().find(part);
    if (found == modifiers().end()) {
      std::string known;
      for (const auto& entry : modifiers()) known += (known.empty() ? "" : ", ") + entry.first;
      throw std::invalid_argument("unknown bench variant '" + part + "' (known: " + known + ")");
    }
    found->second(config);
  }
  return config;
}

struct LoadedEvent {
  std::uint64_t id = 0;
  Event event;
};

std::vector<LoadedEvent> load_events(const BenchOptions& options) {
  std::vector<std::uint64_t> ids = io::list_events_any_format(options.input);
  if (ids.empty()) throw std::runtime_error("no events (eventNNNNNNNNN-hits.csv or .tgnevent files) in " + options.input);
  if (options.events > 0 && options.events < ids.size()) ids.resize(options.events);
  std::vector<LoadedEvent> events;
  for (const std::uint64_t id : ids) events.push_back({id, io::read_event_any_format(options.input, id)});
  return events;
}

nlohmann::json statistics_json(const TimingSummary& timing) {
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& row : timing.statistics())
    stages[row.stage] = {{"mean_ms", row.mean_ms}, {"std_ms", row.std_ms}, {"median_ms", row.median_ms}};
  return stages;
}

// A process's first events against the rest (the warm-up penalty when --warmup is 0), and the
// tail of the latency distribution.
constexpr std::size_t kFirstEvents = 10;

nlohmann::json latency_json(const TimingSummary& timing) {
  return {{"p50_ms", timing.total_quantile_ms(0.5)},
          {"p90_ms", timing.total_quantile_ms(0.9)},
          {"p99_ms", timing.total_quantile_ms(0.99)},
          {"max_ms", timing.total_quantile_ms(1.0)},
          {"first_events", kFirstEvents},
          {"first_events_median_ms", timing.first_events_median_ms(kFirstEvents)},
          {"later_events_median_ms", timing.later_events_median_ms(kFirstEvents)}};
}

std::string latency_line(const TimingSummary& timing) {
  std::string line = fmt::format("  latency per event: p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms",
                                 timing.total_quantile_ms(0.5), timing.total_quantile_ms(0.9),
                                 timing.total_quantile_ms(0.99), timing.total_quantile_ms(1.0));
  if (timing.events() > kFirstEvents) {
    const double first = timing.first_events_median_ms(kFirstEvents);
    const double later = timing.later_events_median_ms(kFirstEvents);
    line += fmt::format("; median of the first {} timed events {:.2f} ms, of the later {} {:.2f} ms ({:+.1f}%)",
                        kFirstEvents, first, timing.events() - kFirstEvents, later,
                        later > 0 ? 100.0 * (first / later - 1.0) : 0.0);
  }
  return line + "\n";
}

nlohmann::json config_json(const Pipeline& pipeline) {
  const ModelCard& card = pipeline.card();
  return {{"models", card.name},
          {"model_directory", card.directory.string()},
          {"device", pipeline.device().str()},
          {"backend", card.backend},
          {"precision", to_string(card.precision)},
          {"radius_search", card.radius_search},
          {"track_builder", card.track_building.builder},
          {"edge_chunk_size", card.filter.edge_chunk_size}};
}

// One untimed pass that keeps every stage's edges: edge counts per stage and, where the events
// carry truth, the tracking metrics of this variant (so a faster variant shows what it costs).
nlohmann::json quality_json(const std::string& models, const CardOptions& timed_config,
                            const std::vector<LoadedEvent>& events) {
  CardOptions config = timed_config;
  config.time_stages = false;
  const auto pipeline = Pipeline::from_card(models, config);
  MetricsSummary metrics;
  std::map<std::string, double> edges;
  bool truth = true;
  for (const auto& loaded : events) {
    StageGraphRecorder recorder(pipeline->card());
    const PipelineResult result =
        pipeline->run(loaded.event.spacepoints, loaded.event.cells, nullptr, recorder.inspector());
    for (const auto& graph : recorder.graphs()) {
      const std::string stage = stage_key(graph.stage);
      std::int64_t kept = static_cast<std::int64_t>(graph.edge_index.size() / 2);
      if (!graph.edge_scores.empty()) {
        kept = 0;
        for (float score : graph.edge_scores) kept += score >= graph.score_cut;
      }
      edges[stage + "_input"] += static_cast<double>(graph.edge_index.size() / 2);
      edges[stage + "_kept"] += static_cast<double>(kept);
      if (loaded.event.truth)
        metrics.add_stage(stage, compute_edge_counts(loaded.event, graph.edge_index, graph.edge_scores,
                                                     graph.score_cut));
    }
    if (loaded.event.truth) metrics.add_event(compute_track_counts(loaded.event, result.tracks));
    truth = truth && loaded.event.truth.has_value();
  }
  nlohmann::json quality;
  for (auto& [name, total] : edges) quality["edges_per_event"][name] = total / static_cast<double>(events.size());
  if (truth) quality["metrics"] = nlohmann::json::parse(metrics.to_json());
  return quality;
}

std::string cell(const StageStatistics& row) { return fmt::format("{:.2f} ± {:.2f}", row.mean_ms, row.std_ms); }

// Stages down, variants across: mean ± std [ms], then the median total.
std::string comparison_table(const std::vector<std::pair<std::string, TimingSummary>>& results) {
  std::string text = fmt::format("{:<14}", "Stage [ms]");
  for (const auto& [name, timing] : results) text += fmt::format(" | {:>22}", name);
  text += "\n";
  std::vector<std::vector<StageStatistics>> columns;
  for (const auto& [name, timing] : results) columns.push_back(timing.statistics());
  for (std::size_t row = 0; !columns.empty() && row < columns.front().size(); ++row) {
    text += fmt::format("{:<14}", columns.front()[row].stage);
    for (const auto& column : columns) text += fmt::format(" | {:>22}", cell(column[row]));
    text += "\n";
  }
  text += fmt::format("{:<14}", "Total median");
  for (const auto& column : columns) text += fmt::format(" | {:>22.2f}", column.back().median_ms);
  return text + "\n";
}

int bench(const BenchOptions& options) {
  const std::vector<LoadedEvent> events = load_events(options);
  double spacepoints = 0;
  for (const auto& loaded : events) spacepoints += static_cast<double>(loaded.event.spacepoints.size());
  spacepoints /= static_cast<double>(events.size());
  fmt::print("trackgnn bench: {} events from {} ({:.0f} spacepoints per event), {} warm-up, {} repeat(s)\n",
             events.size(), options.input, spacepoints, options.warmup, options.repeat);

  const CardOptions base = options.pipeline.card_options();
  const std::vector<std::string> variants = options.variants.empty() ? std::vector<std::string>{"as_configured"}
                                                                     : options.variants;
  nlohmann::json report = {{"input", options.input},
                           {"events", events.size()},
                           {"warmup", options.warmup},
                           {"repeat", options.repeat},
                           {"spacepoints_per_event", spacepoints},
                           {"variants", nlohmann::json::array()}};
  std::vector<std::pair<std::string, TimingSummary>> results;
  for (const auto& variant : variants) {
    const CardOptions config = variant_config(variant, base);
    const auto pipeline_owner = Pipeline::from_card(options.pipeline.models, config);
    const Pipeline& pipeline = *pipeline_owner;
    // Warm-up: CUDA context, cuBLAS handles, the allocators' pools and TorchScript's profiling
    // executor (which specialises the graph on its first runs) all settle here.
    for (std::size_t w = 0; w < options.warmup; ++w) {
      const Event& warmup_event = events[w % events.size()].event;
      pipeline.run(warmup_event.spacepoints, warmup_event.cells);
    }
    TimingSummary timing;
    std::size_t tracks = 0;
    for (std::size_t r = 0; r < options.repeat; ++r)
      for (const auto& loaded : events) {
        const PipelineResult result = pipeline.run(loaded.event.spacepoints, loaded.event.cells);
        timing.add(result.stage_times);
        tracks += result.tracks.size();
      }
    fmt::print("\n{}", timing.table(fmt::format("{} ({}, {}, {}, {})", variant, pipeline.device().str(),
                                                to_string(pipeline.card().precision), pipeline.card().radius_search,
                                                pipeline.card().track_building.builder)));
    fmt::print("{}", latency_line(timing));
    nlohmann::json entry = {{"name", variant},
                            {"config", config_json(pipeline)},
                            {"timed_events", timing.events()},
                            {"tracks_per_event", static_cast<double>(tracks) / static_cast<double>(timing.events())},
                            {"stages", statistics_json(timing)},
                            {"latency", latency_json(timing)}};
    if (!options.skip_metrics) {
      entry["quality"] = quality_json(options.pipeline.models, config, events);
      if (entry["quality"].contains("metrics")) {
        const auto& tracks_metrics = entry["quality"]["metrics"];
        fmt::print("  track efficiency {}, fake rate {}, duplicate rate {}\n",
                   tracks_metrics.value("track_efficiency", nlohmann::json()).dump(),
                   tracks_metrics.value("fake_rate", nlohmann::json()).dump(),
                   tracks_metrics.value("duplicate_rate", nlohmann::json()).dump());
      }
    }
    report["variants"].push_back(entry);
    results.emplace_back(variant, std::move(timing));
  }
  if (results.size() > 1) fmt::print("\n{}", comparison_table(results));
  if (!options.json.empty()) {
    std::ofstream file(options.json);
    file << report.dump(2) << "\n";
    file.close();  // a full disk shows only when the buffer reaches the file
    if (file.fail()) throw std::runtime_error("cannot write " + options.json);
    fmt::print("results written to {}\n", options.json);
  }
  return 0;
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<BenchOptions>();
  app.add_option("--input", options->input, "Directory of TrackML CSV events")->required()->check(CLI::ExistingDirectory);
  app.add_option("--events", options->events, "Use only the first N events (0: all)")->check(non_negative_count())->capture_default_str();
  app.add_option("--warmup", options->warmup, "Untimed events run first")->capture_default_str();
  app.add_option("--repeat", options->repeat, "Timed passes over the events")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--variants", options->variants,
                 "Configurations to compare, each the options above plus modifiers joined by '+': as_configured, "
                 "fp32, fp16, bf16, grid, brute_force, thresholds, device_labeling, host_labeling, connected_components, best_edges, torchscript, native (model backend)")
      ->delimiter(',');
  app.add_option("--json", options->json, "Write the statistics (and edge counts, metrics) as JSON here");
  app.add_flag("--skip-metrics", options->skip_metrics, "No untimed pass for edge counts and tracking metrics");
  options->pipeline.add_to(app);
  return [options] { return bench(*options); };
};

TRACKGNN_COMMAND("bench", "Time the pipeline per stage over events held in memory, for one or several variants",
                 setup);

}  // namespace
}  // namespace trackgnn::cli
