// What `trackgnn eval --plots` writes, from the library side: the CSV of every series (counts
// summed over events, values and error bars from the sums) and the index the plotting script reads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "metrics/binned_test_event.hpp"
#include "metrics/csv_table.hpp"
#include "trackgnn/metrics/binomial_interval.hpp"
#include "trackgnn/metrics/metric_plots.hpp"
#include "temp_directory.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

class MetricPlotsTest : public ::testing::Test {
 protected:
  testing::TempDirectory scratch;
  // Made by the code under test.
  const fs::path directory = scratch / "plots";
  test::BinnedTestEvent event;
};

TEST_F(MetricPlotsTest, CsvsHoldTheCountsSummedOverEventsWithTheirErrorBars) {
  BinnedMetricsSummary summary;
  const BinnedTrackCounts counts = compute_binned_track_counts(event.builder.event(), event.candidates());
  summary.add_event(counts);
  summary.add_event(counts);  // a second, identical event: every count doubles
  const auto written = summary.write(directory, "two events");
  EXPECT_EQ(written.size(), 5u);  // no stage edges: no edge-efficiency plot
  EXPECT_FALSE(fs::exists(directory / "edge_efficiency_vs_pt.csv"));

  const test::CsvTable pt = test::read_csv_table(directory / "efficiency_vs_pt.csv");
  EXPECT_EQ(pt.header, (std::vector<std::string>{"bin_low", "bin_high", "numerator", "denominator", "value",
                                                 "error_low", "error_high"}));
  ASSERT_EQ(pt.rows.size(), 14u);
  EXPECT_EQ(test::csv_column(pt, 0).front(), "0.1");
  EXPECT_EQ(test::csv_column(pt, 1).back(), "100");
  EXPECT_EQ(test::csv_column(pt, 2),
            (std::vector<std::string>{"0", "0", "0", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0", "0"}));
  EXPECT_EQ(test::csv_column(pt, 3),
            (std::vector<std::string>{"0", "0", "0", "2", "0", "2", "0", "2", "0", "0", "0", "2", "0", "0"}));
  // An empty bin has no value; a full one has its upper error 0 and the lower one from the interval.
  EXPECT_EQ(pt.rows[0][4], "nan");
  EXPECT_EQ(pt.rows[0][6], "nan");
  EXPECT_DOUBLE_EQ(std::stod(pt.rows[3][4]), 1.0);
  EXPECT_NEAR(std::stod(pt.rows[3][5]), 1.0 - clopper_pearson(2, 2)->low, 1e-12);
  EXPECT_DOUBLE_EQ(std::stod(pt.rows[3][6]), 0.0);
  EXPECT_DOUBLE_EQ(std::stod(pt.rows[5][4]), 0.0);
  EXPECT_DOUBLE_EQ(std::stod(pt.rows[5][5]), 0.0);
  EXPECT_NEAR(std::stod(pt.rows[5][6]), clopper_pearson(0, 2)->high, 1e-12);

  const test::CsvTable fakes = test::read_csv_table(directory / "fake_rate_vs_eta.csv");
  ASSERT_EQ(fakes.rows.size(), 16u);
  EXPECT_EQ(fakes.rows[8][2], "4");
  EXPECT_EQ(fakes.rows[8][3], "8");
  EXPECT_DOUBLE_EQ(std::stod(fakes.rows[8][4]), 0.5);

  std::ifstream in(directory / kPlotIndexFile);
  const auto index = nlohmann::json::parse(in);
  EXPECT_EQ(index.at("title").get<std::string>(), "two events");
  const auto& plots = index.at("plots");
  ASSERT_EQ(plots.size(), 5u);
  EXPECT_EQ(plots[0].at("name").get<std::string>(), "efficiency_vs_pt");
  EXPECT_EQ(plots[0].at("png").get<std::string>(), "efficiency_vs_pt.png");
  EXPECT_TRUE(plots[0].at("log_x").get<bool>());
  EXPECT_EQ(plots[0].at("series")[0].at("csv").get<std::string>(), "efficiency_vs_pt.csv");
  EXPECT_NE(plots[1].at("x_label").get<std::string>().find("pT > 1 GeV"), std::string::npos);
  EXPECT_TRUE(plots[3].at("y_limits").is_null());  // rates: fitted to the data
}

TEST_F(MetricPlotsTest, EdgeEfficiencyHasOneSeriesPerStageInPipelineOrder) {
  BinnedMetricsSummary summary;
  BinnedCounts gnn(MetricBinning{}.pt_edges), built(MetricBinning{}.pt_edges);
  gnn.fill(2.5, true);
  built.fill(2.5, true);
  built.fill(2.5, false);
  summary.add_stage("gnn", gnn);
  summary.add_stage("build_edges", built);
  const auto plots = summary.plots();
  ASSERT_EQ(plots.size(), 6u);
  const MetricPlot& edges = plots.back();
  EXPECT_EQ(edges.name, "edge_efficiency_vs_pt");
  ASSERT_EQ(edges.series.size(), 2u);
  EXPECT_EQ(edges.series[0].label, "build_edges");
  EXPECT_EQ(edges.series[0].csv_file, "edge_efficiency_vs_pt_build_edges.csv");
  EXPECT_EQ(edges.series[1].label, "gnn");

  summary.write(directory, "stages");
  const test::CsvTable built_table = test::read_csv_table(directory / "edge_efficiency_vs_pt_build_edges.csv");
  EXPECT_EQ(built_table.rows[7][2], "1");
  EXPECT_EQ(built_table.rows[7][3], "2");

  EXPECT_THROW(summary.add_stage("Filtering", gnn), std::invalid_argument);
  EXPECT_THROW(summary.add_stage("gnn", BinnedCounts({0.0, 1.0})), std::invalid_argument);
}

TEST_F(MetricPlotsTest, UnwritableDirectoryIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  BinnedMetricsSummary summary;
  EXPECT_THROW(summary.write("/dev/full/plots", "title"), std::runtime_error);
}

}  // namespace
}  // namespace trackgnn
