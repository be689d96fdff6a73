// Why the GNN must be exported with a summing scatter (ScatterElements or ScatterND with
// reduction="add"), and what the backend does with one that is not: the fixtures (made by
// make_scatter_fixtures.py) are one message-passing step, each edge sending its source's
// features to its target and the messages summed per target. A target reached by several edges
// is exactly where a reduction-less ScatterElements keeps one message instead of the sum; the
// backend repairs such a scatter when it adds into zeros, and refuses the model otherwise.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models_onnx/onnx_test_support.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {
namespace {

using testing::fixture_spec;

constexpr std::int64_t kNodes = 5;
constexpr std::int64_t kFeatures = 3;  // fixed by the fixtures
constexpr float kTolerance = 1e-5f;

// Node 3 receives three edges and node 1 two; nodes 0 and 4 one each.
const std::vector<float> kFeaturesData = {0.5f, 1.0f, 2.0f,    1.5f, -0.5f, 0.25f, 3.0f, 0.0f, 1.0f,
                                          -2.0f, 4.0f, 0.75f,  0.125f, 0.5f, -1.0f};
const std::vector<std::int64_t> kSources = {0, 2, 4, 0, 1, 3, 2};
const std::vector<std::int64_t> kTargets = {3, 3, 3, 1, 4, 1, 0};

std::vector<std::int64_t> edge_index() {
  std::vector<std::int64_t> edges(kSources);
  edges.insert(edges.end(), kTargets.begin(), kTargets.end());
  return edges;
}

// logit[e] = sum over f of (sum over edges into target(e) of x[source, f])
std::vector<float> summed_logits() {
  std::vector<double> aggregate_sum(kNodes, 0.0);
  for (std::size_t edge = 0; edge < kSources.size(); ++edge)
    for (std::int64_t feature = 0; feature < kFeatures; ++feature)
      aggregate_sum[kTargets[edge]] += kFeaturesData[kSources[edge] * kFeatures + feature];
  std::vector<float> logits;
  for (auto target : kTargets) logits.push_back(static_cast<float>(aggregate_sum[target]));
  return logits;
}

std::map<std::int64_t, int> incoming_edges() {
  std::map<std::int64_t, int> count;
  for (auto target : kTargets) ++count[target];
  return count;
}

std::vector<float> run_fixture(const std::string& name) {
  auto model = ModelBackendRegistry::instance().create("onnx")->load_edge_model(fixture_spec(name, kFeatures));
  auto edges = edge_index();
  const auto num_edges = static_cast<std::int64_t>(kSources.size());
  std::vector<float> logits(num_edges, NAN);
  model->forward(kFeaturesData.data(), kNodes, kFeatures, edges.data(), num_edges, logits.data(), ExecutionContext{});
  return logits;
}

TEST(OnnxScatterAdd, ReductionAddAtOpset16SumsMessagesOfDuplicateTargets) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto logits = run_fixture("scatter_add_opset16.onnx");
  auto expected = summed_logits();
  // Hand check of one target: node 3 sums nodes 0, 2 and 4 (3.5 + 4.0 - 0.375).
  EXPECT_NEAR(expected[0], 7.125f, kTolerance);
  for (std::size_t edge = 0; edge < logits.size(); ++edge) EXPECT_NEAR(logits[edge], expected[edge], kTolerance) << edge;
}

// The faster equivalent: index_add exported as ScatterND(reduction="add") over whole rows.
TEST(OnnxScatterAdd, IndexAddAsScatterNdSumsMessagesOfDuplicateTargets) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto logits = run_fixture("index_add_scatternd_opset16.onnx");
  auto expected = summed_logits();
  for (std::size_t edge = 0; edge < logits.size(); ++edge) EXPECT_NEAR(logits[edge], expected[edge], kTolerance) << edge;
}

void expect_summed(const std::string& fixture) {
  auto logits = run_fixture(fixture);
  auto expected = summed_logits();
  ASSERT_GT(incoming_edges()[kTargets.front()], 1) << "the first edge's target must receive several messages";
  for (std::size_t edge = 0; edge < logits.size(); ++edge)
    EXPECT_NEAR(logits[edge], expected[edge], kTolerance) << fixture << " edge " << edge;
}

// torch below opset 16: ScatterElements without a reduction into ConstantOfShape zeros. As exported,
// ONNX Runtime would keep one message per target; the guard makes it sum.
TEST(OnnxScatterAdd, ScatterAddBelowOpset16IsRepairedToTheSum) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  expect_summed("scatter_add_opset13.onnx");
}

// torch 1.13 has no opset-16 index_add: the same reduction-less scatter, already at opset 16.
TEST(OnnxScatterAdd, IndexAddWithoutReductionIsRepairedToTheSum) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  expect_summed("index_add_opset16.onnx");
}

// reduction="none" written out is no reduction either.
TEST(OnnxScatterAdd, ExplicitReductionNoneIsRepairedToTheSum) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  expect_summed("scatter_reduction_none_opset16.onnx");
}

struct Refusal {
  std::string fixture;
  std::string reason;  // what the message must say about the node
};

class OnnxScatterRefusal : public ::testing::TestWithParam<Refusal> {};

// Every other reduction-less scatter stops the load with the node, the file and the fix.
TEST_P(OnnxScatterRefusal, NamesTheNodeTheFileAndTheFix) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  const auto& refusal = GetParam();
  try {
    run_fixture(refusal.fixture);
    FAIL() << refusal.fixture << " was loaded";
  } catch (const ModelError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(refusal.fixture), std::string::npos) << message;
    EXPECT_NE(message.find(refusal.reason), std::string::npos) << message;
    EXPECT_NE(message.find("re-export at opset >= 16 with a summing scatter"), std::string::npos) << message;
    EXPECT_NE(message.find("or use --backend torchscript"), std::string::npos) << message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, OnnxScatterRefusal,
    ::testing::Values(
        Refusal{"scatter_into_input_opset13.onnx",
                "ScatterElements node '/ScatterElements' has no reduction and scatters into data that is not zeros: "
                "'x' is an input of the graph"},
        Refusal{"scatter_into_ones_opset13.onnx",
                "ScatterElements node '/ScatterElements' has no reduction and scatters into data that is not zeros: "
                "'/ConstantOfShape_2_output_0' is a ConstantOfShape of a non-zero value"},
        Refusal{"scatter_add_overridable_zeros_opset13.onnx",
                "'/Constant_7_output_0' is an initializer that the graph also takes as an input"},
        Refusal{"scatter_add_in_if_opset13.onnx",
                "ScatterElements node '/ScatterElements_then' has no reduction and lies inside a subgraph of If "
                "node 'scatter_if'"},
        Refusal{"scatter_add_opset10.onnx", "Scatter node '/Scatter' is the opset 9-10 Scatter"},
        Refusal{"scatter_add_softmax_opset12.onnx",
                "the model's opset 12 cannot be raised to it: Softmax node '/Softmax': at opset 13 it works along "
                "one axis"}),
    [](const auto& info) {
      std::string name = info.param.fixture.substr(0, info.param.fixture.find('.'));
      return name;
    });

}  // namespace
}  // namespace trackgnn
