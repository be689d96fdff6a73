// trackgnn eval: scores track candidates (and, when written, each stage's edges) against truth.
#include <fmt/core.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "plot_drawing.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/stage_edges.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/metrics/metrics.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn::cli {
namespace {

namespace fs = std::filesystem;

struct EvalOptions {
  std::string input;
  std::string tracks;
  std::string json;
  std::string models;
  std::string plots;
  std::string matching = matching_rule_name(MatchingRule::double_majority);
  float min_pt = MetricsConfig{}.min_pt;
  std::size_t events = 0;
};

std::vector<std::string> matching_rule_names() {
  std::vector<std::string> names;
  for (const MatchingRule rule : matching_rules()) names.push_back(matching_rule_name(rule));
  return names;
}

fs::path tracks_file(const fs::path& directory, std::uint64_t event_id) {
  return directory / (io::event_prefix(event_id) + "-tracks.csv");
}

// The score cut that defines a stage's kept edges, as the pipeline applied it. Graph building
// does not score its edges; the GNN's edges count as track building used them.
std::optional<float> stage_cut(const std::string& stage, const ModelCard& card) {
  if (stage == "filtering") return card.filter.cut;
  if (stage == "gnn") return card.track_building.score_cut;
  return std::nullopt;
}

std::string format_ratio(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : std::string("n/a");
}

void print_table(const MetricsSummary& summary, const std::map<std::string, float>& cuts) {
  const TrackCounts& t = summary.tracks();
  const MetricsConfig& config = summary.config();
  fmt::print("\nmatching: {}; reconstructable: pT > {:g} GeV, |eta| < {:g}, hits on >= {} layers\n",
             matching_rule_name(config.matching), config.min_pt, config.max_abs_eta, config.min_distinct_layers);
  fmt::print("\n{:<34} {:>8}   {}\n", "Tracks", "value", "counts");
  fmt::print("  {:<32} {:>8}   {} / {} reconstructable particles\n",
             fmt::format("track efficiency (pT > {:g} GeV)", config.min_pt), format_ratio(t.track_efficiency()),
             t.reconstructed_reconstructable_particles, t.reconstructable_particles);
  fmt::print("  {:<32} {:>8}   {} / {} reconstructable particles\n", "track efficiency (all pT)",
             format_ratio(t.track_efficiency_all_pt()), t.reconstructed_reconstructable_particles_all_pt,
             t.reconstructable_particles_all_pt);
  fmt::print("  {:<32} {:>8}   {} / {} candidates\n", "fake rate", format_ratio(t.fake_rate()), t.fake_candidates(),
             t.candidates);
  fmt::print("  {:<32} {:>8}   {} / {} candidates\n", "duplicate rate", format_ratio(t.duplicate_rate()),
             t.duplicate_candidates(), t.candidates);
  fmt::print("  {:<32} {:>8}   {} / {} candidates matched to pT > {:g} GeV particles\n",
             fmt::format("duplicate rate (pT > {:g} GeV)", config.min_pt),
             format_ratio(t.duplicate_rate_above_min_pt()), t.duplicate_candidates_above_min_pt(),
             t.matched_candidates_above_min_pt, config.min_pt);
  fmt::print("  {:<32} {:>8}   mean of {} weighted events\n", "TrackML score", format_ratio(summary.trackml_score()),
             summary.trackml_scored_events());

  const auto stages = summary.stages();
  if (stages.empty()) {
    fmt::print("\nNo stage edge files (eventNNNNNNNNN-edges-<stage>.csv); `trackgnn run --write-edges` writes them.\n");
    return;
  }
  fmt::print("\n{:<14} {:>10} {:>10} {:>14} {:>8}\n", "Edges", "efficiency", "purity", "per spacepoint",
             "cut");
  for (const auto& [stage, counts] : stages) {
    const auto cut = cuts.find(stage);
    fmt::print("  {:<12} {:>10} {:>10} {:>14} {:>8}\n", stage, format_ratio(counts.edge_efficiency()),
               format_ratio(counts.edge_purity()),
               counts.edges_per_spacepoint() ? fmt::format("{:.2f}", *counts.edges_per_spacepoint()) : "n/a",
               cut == cuts.end() ? std::string("-") : fmt::format("{:g}", cut->second));
  }
  fmt::print("  (edge efficiency over true consecutive-hit edges of particles with pT > {:g} GeV)\n",
             config.edge_target_min_pt);
}

// The CSVs always; the PNGs when a Python with matplotlib is there, else a warning saying what is
// missing. A run whose CSVs are written succeeds either way: they hold every number the PNGs show.
void write_plots(const BinnedMetricsSummary& binned, const fs::path& directory, std::size_t events) {
  const std::string title = fmt::format("trackgnn eval: {} event{}, {} matching", events, events == 1 ? "" : "s",
                                        matching_rule_name(binned.config().matching));
  const std::vector<fs::path> tables = binned.write(directory, title);
  fmt::print("\nplot tables: {} CSV files and {} written to {}\n", tables.size(), kPlotIndexFile, directory.string());
  const PlotDrawing drawing = draw_plots(directory);
  if (drawing.drawn) {
    fmt::print("plots: {} PNG files drawn in {}\n", binned.plots().size(), directory.string());
  } else {
    fmt::print(stderr,
               "trackgnn eval: warning: no PNG plots drawn, no Python with matplotlib ({}); install python3-matplotlib "
               "(scripts/install-deps.sh does) or set TRACKGNN_PYTHON. The CSVs hold the numbers.\n",
               drawing.missing);
  }
}

int evaluate(const EvalOptions& options) {
  std::vector<std::uint64_t> event_ids = io::list_events(options.input);
  if (event_ids.empty()) throw std::runtime_error("no eventNNNNNNNNN-hits.csv files in " + options.input);
  if (options.events > 0 && options.events < event_ids.size()) event_ids.resize(options.events);
  // Every tracks file is checked before any event is read, so a missing one fails at once.
  for (const std::uint64_t event_id : event_ids) {
    const fs::path file = tracks_file(options.tracks, event_id);
    if (!fs::exists(file)) {
      throw InputError(file.string(), 0, "missing track candidates (trackgnn run --output writes them)");
    }
  }
  fmt::print("trackgnn eval: {} events from {}, tracks from {}\n", event_ids.size(), options.input, options.tracks);

  io::ReadOptions read_options;
  read_options.cells = false;
  read_options.require_truth = true;
  MetricsConfig config;
  config.matching = parse_matching_rule(options.matching);
  config.min_pt = options.min_pt;
  MetricsSummary summary(config);
  std::optional<BinnedMetricsSummary> binned;
  if (!options.plots.empty()) binned.emplace(config);
  std::optional<ModelCard> card;  // loaded only when a scored stage needs its cut
  std::map<std::string, float> cuts;
  std::map<std::string, std::size_t> stage_events;
  const std::vector<float> unscored;
  for (const std::uint64_t event_id : event_ids) {
    const Event event = io::read_event(options.input, event_id, read_options);
    const TrackCandidates tracks = io::read_tracks(options.tracks, event_id, event.spacepoints);
    summary.add_event(compute_track_counts(event, tracks, config));
    if (binned) binned->add_event(compute_binned_track_counts(event, tracks, config));

    for (const std::string& stage : metric_stage_names()) {
      if (!fs::exists(io::stage_edges_path(options.tracks, event_id, stage))) continue;
      const io::StageEdges edges = io::read_stage_edges(options.tracks, event_id, event.spacepoints, stage);
      if (!card && stage != "build_edges") {
        card = ModelCard::load(options.models.empty() ? default_model_directory() : fs::path(options.models));
      }
      const std::optional<float> cut = card ? stage_cut(stage, *card) : std::nullopt;
      if (cut) cuts[stage] = *cut;
      const std::vector<float>& scores = cut ? edges.scores : unscored;
      summary.add_stage(stage, compute_edge_counts(event, edges.edge_index, scores, cut.value_or(0.0f), config));
      if (binned) {
        binned->add_stage(stage, compute_edge_efficiency_vs_pt(event, edges.edge_index, scores, cut.value_or(0.0f)));
      }
      ++stage_events[stage];
    }
  }
  for (const auto& [stage, count] : stage_events) {
    if (count != event_ids.size()) {
      fmt::print(stderr, "trackgnn eval: warning: '{}' edges exist for {} of {} events; its edge metrics cover those only\n",
                 stage, count, event_ids.size());
    }
  }

  print_table(summary, cuts);
  if (!options.json.empty()) {
    summary.write_json(options.json);
    fmt::print("\nmetrics written to {}\n", options.json);
  }
  if (binned) write_plots(*binned, options.plots, event_ids.size());
  return 0;
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<EvalOptions>();
  app.add_option("--input", options->input, "Directory of TrackML CSV events with truth")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--tracks", options->tracks,
                 "Directory of eventNNNNNNNNN-tracks.csv (and optional -edges-<stage>.csv) from trackgnn run")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--json", options->json, "Also write the metrics as JSON to this file");
  app.add_option("--events", options->events, "Evaluate only the first N events (0: all)")->check(non_negative_count());
  app.add_option("--models", options->models,
                 "Model directory whose card gives the filtering and GNN cuts (default: the shipped models)");
  app.add_option("--matching", options->matching,
                 "How candidates match particles: double_majority (default), majority, tight or perfect "
                 "(include/trackgnn/metrics/metrics_config.hpp defines each)")
      ->check(CLI::IsMember(matching_rule_names()));
  app.add_option(
         "--pt-min", options->min_pt,
         "pT threshold of reconstructable particles in GeV (efficiency, duplicate rate above it, eta/phi plots)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--plots", options->plots,
                 "Write binned efficiencies and rates to this directory: one CSV per plot, and PNGs when python3 "
                 "has matplotlib");
  return [options] { return evaluate(*options); };
};

TRACKGNN_COMMAND("eval", "Score track candidates and stage edges against truth: efficiency, fakes, TrackML score",
                 setup);

}  // namespace
}  // namespace trackgnn::cli
