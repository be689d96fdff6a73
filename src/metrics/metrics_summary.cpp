#include "trackgnn/metrics/metrics_summary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "metrics/stage_counts.hpp"

namespace trackgnn {
namespace {

using Json = nlohmann::ordered_json;

Json to_json_value(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

Json edge_json(const EdgeCounts& counts) {
  return Json{{"edge_efficiency", to_json_value(counts.edge_efficiency())},
              {"edge_purity", to_json_value(counts.edge_purity())},
              {"edges_per_spacepoint", to_json_value(counts.edges_per_spacepoint())},
              {"counts",
               {{"spacepoints", counts.spacepoints},
                {"kept_edges", counts.kept_edges},
                {"true_kept_edges", counts.true_kept_edges},
                {"target_edges", counts.target_edges},
                {"target_edges_found", counts.target_edges_found}}}};
}

Json config_json(const MetricsConfig& config) {
  return Json{{"min_pt", config.min_pt},
              {"max_abs_eta", config.max_abs_eta},
              {"min_distinct_layers", config.min_distinct_layers},
              {"matching", matching_rule_name(config.matching)},
              {"edge_target_min_pt", config.edge_target_min_pt}};
}

}  // namespace

MetricsSummary::MetricsSummary(MetricsConfig config) : config_(config) { config_.validate(); }

void MetricsSummary::add_event(const TrackCounts& event_counts) {
  ++events_;
  tracks_ += event_counts;
  if (const auto score = event_counts.trackml_score()) {
    score_sum_ += *score;
    ++scored_events_;
  }
}

void MetricsSummary::add_stage(const std::string& stage, const EdgeCounts& event_counts) {
  metrics_detail::add_stage_counts(stages_, stage, event_counts);
}

std::optional<double> MetricsSummary::trackml_score() const {
  if (scored_events_ == 0) return std::nullopt;
  return score_sum_ / static_cast<double>(scored_events_);
}

std::vector<std::pair<std::string, EdgeCounts>> MetricsSummary::stages() const {
  std::vector<std::pair<std::string, EdgeCounts>> ordered;
  for (const auto& name : metric_stage_names()) {
    for (const auto& entry : stages_) {
      if (entry.first == name) ordered.push_back(entry);
    }
  }
  return ordered;
}

std::string MetricsSummary::to_json() const {
  Json stages = Json::object();
  for (const auto& [name, counts] : this->stages()) stages[name] = edge_json(counts);
  const TrackCounts& t = tracks_;
  const Json json{
      {"events", events_},
      {"track_efficiency", to_json_value(t.track_efficiency())},
      {"track_efficiency_all_pt", to_json_value(t.track_efficiency_all_pt())},
      {"fake_rate", to_json_value(t.fake_rate())},
      {"duplicate_rate", to_json_value(t.duplicate_rate())},
      {"duplicate_rate_above_min_pt", to_json_value(t.duplicate_rate_above_min_pt())},
      {"trackml_score", to_json_value(trackml_score())},
      {"stages", stages},
      {"counts",
       {{"candidates", t.candidates},
        {"matched_candidates", t.matched_candidates},
        {"fake_candidates", t.fake_candidates()},
        {"duplicate_candidates", t.duplicate_candidates()},
        {"matched_particles", t.matched_particles},
        {"matched_candidates_above_min_pt", t.matched_candidates_above_min_pt},
        {"duplicate_candidates_above_min_pt", t.duplicate_candidates_above_min_pt()},
        {"matched_particles_above_min_pt", t.matched_particles_above_min_pt},
        {"reconstructable_particles", t.reconstructable_particles},
        {"reconstructed_reconstructable_particles", t.reconstructed_reconstructable_particles},
        {"reconstructable_particles_all_pt", t.reconstructable_particles_all_pt},
        {"reconstructed_reconstructable_particles_all_pt", t.reconstructed_reconstructable_particles_all_pt},
        {"trackml_scored_events", scored_events_}}},
      {"config", config_json(config_)}};
  return json.dump(2);
}

void MetricsSummary::write_json(const std::filesystem::path& file) const {
  std::ofstream out(file);
  out << to_json() << '\n';
  // A full disk shows only when the buffer reaches the file: check after closing.
  out.close();
  if (out.fail()) throw std::runtime_error("cannot write metrics JSON to " + file.string());
}

}  // namespace trackgnn
