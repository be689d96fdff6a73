// `trackgnn run` refuses option values that cannot be meant: negative counts (they would wrap
// to huge unsigned ones and be ignored) and thread counts far beyond the machine.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "temp_directory.hpp"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

TEST(RunOptions, NegativeCountsAndAbsurdThreadCountsAreRefused) {
  const testing::TempDirectory directory;
  const fs::path& scratch = directory.path();
  fs::create_directories(scratch / "events");
  const std::string base = "run --input \"" + (scratch / "events").string() + "\" --output \"" +
                           (scratch / "tracks").string() + "\" ";
  const struct {
    std::string option, says;
  } cases[] = {
      {"--events -1", "--events: must be a whole number >= 0, not -1"},
      {"--edge-chunk-size -5", "--edge-chunk-size: must be a whole number >= 0, not -5"},
      {"--threads 18446744073709551615", "--threads: Value 18446744073709551615 not in range 1 to"},
      {"--readers 0", "--readers: Value 0 not in range 1 to"},
  };
  for (const auto& c : cases) {
    const testing::CommandResult result = testing::run_cli(base + c.option, scratch);
    EXPECT_NE(result.status, 0) << c.option;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << c.option << ": " << result.output;
  }
}

}  // namespace
}  // namespace trackgnn
