// `trackgnn simulate` end to end: the files it writes are the library's events for the same
// seed (whatever the thread count), its detectors.csv reads back, and bad options or a broken
// detector file fail with a message naming the problem.
#include <gtest/gtest.h>

#include "cli_runner.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <string>

#include "io/io_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn::simulation {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;

const fs::path kDetectorFile = fs::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample" / "detectors.csv";

using trackgnn::testing::CommandResult;

CommandResult run_cli(const std::string& arguments, const TempDirectory& scratch) {
  return trackgnn::testing::run_cli(arguments, scratch.path());
}

TEST(SimulateCommand, WritesTheLibrarysEventsAndTheDetector) {
  ASSERT_TRUE(fs::exists(TRACKGNN_CLI)) << "build the trackgnn_cli target first: " << TRACKGNN_CLI;
  TempDirectory scratch;
  const fs::path output = scratch / "events";
  const auto result = run_cli("simulate --events 2 --first-event 4 --pileup 5 --seed 11 --noise 0.2 --threads 2 "
                              "--hard-scatter none --quiet --output \"" + output.string() + "\"", scratch);
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(io::list_events(output), (std::vector<std::uint64_t>{4, 5}));

  SimulationConfig config;
  config.pileup = 5;
  config.seed = 11;
  config.noise_fraction = 0.2;
  config.hard_scatter = HardScatter::none;
  const Simulator simulator(Detector::from_csv(default_detector_file()), config);
  for (std::uint64_t event_id : {4, 5}) io::testing::expect_events_equal(simulator.simulate(event_id), io::read_event(output, event_id));
  EXPECT_EQ(Detector::from_csv(output / "detectors.csv").module_count(), 18728u);
}

TEST(SimulateCommand, TakesTheGeometryFromADetectorFile) {
  if (!fs::exists(kDetectorFile)) GTEST_SKIP() << kDetectorFile << " is absent (no ../shared data)";
  TempDirectory scratch;
  const auto result = run_cli("simulate --events 1 --pileup 3 --quiet --detector \"" + kDetectorFile.string() +
                                  "\" --output \"" + (scratch / "events").string() + "\"",
                              scratch);
  ASSERT_EQ(result.status, 0) << result.output;
  const Event event = io::read_event(scratch / "events", 1);
  EXPECT_GT(event.spacepoints.size(), 1000u);
  // Module ids come from the file: every one names a real module of its layer.
  const Detector real = Detector::from_csv(kDetectorFile);
  std::set<std::tuple<int, int, std::int64_t>> modules;
  for (const auto& layer : real.layers())
    for (const auto& ring : layer.rings)
      for (auto id : ring.module_ids) modules.insert({layer.volume_id, layer.layer_id, id});
  for (std::size_t i = 0; i < event.spacepoints.size(); ++i)
    ASSERT_EQ(modules.count({event.spacepoints.volume_id[i], event.spacepoints.layer_id[i], event.spacepoints.module_id[i]}), 1u);
}

TEST(SimulateCommand, BadOptionsAndFilesFailClearly) {
  TempDirectory scratch;
  const auto bad_option = run_cli("simulate --hard-scatter wbb --output \"" + (scratch / "a").string() + "\"", scratch);
  EXPECT_NE(bad_option.status, 0);
  EXPECT_NE(bad_option.output.find("wbb"), std::string::npos) << bad_option.output;

  const fs::path broken = scratch / "broken.csv";
  io::testing::write_text(broken, "volume_id,layer_id,module_id,cx,cy,cz,rot_xu,rot_xv,rot_xw,rot_yu,rot_yv,rot_yw,"
                                  "rot_zu,rot_zv,rot_zw,module_t,module_minhu,module_maxhu,module_hv,pitch_u,pitch_v\n"
                                  "8,2,1,-31.6,-6.29,-455.0,0.33,0.0,-0.94,-0.94,0.0\n");
  const auto bad_file = run_cli("simulate --detector \"" + broken.string() + "\" --output \"" +
                                    (scratch / "b").string() + "\"", scratch);
  EXPECT_NE(bad_file.status, 0);
  EXPECT_NE(bad_file.output.find("broken.csv:2"), std::string::npos) << bad_file.output;
}

}  // namespace
}  // namespace trackgnn::simulation
