// The card's edge-classifier conventions as ModelEdgeClassifier applies them, on hand-made
// graphs and probe models whose outputs are known in closed form: the doubled graph's two
// directions averaged back per edge, probabilities taken as they are (no second sigmoid), logits
// through the sigmoid, out-of-range "probabilities" refused; and the TorchScript backend's
// float64-feature and int32-edge-index variants.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/io_test_support.hpp"
#include "edge_classification/model_edge_classifier.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/graph/graph.hpp"
#include "trackgnn/models/model.hpp"
#include "trackgnn/pipeline/stage_times.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;

// One feature per node; edges 0 -> 1, 1 -> 2, 0 -> 2.
const std::vector<float> kNodeFeature{0.1f, 0.2f, 0.3f};
const std::vector<std::int64_t> kEdges{0, 1, 0, /* targets */ 1, 2, 2};
constexpr std::int64_t kNumEdges = 3;

// value(s -> d) = x_s + 2 x_d: the two directions of one edge differ, so the mean shows both.
const char* kSourcePlusTwiceTarget = R"(
def forward(self, x, edge_index):
    return x[edge_index[0], 0] + 2.0 * x[edge_index[1], 0]
)";

float source_plus_twice_target(std::int64_t source, std::int64_t target) {
  return kNodeFeature[source] + 2.0f * kNodeFeature[target];
}

float sigmoid(float value) { return 1.0f / (1.0f + std::exp(-value)); }

// TorchScript compares dtypes as ScalarType codes; `torch.float64` is not a value in C++-defined code.
std::string dtype_code(torch::ScalarType type) { return std::to_string(static_cast<int>(type)); }

fs::path save_probe(const fs::path& directory, const std::string& name, const std::string& forward) {
  torch::jit::Module module("__torch__." + name);
  module.define(forward);
  const fs::path file = directory / (name + ".pt");
  module.save(file.string());
  return file;
}

// Where the probe models are saved; each reads one node feature.
struct ProbeDirectory {
  fs::path directory;
};

ProbeDirectory settings_for(const fs::path& directory) { return {directory}; }

EdgeClassifierCard classifier_card(const fs::path& model, EdgeGraph graph, EdgeOutput output) {
  EdgeClassifierCard card;
  card.files.torchscript = model.filename().string();
  card.graph = graph;
  card.output = output;
  card.prune = false;
  return card;
}

std::vector<float> classify(const ProbeDirectory& settings, const EdgeClassifierCard& card, bool chunkable = true) {
  ModelEdgeClassifierConfig config;
  config.model = {settings.directory / card.files.torchscript, Device::cpu(), Precision::fp32, 1};
  config.card = card;
  config.chunkable = chunkable;
  const ModelEdgeClassifier classifier(config);
  Graph graph;
  graph.num_nodes = static_cast<std::int64_t>(kNodeFeature.size());
  graph.num_features = 1;
  graph.node_features.copy_from_host(kNodeFeature.data(), kNodeFeature.size());
  graph.edge_index.copy_from_host(kEdges.data(), kEdges.size());
  classifier.classify(graph, ExecutionContext{Device::cpu(), nullptr});
  return graph.edge_scores.to_host();
}

class EdgeConventions : public ::testing::Test {
 protected:
  TempDirectory scratch;
  ProbeDirectory settings = settings_for(scratch.path());
  fs::path probe = save_probe(scratch.path(), "SourcePlusTwiceTarget", kSourcePlusTwiceTarget);
};

TEST_F(EdgeConventions, DirectedProbabilitiesAreTakenAsTheModelReturnsThem) {
  const auto scores = classify(settings, classifier_card(probe, EdgeGraph::directed, EdgeOutput::probabilities));
  ASSERT_EQ(scores.size(), static_cast<std::size_t>(kNumEdges));
  for (std::int64_t e = 0; e < kNumEdges; ++e)
    EXPECT_FLOAT_EQ(scores[e], source_plus_twice_target(kEdges[e], kEdges[kNumEdges + e]))
        << "edge " << e << ": a probability must not go through the sigmoid again";
}

TEST_F(EdgeConventions, DirectedLogitsGoThroughTheSigmoid) {
  const auto scores = classify(settings, classifier_card(probe, EdgeGraph::directed, EdgeOutput::logits));
  for (std::int64_t e = 0; e < kNumEdges; ++e)
    EXPECT_FLOAT_EQ(scores[e], sigmoid(source_plus_twice_target(kEdges[e], kEdges[kNumEdges + e]))) << "edge " << e;
}

// Doubled: the model sees s -> d and d -> s; the edge's score is the mean of the two outputs,
// (x_s + 2 x_d + x_d + 2 x_s) / 2, in what the model returns (before the sigmoid for logits).
TEST_F(EdgeConventions, DoubledGraphScoresAreTheMeanOfBothDirections) {
  const auto probabilities = classify(settings, classifier_card(probe, EdgeGraph::doubled, EdgeOutput::probabilities));
  const auto from_logits = classify(settings, classifier_card(probe, EdgeGraph::doubled, EdgeOutput::logits));
  ASSERT_EQ(probabilities.size(), static_cast<std::size_t>(kNumEdges));
  for (std::int64_t e = 0; e < kNumEdges; ++e) {
    const std::int64_t source = kEdges[e], target = kEdges[kNumEdges + e];
    const float mean = 0.5f * (source_plus_twice_target(source, target) + source_plus_twice_target(target, source));
    EXPECT_FLOAT_EQ(probabilities[e], mean) << "edge " << e;
    EXPECT_FLOAT_EQ(from_logits[e], sigmoid(mean)) << "edge " << e;
  }
}

// The doubled graph is laid out as the E edges, then the same E reversed: a probe that encodes
// each column's (source, target) shows which columns were averaged together.
TEST_F(EdgeConventions, DoubledGraphPairsEachEdgeWithItsReverse) {
  const fs::path encoder = save_probe(scratch.path(), "EncodesEndpoints", R"(
def forward(self, x, edge_index):
    return (10 * edge_index[0] + edge_index[1]).float()
)");
  const auto scores = classify(settings, classifier_card(encoder, EdgeGraph::doubled, EdgeOutput::logits));
  const auto directed = classify(settings, classifier_card(encoder, EdgeGraph::directed, EdgeOutput::logits));
  for (std::int64_t e = 0; e < kNumEdges; ++e) {
    const float source = static_cast<float>(kEdges[e]), target = static_cast<float>(kEdges[kNumEdges + e]);
    EXPECT_FLOAT_EQ(scores[e], sigmoid(0.5f * ((10 * source + target) + (10 * target + source)))) << "edge " << e;
    EXPECT_FLOAT_EQ(directed[e], sigmoid(10 * source + target)) << "edge " << e;
  }
}

TEST_F(EdgeConventions, ChunkedDoubledGraphGivesTheSameScores) {
  auto card = classifier_card(probe, EdgeGraph::doubled, EdgeOutput::probabilities);
  const auto whole = classify(settings, card);
  card.edge_chunk_size = 2;
  EXPECT_EQ(classify(settings, card), whole);
}

TEST_F(EdgeConventions, ProbabilitiesOutsideTheUnitIntervalAreRefused) {
  const fs::path logits = save_probe(scratch.path(), "ReturnsLogits", R"(
def forward(self, x, edge_index):
    return 10.0 * x[edge_index[0], 0] - 5.0
)");
  try {
    classify(settings, classifier_card(logits, EdgeGraph::directed, EdgeOutput::probabilities));
    FAIL() << "expected an error";
  } catch (const ModelError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("outside [0, 1]"), std::string::npos) << message;
    EXPECT_NE(message.find("\"output\": \"logits\""), std::string::npos) << message;
  }
}

TEST_F(EdgeConventions, ModelReturningOneValuePerEdgeOfADoubledGraphIsAClearError) {
  // Returns the first half of its edges' values (rounded up: the load-time probe has one edge).
  const fs::path merged = save_probe(scratch.path(), "MergesItself", R"(
def forward(self, x, edge_index):
    half = (edge_index.size(1) + 1) // 2
    return x[edge_index[0, :half], 0]
)");
  try {
    classify(settings, classifier_card(merged, EdgeGraph::doubled, EdgeOutput::probabilities));
    FAIL() << "expected an error";
  } catch (const ModelError& error) {
    EXPECT_NE(std::string(error.what()).find("returned 3 values, expected 6"), std::string::npos) << error.what();
  }
}

// Exports traced or trained in float64, or taking int32 indices, load and run: the backend finds
// the input types at load time and converts on each call.
TEST_F(EdgeConventions, Float64FeaturesAndInt32EdgeIndicesAreAccepted) {
  const fs::path float64 = save_probe(scratch.path(), "WantsFloat64", R"(
def forward(self, x, edge_index):
    assert x.dtype == )" + dtype_code(torch::kDouble) + R"(, "expects float64 features"
    return x[edge_index[0], 0] + 2.0 * x[edge_index[1], 0]
)");
  const fs::path int32 = save_probe(scratch.path(), "WantsInt32", R"(
def forward(self, x, edge_index):
    assert edge_index.dtype == )" + dtype_code(torch::kInt) + R"(, "expects int32 edge indices"
    return x[edge_index[0].long(), 0] + 2.0 * x[edge_index[1].long(), 0]
)");
  for (const fs::path& model : {float64, int32}) {
    const auto scores = classify(settings, classifier_card(model, EdgeGraph::directed, EdgeOutput::probabilities));
    for (std::int64_t e = 0; e < kNumEdges; ++e)
      EXPECT_FLOAT_EQ(scores[e], source_plus_twice_target(kEdges[e], kEdges[kNumEdges + e]))
          << model.filename() << " edge " << e;
  }
}

TEST_F(EdgeConventions, Float64EmbeddingIsAccepted) {
  const fs::path embedding = save_probe(scratch.path(), "Float64Embedding", R"(
def forward(self, x):
    assert x.dtype == )" + dtype_code(torch::kDouble) + R"(, "expects float64 features"
    return torch.cat([x, 2.0 * x], dim=1)
)");
  const auto model = load_node_model("torchscript", {embedding, Device::cpu(), Precision::fp32, 1});
  EXPECT_EQ(model->output_dim(), 2);
  std::vector<float> output(2 * kNodeFeature.size());
  model->forward(kNodeFeature.data(), static_cast<std::int64_t>(kNodeFeature.size()), 1, output.data(), {});
  for (std::size_t i = 0; i < kNodeFeature.size(); ++i) {
    EXPECT_FLOAT_EQ(output[2 * i], kNodeFeature[i]);
    EXPECT_FLOAT_EQ(output[2 * i + 1], 2.0f * kNodeFeature[i]);
  }
}

// A model that fails with every input type reports the float32 attempt's error.
TEST_F(EdgeConventions, ModelThatAcceptsNoInputTypeReportsTheFloat32Error) {
  const fs::path broken = save_probe(scratch.path(), "AlwaysFails", R"(
def forward(self, x, edge_index):
    assert x.size(0) < 0, "this model never runs"
    return x[edge_index[0], 0]
)");
  try {
    load_edge_model("torchscript", {broken, Device::cpu(), Precision::fp32, 1});
    FAIL() << "expected an error";
  } catch (const ModelError& error) {
    EXPECT_NE(std::string(error.what()).find("this model never runs"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace trackgnn
