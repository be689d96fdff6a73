// `trackgnn eval` end to end on the real TrackML sample: truth-perfect tracks and hand-made
// stage edges in, the metrics they must give out; a missing tracks file is a clear failure.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "temp_directory.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "trackgnn/io/stage_edges.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

const fs::path kSampleDirectory = fs::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample";
constexpr std::uint64_t kSampleEvent = 1;

using testing::CommandResult;
using testing::run_cli;

class EvalCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSampleDirectory / "event000000001-truth.csv")) {
      GTEST_SKIP() << "no TrackML sample at " << kSampleDirectory << " (../shared is not part of a fresh clone)";
    }
    fs::create_directories(scratch / "tracks");
  }

  std::string arguments() const {
    return "eval --input \"" + kSampleDirectory.string() + "\" --tracks \"" + (scratch / "tracks").string() +
           "\" --models \"" + (fs::path(TRACKGNN_SOURCE_DIR) / "models" / "default").string() + "\" --json \"" +
           (scratch / "metrics.json").string() + "\"";
  }

  testing::TempDirectory directory;
  const fs::path& scratch = directory.path();
};

// Tracks = the truth particles; build_edges = every pair of hits of a particle (so every target
// edge and only true edges); filtering = the same edges all scored 0, under any positive cut.
TEST_F(EvalCommand, PerfectTracksAndEdgesGivePerfectMetrics) {
  io::ReadOptions options;
  options.cells = false;
  const Event event = io::read_event(kSampleDirectory, kSampleEvent, options);
  std::map<std::uint64_t, std::vector<std::int32_t>> hits_of;
  for (std::size_t hit = 0; hit < event.spacepoints.size(); ++hit) {
    if (event.truth->particle_id[hit] != 0) hits_of[event.truth->particle_id[hit]].push_back(static_cast<std::int32_t>(hit));
  }
  TrackCandidates tracks;
  std::vector<std::int64_t> sources, targets;
  for (const auto& [particle, hits] : hits_of) {
    tracks.add_track(hits);
    for (std::size_t i = 0; i < hits.size(); ++i)
      for (std::size_t j = i + 1; j < hits.size(); ++j) {
        sources.push_back(hits[i]);
        targets.push_back(hits[j]);
      }
  }
  std::vector<std::int64_t> edge_index = sources;
  edge_index.insert(edge_index.end(), targets.begin(), targets.end());
  const fs::path tracks_directory = scratch / "tracks";
  io::write_tracks(tracks_directory, kSampleEvent, event.spacepoints, tracks);
  io::write_stage_edges(tracks_directory, kSampleEvent, event.spacepoints, "build_edges", edge_index, {});
  io::write_stage_edges(tracks_directory, kSampleEvent, event.spacepoints, "filtering", edge_index,
                        std::vector<float>(sources.size(), 0.0f));

  const CommandResult result = run_cli(arguments(), scratch);
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("TrackML score"), std::string::npos) << result.output;

  std::ifstream in(scratch / "metrics.json");
  const auto json = nlohmann::json::parse(in);
  EXPECT_EQ(json.at("events").get<int>(), 1);
  EXPECT_DOUBLE_EQ(json.at("track_efficiency").get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(json.at("track_efficiency_all_pt").get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(json.at("fake_rate").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(json.at("duplicate_rate").get<double>(), 0.0);
  EXPECT_NEAR(json.at("trackml_score").get<double>(), 1.0, 1e-9);
  EXPECT_EQ(json.at("counts").at("reconstructable_particles").get<int>(), 52);
  const auto& built = json.at("stages").at("build_edges");
  EXPECT_DOUBLE_EQ(built.at("edge_efficiency").get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(built.at("edge_purity").get<double>(), 1.0);
  EXPECT_EQ(built.at("counts").at("kept_edges").get<std::size_t>(), sources.size());
  const auto& filtered = json.at("stages").at("filtering");
  EXPECT_DOUBLE_EQ(filtered.at("edge_efficiency").get<double>(), 0.0);
  EXPECT_TRUE(filtered.at("edge_purity").is_null());
  EXPECT_FALSE(json.at("stages").contains("gnn"));
}

TEST_F(EvalCommand, MissingTracksFileFailsNamingTheFile) {
  const CommandResult result = run_cli(arguments(), scratch);
  EXPECT_NE(result.status, 0);
  EXPECT_NE(result.output.find("event000000001-tracks.csv"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(scratch / "metrics.json"));
}

// A metrics file that cannot be written (a full disk) is an error, not "metrics written".
TEST_F(EvalCommand, UnwritableMetricsFileFails) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  io::ReadOptions options;
  options.cells = false;
  const Event event = io::read_event(kSampleDirectory, kSampleEvent, options);
  TrackCandidates tracks;
  tracks.add_track({0, 1, 2});
  io::write_tracks(scratch / "tracks", kSampleEvent, event.spacepoints, tracks);
  const std::string arguments = "eval --input \"" + kSampleDirectory.string() + "\" --tracks \"" +
                                (scratch / "tracks").string() + "\" --json /dev/full";
  const CommandResult result = run_cli(arguments, scratch);
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("cannot write metrics JSON"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace trackgnn
