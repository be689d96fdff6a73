// `trackgnn models check DIR` and `trackgnn run --check-models` end to end: the table and exit
// status 0 where the backends agree; exit status 1, and no tracks, where an ONNX export is stale.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/io_test_support.hpp"
#include "models_check/tiny_card.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;
using testing::run_cli;
using testing::tiny_card;
using testing::tiny_card_with_gnn_onnx;

bool onnx_built() {
  const auto names = model_backends();
  return std::find(names.begin(), names.end(), "onnx") != names.end();
}

std::string quoted(const fs::path& path) { return "\"" + path.string() + "\""; }

TEST(ModelsCheckCommand, PrintsTheTableAndSucceedsWhereTheBackendsAgree) {
  ASSERT_TRUE(fs::exists(TRACKGNN_CLI)) << "build the trackgnn_cli target first: " << TRACKGNN_CLI;
  TempDirectory scratch;
  const auto result = run_cli("models check " + quoted(tiny_card()), scratch.path());
  EXPECT_EQ(result.status, 0) << result.output;
  for (const std::string expected :
       {"max |diff|", "tolerance", "embedding", "filter", "gnn", "torchscript", "reference", "models check passed"})
    EXPECT_NE(result.output.find(expected), std::string::npos) << expected << " missing from:\n" << result.output;
}

TEST(ModelsCheckCommand, FailsOnAStaleOnnxExport) {
  if (!onnx_built()) GTEST_SKIP() << "no onnx backend in this build";
  TempDirectory scratch;
  const fs::path card = tiny_card_with_gnn_onnx(scratch.path(), "tiny_models/gnn_stale.onnx");
  const auto result = run_cli("models check " + quoted(card), scratch.path());
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("FAIL"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("models check FAILED"), std::string::npos) << result.output;
}

TEST(ModelsCheckCommand, MissingDirectoryIsAnError) {
  TempDirectory scratch;
  const auto result = run_cli("models check " + quoted(scratch / "no-such-directory"), scratch.path());
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("no-such-directory"), std::string::npos) << result.output;
}

TEST(RunCheckModels, RefusesToRunWhenTheBackendsDisagree) {
  if (!onnx_built()) GTEST_SKIP() << "no onnx backend in this build";
  TempDirectory scratch;
  const fs::path card = tiny_card_with_gnn_onnx(scratch.path(), "tiny_models/gnn_stale.onnx");
  fs::create_directories(scratch / "events");
  const auto result = run_cli("run --check-models --quiet --models " + quoted(card) + " --input " +
                                  quoted(scratch / "events") + " --output " + quoted(scratch / "tracks"),
                              scratch.path());
  EXPECT_NE(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("--check-models: the model backends disagree on the models of"), std::string::npos)
      << result.output;
  EXPECT_FALSE(fs::exists(scratch / "tracks")) << "tracks written although the check failed";
}

TEST(RunCheckModels, ChecksAndThenRunsWhenTheBackendsAgree) {
  TempDirectory scratch;
  const auto simulated =
      run_cli("simulate --events 1 --pileup 1 --seed 3 --quiet --output " + quoted(scratch / "events"), scratch.path());
  ASSERT_EQ(simulated.status, 0) << simulated.output;
  const auto result = run_cli("run --check-models --quiet --models " + quoted(tiny_card()) + " --input " +
                                  quoted(scratch / "events") + " --output " + quoted(scratch / "tracks"),
                              scratch.path());
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("models check of"), std::string::npos) << result.output;
  EXPECT_TRUE(fs::exists(scratch / "tracks" / "event000000001-tracks.csv")) << result.output;
}

}  // namespace
}  // namespace trackgnn
