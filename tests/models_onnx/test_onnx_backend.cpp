// The onnx backend on the committed fixtures: exact numbers, zero-size inputs, concurrent use,
// and clear errors for models that do not fit the model card.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "models_onnx/onnx_test_support.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {
namespace {

using testing::fixture_spec;

constexpr std::int64_t kEmbeddingFeatures = 3;
constexpr std::int64_t kEmbeddingDim = 2;
// linear_embedding.onnx computes x W^T + b with these (make_scatter_fixtures.py).
const float kWeight[kEmbeddingDim][kEmbeddingFeatures] = {{1.0f, 2.0f, 3.0f}, {-1.0f, 0.0f, 0.5f}};
const float kBias[kEmbeddingDim] = {0.25f, -0.5f};

std::unique_ptr<ModelBackend> onnx() { return ModelBackendRegistry::instance().create("onnx"); }

std::vector<float> expected_embedding(const std::vector<float>& x) {
  std::vector<float> result;
  for (std::size_t node = 0; node < x.size() / kEmbeddingFeatures; ++node)
    for (std::int64_t out = 0; out < kEmbeddingDim; ++out) {
      float value = kBias[out];
      for (std::int64_t in = 0; in < kEmbeddingFeatures; ++in) value += kWeight[out][in] * x[node * kEmbeddingFeatures + in];
      result.push_back(value);
    }
  return result;
}

TEST(OnnxBackend, EmbeddingComputesTheExportedLinearLayer) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto model = onnx()->load_node_model(fixture_spec("linear_embedding.onnx", kEmbeddingFeatures));
  ASSERT_EQ(model->output_dim(), kEmbeddingDim);
  const std::vector<float> x = {0.1f, 0.2f, 0.3f, -1.0f, 2.0f, 0.5f, 0.0f, 0.0f, 0.0f, 10.0f, -3.0f, 4.0f};
  const std::int64_t nodes = static_cast<std::int64_t>(x.size()) / kEmbeddingFeatures;
  std::vector<float> output(nodes * kEmbeddingDim, NAN);
  model->forward(x.data(), nodes, kEmbeddingFeatures, output.data(), ExecutionContext{});
  auto expected = expected_embedding(x);
  // e.g. the first spacepoint: 0.25 + 0.1 + 0.4 + 0.9 = 1.65
  EXPECT_NEAR(expected[0], 1.65f, 1e-6f);
  for (std::size_t i = 0; i < output.size(); ++i) EXPECT_NEAR(output[i], expected[i], 1e-5f) << i;
}

TEST(OnnxBackend, ZeroSpacepointsAndZeroEdgesWriteNothing) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto node_model = onnx()->load_node_model(fixture_spec("linear_embedding.onnx", kEmbeddingFeatures));
  float untouched = 42.0f;
  node_model->forward(nullptr, 0, kEmbeddingFeatures, &untouched, ExecutionContext{});
  EXPECT_EQ(untouched, 42.0f);
  auto edge_model = onnx()->load_edge_model(fixture_spec("scatter_add_opset16.onnx", kEmbeddingFeatures));
  const std::vector<float> x(2 * kEmbeddingFeatures, 1.0f);
  edge_model->forward(x.data(), 2, kEmbeddingFeatures, nullptr, 0, &untouched, ExecutionContext{});
  EXPECT_EQ(untouched, 42.0f);
}

TEST(OnnxBackend, OneModelServesManyThreadsAtOnce) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto model = onnx()->load_node_model(fixture_spec("linear_embedding.onnx", kEmbeddingFeatures));
  constexpr int kThreads = 4;
  constexpr int kRunsPerThread = 50;
  std::vector<std::vector<float>> inputs(kThreads), outputs(kThreads);
  for (int thread = 0; thread < kThreads; ++thread) {
    for (int node = 0; node < 100 * (thread + 1); ++node)
      for (int feature = 0; feature < kEmbeddingFeatures; ++feature)
        inputs[thread].push_back(0.01f * static_cast<float>(node) - 0.5f * static_cast<float>(feature + thread));
    outputs[thread].resize(inputs[thread].size() / kEmbeddingFeatures * kEmbeddingDim);
  }
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread)
    threads.emplace_back([&, thread] {
      for (int run = 0; run < kRunsPerThread; ++run)
        model->forward(inputs[thread].data(), static_cast<std::int64_t>(inputs[thread].size()) / kEmbeddingFeatures,
                       kEmbeddingFeatures, outputs[thread].data(), ExecutionContext{});
    });
  for (auto& thread : threads) thread.join();
  for (int thread = 0; thread < kThreads; ++thread) {
    auto expected = expected_embedding(inputs[thread]);
    for (std::size_t i = 0; i < expected.size(); ++i) ASSERT_NEAR(outputs[thread][i], expected[i], 1e-5f) << thread;
  }
}

template <typename Load>
std::string load_error(Load load) {
  try {
    load();
  } catch (const ModelError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a ModelError";
  return {};
}

TEST(OnnxBackend, ModelTakingOtherFeaturesThanTheCardIsRefusedAtLoad) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto message = load_error([] { onnx()->load_node_model(fixture_spec("linear_embedding.onnx", 4)); });
  EXPECT_NE(message.find("linear_embedding.onnx"), std::string::npos) << message;
  EXPECT_NE(message.find("takes 3 features per spacepoint, the model card gives 4"), std::string::npos) << message;
  message = load_error([] { onnx()->load_edge_model(fixture_spec("scatter_add_opset16.onnx", 5)); });
  EXPECT_NE(message.find("takes 3 features per spacepoint, the model card gives 5"), std::string::npos) << message;
}

TEST(OnnxBackend, ModelOfTheWrongStageIsRefusedAtLoad) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto message = load_error([] { onnx()->load_edge_model(fixture_spec("linear_embedding.onnx", kEmbeddingFeatures)); });
  EXPECT_NE(message.find("an edge model takes two inputs"), std::string::npos) << message;
  EXPECT_NE(message.find("(x: float[?, 3]) -> (embedding: float[?, 2])"), std::string::npos) << message;
  message = load_error([] { onnx()->load_node_model(fixture_spec("scatter_add_opset16.onnx", kEmbeddingFeatures)); });
  EXPECT_NE(message.find("an embedding model takes one input"), std::string::npos) << message;
}

TEST(OnnxBackend, MissingOrCorruptFileIsAModelErrorNamingTheFile) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto message = load_error([] { onnx()->load_node_model(fixture_spec("no_such_model.onnx", kEmbeddingFeatures)); });
  EXPECT_NE(message.find("no_such_model.onnx"), std::string::npos) << message;
  // A file that is not a protobuf at all: the generator script.
  ModelSpec not_a_model;
  not_a_model.file = testing::onnx_fixture("../make_scatter_fixtures.py");
  not_a_model.num_features = kEmbeddingFeatures;
  message = load_error([&] { onnx()->load_node_model(not_a_model); });
  EXPECT_NE(message.find("make_scatter_fixtures.py"), std::string::npos) << message;
}

TEST(OnnxBackend, CudaDeviceAndReducedPrecisionAreConfigurationErrors) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto spec = fixture_spec("linear_embedding.onnx", kEmbeddingFeatures);
  spec.device = Device::cuda();
  EXPECT_THROW(onnx()->load_node_model(spec), std::invalid_argument);
  spec.device = Device::cpu();
  spec.precision = Precision::bf16;
  EXPECT_THROW(onnx()->load_node_model(spec), std::invalid_argument);
}

TEST(OnnxBackend, CallWithAnotherFeatureCountThanLoadedIsAModelError) {
  TRACKGNN_SKIP_WITHOUT_ONNX();
  auto model = onnx()->load_node_model(fixture_spec("linear_embedding.onnx", kEmbeddingFeatures));
  std::vector<float> x(8, 0.0f), output(8, 0.0f);
  EXPECT_THROW(model->forward(x.data(), 2, 4, output.data(), ExecutionContext{}), ModelError);
}

}  // namespace
}  // namespace trackgnn
