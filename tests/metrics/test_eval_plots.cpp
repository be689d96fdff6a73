// `trackgnn eval --plots` end to end on the hand-built event of binned_test_event.hpp, written
// as TrackML files: the CSVs carry the per-bin counts of the chosen rule and threshold, the JSON
// records both; PNGs are drawn when a Python with matplotlib is there, and their absence is a
// warning, never silent; a failing plotting script fails the command.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "temp_directory.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "metrics/binned_test_event.hpp"
#include "metrics/csv_table.hpp"
#include "trackgnn/io/stage_edges.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::run_cli;

constexpr std::uint64_t kEventId = 1;
const std::vector<std::string> kTrackPlots{"efficiency_vs_pt", "efficiency_vs_eta", "efficiency_vs_phi",
                                           "fake_rate_vs_eta", "duplicate_rate_vs_eta"};
constexpr char kPngSignature[] = "\x89PNG";

// Sets an environment variable for the test's lifetime (the command inherits it).
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnvironment() { ::unsetenv(name_); }

 private:
  const char* name_;
};

class EvalPlots : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(scratch / "events");
    fs::create_directories(scratch / "tracks");
    Event& event = hand_built.builder.event();
    event.event_id = kEventId;
    io::write_event(event, scratch / "events");
    io::write_tracks(scratch / "tracks", kEventId, event.spacepoints, hand_built.candidates());
    // Graph building kept A's first two target edges and all of B's.
    std::vector<std::int64_t> sources, targets;
    for (const auto& chain :
         {test::BinnedTestEvent::chain(hand_built.a, 0, 3), test::BinnedTestEvent::chain(hand_built.b, 0, 6)}) {
      for (const auto& [inner, outer] : chain) {
        sources.push_back(inner);
        targets.push_back(outer);
      }
    }
    std::vector<std::int64_t> edge_index = sources;
    edge_index.insert(edge_index.end(), targets.begin(), targets.end());
    io::write_stage_edges(scratch / "tracks", kEventId, event.spacepoints, "build_edges", edge_index, {});
  }

  CommandResult eval(const std::string& extra) {
    return run_cli("eval --input \"" + (scratch / "events").string() + "\" --tracks \"" +
                       (scratch / "tracks").string() + "\" --plots \"" + plots().string() + "\" " + extra,
                   scratch);
  }
  fs::path plots() const { return scratch / "plots"; }

  testing::TempDirectory directory;
  const fs::path& scratch = directory.path();
  test::BinnedTestEvent hand_built;
};

bool is_png(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string start(sizeof(kPngSignature) - 1, '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  return in && start == kPngSignature;
}

// The tight rule above 2 GeV: A and C in the eta plot, A found; c5 is one more fake (in eta bin 12).
TEST_F(EvalPlots, WritesTheCsvsOfTheChosenRuleAndThresholdAndRecordsThem) {
  const CommandResult result =
      eval("--matching tight --pt-min 2 --json \"" + (scratch / "metrics.json").string() + "\"");
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("matching: tight"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("duplicate rate (pT > 2 GeV)"), std::string::npos) << result.output;

  for (const std::string& name : kTrackPlots) EXPECT_TRUE(fs::exists(plots() / (name + ".csv"))) << name;
  EXPECT_TRUE(fs::exists(plots() / "edge_efficiency_vs_pt_build_edges.csv"));
  EXPECT_FALSE(fs::exists(plots() / "edge_efficiency_vs_pt_gnn.csv"));

  const test::CsvTable eta = test::read_csv_table(plots() / "efficiency_vs_eta.csv");
  ASSERT_EQ(eta.rows.size(), 16u);
  EXPECT_EQ(test::csv_column(eta, 2),
            (std::vector<std::string>{"0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0"}));
  EXPECT_EQ(test::csv_column(eta, 3),
            (std::vector<std::string>{"0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "1", "0", "0"}));
  const test::CsvTable fakes = test::read_csv_table(plots() / "fake_rate_vs_eta.csv");
  EXPECT_EQ(test::csv_column(fakes, 2),
            (std::vector<std::string>{"0", "0", "0", "0", "0", "0", "0", "0", "2", "0", "0", "0", "1", "0", "0", "0"}));
  const test::CsvTable edges = test::read_csv_table(plots() / "edge_efficiency_vs_pt_build_edges.csv");
  EXPECT_EQ(edges.rows[7][2], "2");  // A: 2 of its 9 target edges
  EXPECT_EQ(edges.rows[7][3], "9");
  EXPECT_EQ(edges.rows[3][2], "5");  // B: all 5

  std::ifstream in(scratch / "metrics.json");
  const auto json = nlohmann::json::parse(in);
  EXPECT_EQ(json.at("config").at("matching").get<std::string>(), "tight");
  EXPECT_DOUBLE_EQ(json.at("config").at("min_pt").get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(json.at("track_efficiency").get<double>(), 0.5);
  // c1, c2 (A), c4 (C), c8 (F) matched above 2 GeV; c2 duplicates A.
  EXPECT_DOUBLE_EQ(json.at("duplicate_rate_above_min_pt").get<double>(), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(json.at("duplicate_rate").get<double>(), 1.0 / 9.0);

  if (result.output.find("no PNG plots drawn") != std::string::npos) {
    std::cout << "[  SKIPPED ] PNG check: no Python with matplotlib here (" << result.output << ")\n";
    return;
  }
  for (const std::string& name : kTrackPlots) EXPECT_TRUE(is_png(plots() / (name + ".png"))) << name;
  EXPECT_TRUE(is_png(plots() / "edge_efficiency_vs_pt.png"));
}

// Without a usable Python the CSVs are still written and the command succeeds, with a warning
// naming what is missing.
TEST_F(EvalPlots, MissingPythonIsAWarningNamingItAndTheCsvsStillCome) {
  const ScopedEnvironment python("TRACKGNN_PYTHON", (scratch / "no-such-python").string());
  const CommandResult result = eval("");
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("warning: no PNG plots drawn"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("no-such-python not found"), std::string::npos) << result.output;
  EXPECT_TRUE(fs::exists(plots() / "efficiency_vs_pt.csv"));
  EXPECT_FALSE(fs::exists(plots() / "efficiency_vs_pt.png"));
}

// A Python that has matplotlib but whose plotting fails: the command fails, saying so.
TEST_F(EvalPlots, FailingPlotScriptFailsTheCommand) {
  const fs::path fake_python = scratch / "fake-python";
  {
    std::ofstream script(fake_python);
    script << "#!/bin/sh\n# imports succeed; running a script fails\n[ \"$1\" = \"-c\" ] && exit 0\nexit 3\n";
  }
  fs::permissions(fake_python, fs::perms::owner_all);
  const ScopedEnvironment python("TRACKGNN_PYTHON", fake_python.string());
  const CommandResult result = eval("");
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("failed (exit status 3)"), std::string::npos) << result.output;
  EXPECT_TRUE(fs::exists(plots() / "efficiency_vs_pt.csv"));
}

TEST_F(EvalPlots, UnknownMatchingRuleIsRefusedNamingTheKnownOnes) {
  const CommandResult result = eval("--matching Majority");
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("double_majority"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(plots()));
}

}  // namespace
}  // namespace trackgnn
