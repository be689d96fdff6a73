// The model check compares every backend of the build with the reference on the tiny fixture
// card: agreement passes, a stale ONNX export fails on its GNN row, a legacy export passes once
// the ONNX guard has repaired it, and a model a backend refuses is listed, not failed.
#include "trackgnn/pipeline/model_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "io/io_test_support.hpp"
#include "models_check/tiny_card.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

using io::testing::TempDirectory;
using testing::tiny_card;
using testing::tiny_card_with_gnn_onnx;

const char* const kModels[] = {"embedding", "filter", "gnn"};

bool onnx_built() {
  const auto names = model_backends();
  return std::find(names.begin(), names.end(), "onnx") != names.end();
}

const ModelCheckRow& row(const ModelCheckReport& report, const std::string& model, const std::string& backend) {
  for (const auto& candidate : report.rows)
    if (candidate.model == model && candidate.backend == backend) return candidate;
  throw std::runtime_error("no row for " + model + " in " + backend);
}

// The check of a copy of the tiny card whose gnn.onnx is `gnn_onnx` (a file under the ONNX fixtures).
ModelCheckReport check_card_with_gnn_onnx(const std::string& gnn_onnx) {
  TempDirectory scratch;
  return check_models(ModelCard::load(tiny_card_with_gnn_onnx(scratch.path(), gnn_onnx)));
}

TEST(MaxAbsDifference, IsTheLargestGapAndInfiniteForWhatCannotBeCompared) {
  EXPECT_EQ(max_abs_difference({1.0f, 2.0f, 3.0f}, {1.0f, 2.5f, 2.75f}), 0.5f);
  EXPECT_EQ(max_abs_difference({}, {}), 0.0f);
  const float infinity = std::numeric_limits<float>::infinity();
  EXPECT_EQ(max_abs_difference({1.0f, NAN}, {1.0f, NAN}), infinity);
  EXPECT_EQ(max_abs_difference({1.0f, infinity}, {1.0f, infinity}), infinity);
  EXPECT_EQ(max_abs_difference({1.0f}, {1.0f, 2.0f}), infinity);
}

TEST(ModelCheck, EveryBackendAgreesOnTheTinyCard) {
  const ModelCheckReport report = check_models(ModelCard::load(tiny_card()));
  EXPECT_TRUE(report.passed()) << report.table();
  EXPECT_EQ(report.rows.size(), std::size(kModels) * model_backends().size());
  for (const std::string model : kModels) {
    EXPECT_EQ(row(report, model, kModelCheckReference).result, ModelCheckResult::reference) << report.table();
    for (const auto& backend : model_backends()) {
      const auto& checked = row(report, model, backend);
      EXPECT_LE(checked.max_abs_difference, kModelCheckTolerance) << model << " " << backend;
      EXPECT_NE(report.table().find(model), std::string::npos);
    }
  }
}

// An ONNX file exported from other weights than the TorchScript file beside it (make_gnn_fixtures.py's
// gnn_stale.onnx): only the GNN's onnx row differs, and the check fails.
TEST(ModelCheck, StaleOnnxExportFailsTheCheck) {
  if (!onnx_built()) GTEST_SKIP() << "no onnx backend in this build";
  const ModelCheckReport report = check_card_with_gnn_onnx("tiny_models/gnn_stale.onnx");
  EXPECT_FALSE(report.passed()) << report.table();
  const auto& stale = row(report, "gnn", "onnx");
  EXPECT_EQ(stale.result, ModelCheckResult::fail);
  EXPECT_GT(stale.max_abs_difference, kModelCheckTolerance);
  for (const auto& other : report.rows)
    if (&other != &stale) EXPECT_NE(other.result, ModelCheckResult::fail) << other.model << " " << other.backend;
  EXPECT_NE(report.table().find("FAIL"), std::string::npos) << report.table();
}

// The opset-12 export of the same GNN: the ONNX guard repairs its scatters, so it agrees.
TEST(ModelCheck, LegacyExportAgreesOnceRepaired) {
  if (!onnx_built()) GTEST_SKIP() << "no onnx backend in this build";
  const ModelCheckReport report = check_card_with_gnn_onnx("tiny_models/gnn_opset12.onnx");
  EXPECT_TRUE(report.passed()) << report.table();
  EXPECT_EQ(row(report, "gnn", "onnx").result, ModelCheckResult::pass);
}

// A backend that will not load a model cannot return a wrong answer: its row says why, and the
// check still passes.
TEST(ModelCheck, RefusedModelIsListedWithTheReasonWithoutFailing) {
  if (!onnx_built()) GTEST_SKIP() << "no onnx backend in this build";
  const ModelCheckReport report = check_card_with_gnn_onnx("scatter_into_input_opset13.onnx");
  EXPECT_TRUE(report.passed()) << report.table();
  const auto& refused = row(report, "gnn", "onnx");
  EXPECT_EQ(refused.result, ModelCheckResult::refused);
  EXPECT_NE(refused.message.find("re-export at opset >= 16"), std::string::npos) << refused.message;
}

TEST(ModelCheck, WithoutTheNamedReferenceTheFirstBackendThatRunsIsTheReference) {
  ModelCheckOptions options;
  options.reference_backend = "no-such-backend";
  const ModelCheckReport report = check_models(ModelCard::load(tiny_card()), options);
  EXPECT_TRUE(report.passed()) << report.table();
  EXPECT_EQ(row(report, "gnn", model_backends().front()).result, ModelCheckResult::reference) << report.table();
}

}  // namespace
}  // namespace trackgnn
