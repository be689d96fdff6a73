// Summing over events: rates are ratios of summed counts, the JSON carries what eval promises.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "trackgnn/metrics/metrics_summary.hpp"
#include "temp_directory.hpp"

namespace trackgnn {
namespace {

TrackCounts event_with(std::int64_t reconstructable, std::int64_t found, std::int64_t candidates,
                       std::int64_t matched, double good_weight, double total_weight) {
  TrackCounts counts;
  counts.reconstructable_particles = reconstructable;
  counts.reconstructed_reconstructable_particles = found;
  counts.reconstructable_particles_all_pt = reconstructable;
  counts.reconstructed_reconstructable_particles_all_pt = found;
  counts.candidates = candidates;
  counts.matched_candidates = matched;
  counts.matched_particles = matched;
  counts.trackml_good_weight = good_weight;
  counts.trackml_total_weight = total_weight;
  return counts;
}

// Event 1 finds 2 of 2 particles, event 2 finds 0 of 1: 2/3 overall, not the mean 1/2.
TEST(MetricsSummary, RatesAreRatiosOfSummedCounts) {
  MetricsSummary summary;
  summary.add_event(event_with(2, 2, 2, 2, 1.0, 1.0));
  summary.add_event(event_with(1, 0, 2, 0, 0.0, 1.0));
  EXPECT_EQ(summary.events(), 2);
  EXPECT_DOUBLE_EQ(*summary.tracks().track_efficiency(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*summary.tracks().fake_rate(), 2.0 / 4.0);
}

// The TrackML score is ranked per event: the mean of the event scores, whatever each event's
// total weight; events whose truth has no weight are left out.
TEST(MetricsSummary, TrackMLScoreIsTheMeanOverWeightedEvents) {
  MetricsSummary summary;
  EXPECT_FALSE(summary.trackml_score().has_value());
  summary.add_event(event_with(1, 1, 1, 1, 1.0, 1.0));
  summary.add_event(event_with(1, 0, 1, 0, 0.0, 3.0));
  summary.add_event(event_with(1, 1, 1, 1, 0.0, 0.0));
  EXPECT_EQ(summary.trackml_scored_events(), 2);
  EXPECT_DOUBLE_EQ(*summary.trackml_score(), 0.5);
}

TEST(MetricsSummary, StagesAddUpAndComeOutInPipelineOrder) {
  MetricsSummary summary;
  EdgeCounts gnn{10, 4, 3, 8, 3};
  EdgeCounts built{10, 40, 8, 8, 7};
  summary.add_stage("gnn", gnn);
  summary.add_stage("build_edges", built);
  summary.add_stage("build_edges", built);
  const auto stages = summary.stages();
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].first, "build_edges");
  EXPECT_EQ(stages[0].second.kept_edges, 80);
  EXPECT_DOUBLE_EQ(*stages[0].second.edge_efficiency(), 14.0 / 16.0);
  EXPECT_EQ(stages[1].first, "gnn");
  EXPECT_THROW(summary.add_stage("Filtering", gnn), std::invalid_argument);
}

TEST(MetricsSummary, JsonHasTheKeysEvalPromises) {
  MetricsSummary summary;
  summary.add_event(event_with(4, 3, 5, 4, 0.6, 1.0));
  summary.add_stage("build_edges", EdgeCounts{100, 500, 50, 40, 38});
  summary.add_stage("filtering", EdgeCounts{100, 0, 0, 40, 0});
  const auto json = nlohmann::json::parse(summary.to_json());
  EXPECT_DOUBLE_EQ(json.at("track_efficiency").get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(json.at("track_efficiency_all_pt").get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(json.at("fake_rate").get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(json.at("duplicate_rate").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(json.at("trackml_score").get<double>(), 0.6);
  EXPECT_EQ(json.at("counts").at("candidates").get<int>(), 5);
  const auto& built = json.at("stages").at("build_edges");
  EXPECT_DOUBLE_EQ(built.at("edge_efficiency").get<double>(), 38.0 / 40.0);
  EXPECT_DOUBLE_EQ(built.at("edge_purity").get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(built.at("edges_per_spacepoint").get<double>(), 5.0);
  // A stage that kept no edge has no purity: null, not 0 or NaN.
  EXPECT_TRUE(json.at("stages").at("filtering").at("edge_purity").is_null());
  EXPECT_FALSE(json.at("stages").contains("gnn"));
  EXPECT_EQ(json.at("config").at("min_distinct_layers").get<int>(), 5);
}

TEST(MetricsSummary, WritesJsonFileAndReportsUnwritablePaths) {
  MetricsSummary summary;
  summary.add_event(event_with(1, 1, 1, 1, 1.0, 1.0));
  const testing::TempDirectory directory;
  const auto file = directory / "metrics.json";
  summary.write_json(file);
  std::ifstream in(file);
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(in).at("track_efficiency").get<double>(), 1.0);
  EXPECT_THROW(summary.write_json(file.parent_path() / "no such directory" / "metrics.json"), std::runtime_error);
}

}  // namespace
}  // namespace trackgnn
