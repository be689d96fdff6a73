// `mpirun -n 2 trackgnn run`: the ranks split the events, every event's tracks equal the
// single-process run's, and rank 0's table counts every event exactly once.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "throughput_test_support.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  result.status = ::pclose(pipe);
  return result;
}

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trackgnn_run(const fs::path& input, const fs::path& output, const std::string& extra) {
  return std::string(TRACKGNN_CLI) + " run --quiet --models " + testing::kTestModels.string() + " --input " +
         input.string() + " --output " + output.string() + " " + extra;
}

TEST(MpiRun, TwoRanksSplitTheEventsAndMatchTheSingleProcess) {
#ifndef TRACKGNN_MPIEXEC
  GTEST_SKIP() << "trackgnn was built without MPI (install libopenmpi-dev openmpi-bin and reconfigure)";
#else
  constexpr std::size_t kEvents = 11;  // odd: the ranks get 6 and 5
  TempDirectory events, single, ranks;
  testing::write_small_events(events.path(), kEvents);

  const CommandResult alone = run_command(trackgnn_run(events.path(), single.path(), "--threads 2"));
  ASSERT_EQ(alone.status, 0) << alone.output;
  const CommandResult split = run_command(std::string(TRACKGNN_MPIEXEC) + " -n 2 --oversubscribe --allow-run-as-root " +
                                          trackgnn_run(events.path(), ranks.path(), "--threads 1"));
  ASSERT_EQ(split.status, 0) << split.output;

  EXPECT_NE(split.output.find("rank 0 on cpu: 6 events"), std::string::npos) << split.output;
  EXPECT_NE(split.output.find("rank 1 on cpu: 5 events"), std::string::npos) << split.output;
  EXPECT_NE(split.output.find("Per-stage time per event (11 events)"), std::string::npos) << split.output;
  EXPECT_NE(split.output.find("x 2 ranks"), std::string::npos) << split.output;

  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(single.path())) {
    const fs::path twin = ranks.path() / entry.path().filename();
    ASSERT_TRUE(fs::exists(twin)) << twin;
    EXPECT_EQ(file_text(twin), file_text(entry.path())) << entry.path().filename();
    ++compared;
  }
  EXPECT_EQ(compared, kEvents);
  EXPECT_EQ(static_cast<std::size_t>(std::distance(fs::directory_iterator(ranks.path()), fs::directory_iterator())),
            kEvents);
#endif
}

TEST(MpiRun, AFailingRankEndsTheWholeRunWithItsError) {
#ifndef TRACKGNN_MPIEXEC
  GTEST_SKIP() << "trackgnn was built without MPI";
#else
  TempDirectory events, output;
  testing::write_small_events(events.path(), 4);
  // Event 2 goes to rank 1 (round robin); a bad field there must not leave rank 0 waiting.
  std::ofstream(events.path() / (io::event_prefix(2) + "-hits.csv"), std::ios::app) << "424242,1.0,oops,3.0,8,2,1\n";
  const CommandResult split = run_command(std::string(TRACKGNN_MPIEXEC) + " -n 2 --oversubscribe --allow-run-as-root " +
                                          trackgnn_run(events.path(), output.path(), "--threads 1"));
  EXPECT_NE(split.status, 0) << split.output;
  EXPECT_NE(split.output.find("error on rank 1"), std::string::npos) << split.output;
  EXPECT_NE(split.output.find("event000000002-hits.csv"), std::string::npos) << split.output;
#endif
}

}  // namespace
}  // namespace trackgnn
