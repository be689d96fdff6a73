// The native backend must compute what the TorchScript backend computes, on the graphs the
// pipeline really builds, and refuse any file whose structure it does not know.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "models/native/forward.hpp"
#include "models/native/fused_ops.hpp"
#include "models/native/network_weights.hpp"
#include "trackgnn/core/buffer.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/graph/node_features.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/simulation/simulator.hpp"
#include "temp_directory.hpp"
#include "card_pipeline.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

// Both backends compute in float32 on the same CPU and differ only in the order of additions (the
// GNN's first layers are summed from per-node and per-edge products). Through six residual
// message-passing rounds with LayerNorm that order moves a GNN logit by up to ~2e-4 on the event
// below, while TorchScript's own float32 logits are up to 7e-4 from the same model in float64.
// So the backends must agree to kMaxLogitDifference, the native logits must be as close to
// float64 as TorchScript's (within kAccuracyFactor), and on average the backends may differ by no
// more than float32 rounding moves TorchScript's own logits (within the same factor): a model with
// larger logits rounds more, so this bound follows the model instead of being one number.
constexpr double kMaxLogitDifference = 1e-3;
constexpr double kAccuracyFactor = 1.5;
// Zero-padding a first layer's inputs only reorders float32 additions: on average its outputs move
// by a few ulps of O(1) values.
constexpr double kMeanPaddingDifference = 1e-5;
// The embedding's layers add bias and tanh after the product instead of inside it: the same sums
// in float32, so its coordinates (O(1) values) agree to a few ulps.
constexpr double kMaxEmbeddingDifference = 1e-5;
// A few thousand spacepoints: hundreds of thousands of candidate edges would only slow the test.
constexpr double kPileup = 3;
constexpr std::uint64_t kSeed = 4242;

fs::path model_directory(const std::string& name) { return fs::path(TRACKGNN_SOURCE_DIR) / "models" / name; }

// One simulated event through the TorchScript pipeline: its node features and the edges that
// entered the filter and the GNN.
struct RealGraph {
  std::int64_t num_nodes = 0;
  std::int64_t num_features = 0;
  std::vector<float> features;
  std::vector<std::int64_t> filter_edges;
  std::vector<std::int64_t> gnn_edges;
};

RealGraph simulate_graph(const fs::path& models) {
  simulation::SimulationConfig simulation;
  simulation.pileup = kPileup;
  simulation.seed = kSeed;
  const Event event = simulation::Simulator(simulation::Detector::trackml(), simulation).simulate(1);
  const auto pipeline_owner = Pipeline::from_card(models);
  const Pipeline& pipeline = *pipeline_owner;
  const auto result = testing::run_keeping_stage_graphs(pipeline, event.spacepoints);
  RealGraph graph;
  std::vector<float> positions;
  build_node_features(event.spacepoints, pipeline.card().features, graph.features, positions);
  graph.num_features = pipeline.card().num_features();
  graph.num_nodes = static_cast<std::int64_t>(graph.features.size()) / graph.num_features;
  graph.filter_edges = result.stage_graphs.at(0).edge_index;
  graph.gnn_edges = result.stage_graphs.at(1).edge_index;
  return graph;
}

std::vector<float> logits(const std::string& backend_name, const fs::path& file, const RealGraph& graph,
                          const std::vector<std::int64_t>& edges, Device device = Device::cpu(),
                          Precision precision = Precision::fp32) {
  const auto backend = ModelBackendRegistry::instance().create(backend_name);
  const auto model = backend->load_edge_model({file, device, precision, graph.num_features});
  const auto num_edges = static_cast<std::int64_t>(edges.size() / 2);
  const auto features = Buffer<float>::from_host(graph.features, device);
  const auto edge_index = Buffer<std::int64_t>::from_host(edges, device);
  Buffer<float> result(device);
  result.resize(static_cast<std::size_t>(num_edges));
  model->forward(features.data(), graph.num_nodes, graph.num_features, edge_index.data(), num_edges, result.data(),
                 ExecutionContext{device, nullptr, nullptr});
  return result.to_host();
}

// The model in float64 on the same inputs: the exact answer the float32 backends approximate
// (rounded to float32 at the end, as the model returns its logits).
std::vector<double> float64_logits(const fs::path& file, const RealGraph& graph, const std::vector<std::int64_t>& edges) {
  torch::NoGradGuard no_grad;
  torch::jit::Module module = torch::jit::load(file.string());
  module.to(torch::kDouble);
  const auto num_edges = static_cast<std::int64_t>(edges.size() / 2);
  const torch::Tensor x = torch::tensor(graph.features).reshape({graph.num_nodes, graph.num_features}).to(torch::kDouble);
  const torch::Tensor edge_index = torch::tensor(edges).reshape({2, num_edges});
  const torch::Tensor result = module.forward({x, edge_index}).toTensor().to(torch::kDouble).contiguous();
  return {result.data_ptr<double>(), result.data_ptr<double>() + num_edges};
}

struct Differences {
  double largest = 0, mean = 0;
};

template <typename A, typename B>
Differences differences(const std::vector<A>& a, const std::vector<B>& b) {
  Differences result;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double difference = std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i]));
    result.largest = std::max(result.largest, difference);
    result.mean += difference / static_cast<double>(a.size());
  }
  return result;
}

void expect_same_logits(const fs::path& file, const RealGraph& graph, const std::vector<std::int64_t>& edges) {
  ASSERT_GT(edges.size() / 2, 1000u) << "too few edges to compare on";
  const std::vector<float> reference = logits("torchscript", file, graph, edges);
  const std::vector<float> native = logits("native", file, graph, edges);
  const std::vector<double> exact = float64_logits(file, graph, edges);
  ASSERT_EQ(native.size(), reference.size());
  ASSERT_EQ(exact.size(), reference.size());
  std::size_t positive = 0;
  double largest_logit = 0;
  for (std::size_t e = 0; e < reference.size(); ++e) {
    ASSERT_TRUE(std::isfinite(native[e])) << file << " edge " << e;
    ASSERT_NEAR(native[e], reference[e], kMaxLogitDifference) << file << " edge " << e;
    positive += reference[e] > 0;
    largest_logit = std::max(largest_logit, std::abs(exact[e]));
  }
  // Logits of both signs and of several units: the comparison covers the whole working range.
  EXPECT_GT(positive, 0u);
  EXPECT_LT(positive, reference.size());
  EXPECT_GT(largest_logit, 3.0);
  const Differences between = differences(native, reference);
  const Differences native_error = differences(native, exact);
  const Differences torchscript_error = differences(reference, exact);
  EXPECT_LE(between.mean, kAccuracyFactor * torchscript_error.mean + 1e-7) << file;
  EXPECT_LE(native_error.largest, kAccuracyFactor * torchscript_error.largest + 1e-6) << file;
  EXPECT_LE(native_error.mean, kAccuracyFactor * torchscript_error.mean + 1e-7) << file;
  std::printf("%s: %zu edges, largest |logit| %.2f; native - torchscript: largest %.2e, mean %.2e; "
              "error against float64: native %.2e (mean %.2e), torchscript %.2e (mean %.2e)\n",
              file.string().c_str(), reference.size(), largest_logit, between.largest, between.mean,
              native_error.largest, native_error.mean, torchscript_error.largest, torchscript_error.mean);
}

class NativeBackendMatchesTorchScript : public ::testing::TestWithParam<std::string> {};

TEST_P(NativeBackendMatchesTorchScript, FilterAndGnnLogitsOnASimulatedEvent) {
  const fs::path models = model_directory(GetParam());
  const RealGraph graph = simulate_graph(models);
  expect_same_logits(models / "filter.pt", graph, graph.filter_edges);
  expect_same_logits(models / "gnn.pt", graph, graph.gnn_edges);
}

INSTANTIATE_TEST_SUITE_P(ShippedModels, NativeBackendMatchesTorchScript, ::testing::Values("default", "sim-mu200-v1"));

// models/default with channels pruned away (tests/models/make_pruned_fixture.py): every hidden layer
// of another width, none of the GNN's 64, so that the widths come from the weights alone and the
// GNN takes the unfused path on a GPU. Same graph and tolerances as the shipped models.
fs::path pruned_fixture() { return fs::path(TRACKGNN_SOURCE_DIR) / "tests" / "models" / "fixtures" / "pruned-default"; }

TEST(NativeBackend, PrunedWidthsMatchTorchScript) {
  const RealGraph graph = simulate_graph(model_directory("default"));
  expect_same_logits(pruned_fixture() / "filter.pt", graph, graph.filter_edges);
  expect_same_logits(pruned_fixture() / "gnn.pt", graph, graph.gnn_edges);
  const fs::path embedding = pruned_fixture() / "embedding.pt";
  const auto native = ModelBackendRegistry::instance().create("native")->load_node_model(
      {embedding, Device::cpu(), Precision::fp32, graph.num_features});
  const auto reference = ModelBackendRegistry::instance().create("torchscript")->load_node_model(
      {embedding, Device::cpu(), Precision::fp32, graph.num_features});
  std::vector<float> a(static_cast<std::size_t>(graph.num_nodes * native->output_dim())), b(a.size());
  native->forward(graph.features.data(), graph.num_nodes, graph.num_features, a.data(), ExecutionContext{});
  reference->forward(graph.features.data(), graph.num_nodes, graph.num_features, b.data(), ExecutionContext{});
  EXPECT_LE(differences(a, b).largest, kMaxEmbeddingDifference);
}

// On a GPU (skipped without one), in each precision: the native logits must be as close to the
// float64 answer as TorchScript's on average (the kernels sum in float32 where TorchScript's
// scatter_add sums in the working precision, so reduced precision should come out closer), and
// agree with TorchScript's in float32 as on the CPU.
class NativeBackendOnCuda : public ::testing::TestWithParam<Precision> {};

TEST_P(NativeBackendOnCuda, AsAccurateAsTorchScript) {
  if (!cuda_available()) GTEST_SKIP() << "no CUDA device";
  const Precision precision = GetParam();
  const fs::path models = model_directory("sim-mu200-v1");
  const RealGraph graph = simulate_graph(models);
  // The pruned fixture's widths on the same edges: its filter's GEMMs at widths 96, 64 and 40, its
  // GNN on the unfused path (the fused edge kernel takes 64-wide layers only).
  for (const auto& [file, edges] : {std::make_pair(models / "filter.pt", graph.filter_edges),
                                    std::make_pair(models / "gnn.pt", graph.gnn_edges),
                                    std::make_pair(pruned_fixture() / "filter.pt", graph.filter_edges),
                                    std::make_pair(pruned_fixture() / "gnn.pt", graph.gnn_edges)}) {
    const std::vector<float> reference = logits("torchscript", file, graph, edges, Device::cuda(), precision);
    const std::vector<float> native = logits("native", file, graph, edges, Device::cuda(), precision);
    const std::vector<double> exact = float64_logits(file, graph, edges);
    const Differences between = differences(native, reference);
    const Differences native_error = differences(native, exact);
    const Differences torchscript_error = differences(reference, exact);
    if (precision == Precision::fp32) EXPECT_LE(between.largest, kMaxLogitDifference) << file;
    EXPECT_LE(native_error.mean, kAccuracyFactor * torchscript_error.mean + 1e-7) << file << " " << to_string(precision);
    std::printf("cuda %s %s: native - torchscript: largest %.2e, mean %.2e; error against float64: native %.2e "
                "(mean %.2e), torchscript %.2e (mean %.2e)\n",
                to_string(precision).c_str(), file.string().c_str(), between.largest, between.mean, native_error.largest,
                native_error.mean, torchscript_error.largest, torchscript_error.mean);
  }
}

std::vector<float> embedding(const std::string& backend_name, const fs::path& file, const RealGraph& graph,
                             Device device, Precision precision) {
  const auto model = ModelBackendRegistry::instance().create(backend_name)->load_node_model(
      {file, device, precision, graph.num_features});
  const auto features = Buffer<float>::from_host(graph.features, device);
  Buffer<float> result(device);
  result.resize(static_cast<std::size_t>(graph.num_nodes * model->output_dim()));
  model->forward(features.data(), graph.num_nodes, graph.num_features, result.data(),
                 ExecutionContext{device, nullptr, nullptr});
  return result.to_host();
}

TEST_P(NativeBackendOnCuda, EmbeddingAsAccurateAsTorchScript) {
  if (!cuda_available()) GTEST_SKIP() << "no CUDA device";
  const Precision precision = GetParam();
  const fs::path models = model_directory("sim-mu200-v1");
  const fs::path file = models / "embedding.pt";
  const RealGraph graph = simulate_graph(models);
  const std::vector<float> exact = embedding("torchscript", file, graph, Device::cpu(), Precision::fp32);
  const std::vector<float> reference = embedding("torchscript", file, graph, Device::cuda(), precision);
  const std::vector<float> native = embedding("native", file, graph, Device::cuda(), precision);
  const Differences between = differences(native, reference);
  const Differences native_error = differences(native, exact);
  const Differences torchscript_error = differences(reference, exact);
  if (precision == Precision::fp32) EXPECT_LE(between.largest, kMaxEmbeddingDifference) << file;
  EXPECT_LE(native_error.mean, kAccuracyFactor * torchscript_error.mean + 1e-7) << file << " " << to_string(precision);
  std::printf("cuda %s %s: native - torchscript: largest %.2e, mean %.2e; error against the CPU in float32: native "
              "%.2e (mean %.2e), torchscript %.2e (mean %.2e)\n",
              to_string(precision).c_str(), file.string().c_str(), between.largest, between.mean, native_error.largest,
              native_error.mean, torchscript_error.largest, torchscript_error.mean);
}

INSTANTIATE_TEST_SUITE_P(Precisions, NativeBackendOnCuda,
                         ::testing::Values(Precision::fp32, Precision::fp16, Precision::bf16),
                         [](const ::testing::TestParamInfo<Precision>& info) { return to_string(info.param); });

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ModelError& error) {
    return error.what();
  }
  return "no ModelError";
}

TEST(NativeBackend, EmbeddingMatchesTorchScript) {
  const fs::path file = model_directory("default") / "embedding.pt";
  const auto native = ModelBackendRegistry::instance().create("native")->load_node_model({file, Device::cpu(), Precision::fp32, 3});
  const auto reference =
      ModelBackendRegistry::instance().create("torchscript")->load_node_model({file, Device::cpu(), Precision::fp32, 3});
  ASSERT_EQ(native->output_dim(), reference->output_dim());
  const RealGraph graph = simulate_graph(model_directory("default"));
  const std::int64_t n = graph.num_nodes;
  std::vector<float> a(static_cast<std::size_t>(n * native->output_dim())), b(a.size());
  native->forward(graph.features.data(), n, graph.num_features, a.data(), ExecutionContext{});
  reference->forward(graph.features.data(), n, graph.num_features, b.data(), ExecutionContext{});
  double largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(double{a[i]} - double{b[i]}));
  EXPECT_LE(largest, kMaxEmbeddingDifference) << n << " spacepoints";
}

// On a cuda device in fp16/bf16 the first layers read rows padded with zero columns to 16 bytes,
// for cuBLAS's aligned kernels; nowhere else (on the CPU it would only add work).
TEST(NativeBackend, FirstLayerInputsAreAlignedOnlyForReducedPrecisionOnCuda) {
  for (const Precision precision : {Precision::fp16, Precision::bf16}) {
    EXPECT_EQ(native::aligned_input_width(3, Device::cuda(), precision), 8);
    EXPECT_EQ(native::aligned_input_width(9, Device::cuda(), precision), 16);
    EXPECT_EQ(native::aligned_input_width(16, Device::cuda(), precision), 16);
  }
  EXPECT_EQ(native::aligned_input_width(9, Device::cuda(), Precision::fp32), 9);
  EXPECT_EQ(native::aligned_input_width(9, Device::cpu(), Precision::fp32), 9);
}

// The padded layout run on the CPU, on a real event: the networks' inputs written in padded rows
// are the unpadded values followed by exact zeros, and the networks with their first layers padded
// as on a GPU in fp16 compute what they compute unpadded. Zero weight columns times zero inputs
// add +0, but the CPU's matrix product blocks a wider inner dimension differently: the first
// layers' float32 sums come out in another order, which is all that separates the two, as it
// separates the native backend from TorchScript (same tolerances).
class PaddedFirstLayers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { graph_ = new RealGraph(simulate_graph(model_directory("default"))); }
  static void TearDownTestSuite() {
    delete graph_;
    graph_ = nullptr;
  }

  static ModelSpec spec(const std::string& name) {
    return {model_directory("default") / name, Device::cpu(), Precision::fp32, graph_->num_features};
  }
  static at::Tensor x() {
    return at::from_blob(graph_->features.data(), {graph_->num_nodes, graph_->num_features});
  }
  static at::Tensor edges(std::vector<std::int64_t>& edge_index) {
    return at::from_blob(edge_index.data(), {2, static_cast<std::int64_t>(edge_index.size() / 2)}, at::kLong);
  }
  static std::int64_t padded_width(std::int64_t width) {
    return native::aligned_input_width(width, Device::cuda(), Precision::fp16);
  }
  static void pad(native::DenseLayer& first) {
    const std::int64_t width = padded_width(first.inputs());
    ASSERT_GT(width, first.inputs());
    native::pad_inputs(first, width);
    EXPECT_EQ(first.inputs(), width);
  }
  // The padded rows' first `width` columns are the plain rows, the rest exactly zero.
  static void expect_padded_rows(const at::Tensor& padded, const at::Tensor& plain) {
    const std::int64_t width = plain.size(1);
    ASSERT_EQ(padded.size(0), plain.size(0));
    ASSERT_GT(padded.size(1), width);
    EXPECT_TRUE(at::equal(padded.narrow(1, 0, width), plain));
    EXPECT_EQ(padded.narrow(1, width, padded.size(1) - width).count_nonzero().item<std::int64_t>(), 0);
  }
  static void expect_same_outputs(const at::Tensor& padded, const at::Tensor& plain, double largest_allowed,
                                  const std::string& what) {
    ASSERT_EQ(padded.sizes(), plain.sizes()) << what;
    const at::Tensor difference = (padded - plain).abs();
    const double largest = difference.max().item<double>(), mean = difference.mean().item<double>();
    EXPECT_LE(largest, largest_allowed) << what;
    EXPECT_LE(mean, kMeanPaddingDifference) << what;
    std::printf("%s: padded - unpadded first layers: largest %.2e, mean %.2e over %lld outputs\n", what.c_str(),
                largest, mean, static_cast<long long>(plain.numel()));
  }

  static RealGraph* graph_;
  const native::FusedOps ops_{Device::cpu(), Precision::fp32, nullptr};
};

RealGraph* PaddedFirstLayers::graph_ = nullptr;

TEST_F(PaddedFirstLayers, InputsEndInZeroColumns) {
  const auto filter = std::get<native::EdgeFilterWeights>(native::load_edge_network(spec("filter.pt")));
  const at::Tensor edge_index = edges(graph_->filter_edges);
  const std::int64_t edge_width = 3 * graph_->num_features, node_width = graph_->num_features;
  expect_padded_rows(ops_.edge_inputs(x(), edge_index, filter.edge_inputs, padded_width(edge_width)),
                     ops_.edge_inputs(x(), edge_index, filter.edge_inputs, edge_width));
  const auto embedding = native::load_node_network(spec("embedding.pt"));
  expect_padded_rows(ops_.standardize(x(), embedding.mean, embedding.inverse_std, padded_width(node_width)),
                     ops_.standardize(x(), embedding.mean, embedding.inverse_std, node_width));
}

TEST_F(PaddedFirstLayers, NetworksComputeTheSameOutputs) {
  auto gnn = std::get<native::InteractionNetworkWeights>(native::load_edge_network(spec("gnn.pt")));
  const at::Tensor gnn_edges = edges(graph_->gnn_edges);
  const at::Tensor gnn_plain = native::forward(gnn, x(), gnn_edges, ops_);
  pad(gnn.node_encoder.front());
  pad(gnn.edge_encoder.front());
  expect_same_outputs(native::forward(gnn, x(), gnn_edges, ops_), gnn_plain, kMaxLogitDifference, "gnn");

  auto filter = std::get<native::EdgeFilterWeights>(native::load_edge_network(spec("filter.pt")));
  const at::Tensor filter_edges = edges(graph_->filter_edges);
  const at::Tensor filter_plain = native::forward(filter, x(), filter_edges, ops_);
  pad(filter.network.front());
  expect_same_outputs(native::forward(filter, x(), filter_edges, ops_), filter_plain, kMaxLogitDifference, "filter");

  auto embedding = native::load_node_network(spec("embedding.pt"));
  const at::Tensor embedding_plain = native::forward(embedding, x(), ops_);
  pad(embedding.network.front());
  expect_same_outputs(native::forward(embedding, x(), ops_), embedding_plain, kMaxEmbeddingDifference, "embedding");
}

// The first layers that read the features keep their parameters as trained, float32 and
// unpadded, for the GPU's first-layer kernel; the layers that read hidden values keep none.
TEST(NativeBackend, KeepsTheFeatureReadingFirstLayersAsTrained) {
  const fs::path directory = model_directory("default");
  const ModelSpec gnn_spec{directory / "gnn.pt", Device::cpu(), Precision::fp32, 3};
  const ModelSpec filter_spec{directory / "filter.pt", Device::cpu(), Precision::fp32, 3};
  const ModelSpec embedding_spec{directory / "embedding.pt", Device::cpu(), Precision::fp32, 3};
  const auto gnn = std::get<native::InteractionNetworkWeights>(native::load_edge_network(gnn_spec));
  const auto filter = std::get<native::EdgeFilterWeights>(native::load_edge_network(filter_spec));
  const auto embedding = native::load_node_network(embedding_spec);

  const auto parameters = [](const fs::path& file) {
    std::map<std::string, at::Tensor> values;
    for (const auto& parameter : torch::jit::load(file.string()).named_parameters())
      values[parameter.name] = parameter.value.detach().to(at::kFloat);
    return values;
  };
  const auto expect_as_trained = [](const native::DenseLayer& layer, std::map<std::string, at::Tensor>& trained,
                                    const std::string& linear, const std::string& norm) {
    const native::DenseLayer::AsTrained& kept = layer.as_trained;
    ASSERT_TRUE(kept.weight.defined()) << linear;
    EXPECT_TRUE(at::equal(kept.weight, trained.at(linear + ".weight"))) << linear;
    EXPECT_TRUE(at::equal(kept.bias, trained.at(linear + ".bias"))) << linear;
    EXPECT_EQ(kept.weight.scalar_type(), at::kFloat) << linear;
    if (norm.empty()) {
      EXPECT_FALSE(kept.norm_weight.defined()) << linear;
      return;
    }
    ASSERT_TRUE(kept.norm_weight.defined()) << norm;
    EXPECT_TRUE(at::equal(kept.norm_weight, trained.at(norm + ".weight"))) << norm;
    EXPECT_TRUE(at::equal(kept.norm_bias, trained.at(norm + ".bias"))) << norm;
  };

  auto gnn_parameters = parameters(gnn_spec.file);
  expect_as_trained(gnn.node_encoder.front(), gnn_parameters, "node_encoder.0", "node_encoder.1");
  expect_as_trained(gnn.edge_encoder.front(), gnn_parameters, "edge_encoder.0", "edge_encoder.1");
  for (const native::Mlp* hidden : {&gnn.edge_network, &gnn.node_network, &gnn.output_network})
    EXPECT_FALSE(hidden->front().as_trained.weight.defined());
  for (std::size_t i = 1; i < gnn.node_encoder.size(); ++i) EXPECT_FALSE(gnn.node_encoder[i].as_trained.weight.defined());
  auto filter_parameters = parameters(filter_spec.file);
  expect_as_trained(filter.network.front(), filter_parameters, "network.0", "");
  auto embedding_parameters = parameters(embedding_spec.file);
  expect_as_trained(embedding.network.front(), embedding_parameters, "network.0", "");
}

TEST(NativeBackend, RefusesAnEdgeClassifierAsEmbedding) {
  const fs::path file = model_directory("default") / "gnn.pt";
  const std::string message = error_of([&] {
    ModelBackendRegistry::instance().create("native")->load_node_model({file, Device::cpu(), Precision::fp32, 3});
  });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("InteractionNetwork"), std::string::npos) << message;
}


TEST(NativeBackend, RefusesAModelItDoesNotKnowNamingTheFile) {
  const fs::path file = model_directory("default") / "embedding.pt";
  const std::string message = error_of([&] {
    ModelBackendRegistry::instance().create("native")->load_edge_model({file, Device::cpu(), Precision::fp32, 3});
  });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("EmbeddingNet"), std::string::npos) << message;
}

// An EdgeFilter whose MLP holds a module the backend cannot run: refused at load time, with the
// module's path, never run as something else.
TEST(NativeBackend, RefusesAnUnknownLayerInsideAKnownNetwork) {
  const torch::jit::Module real = torch::jit::load((model_directory("default") / "filter.pt").string());
  torch::jit::Module filter("__torch__.trackgnn_train.models.EdgeFilter");
  filter.register_module("edge_inputs", real.attr("edge_inputs").toModule());
  torch::jit::Module network("__torch__.torch.nn.modules.container.Sequential");
  const torch::jit::Module linear = real.attr("network").toModule().attr("0").toModule();
  network.register_module("0", linear);
  network.register_module("1", torch::jit::Module("__torch__.torch.nn.modules.dropout.Dropout"));
  filter.register_module("network", network);
  const testing::TempDirectory directory;
  const fs::path file = directory / "dropout_filter.pt";
  filter.save(file.string());

  const std::string message = error_of([&] {
    ModelBackendRegistry::instance().create("native")->load_edge_model({file, Device::cpu(), Precision::fp32, 3});
  });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("network.1 is a Dropout"), std::string::npos) << message;
}

TEST(NativeBackend, RefusesAFeatureCountOtherThanTheModels) {
  const fs::path file = model_directory("default") / "gnn.pt";
  const std::string message = error_of([&] {
    ModelBackendRegistry::instance().create("native")->load_edge_model({file, Device::cpu(), Precision::fp32, 4});
  });
  EXPECT_NE(message.find("reads 3 features, the model card says 4"), std::string::npos) << message;
}

TEST(NativeBackend, RefusesEdgesOutsideTheNodes) {
  const fs::path file = model_directory("default") / "gnn.pt";
  const auto model =
      ModelBackendRegistry::instance().create("native")->load_edge_model({file, Device::cpu(), Precision::fp32, 3});
  const std::vector<float> x{0.1f, 0.5f, -0.2f, 0.8f, -0.9f, 1.1f};
  const std::vector<std::int64_t> edges{0, 1, 1, 2};  // sources 0, 1; targets 1, 2 (node 2 does not exist)
  std::vector<float> result(2);
  EXPECT_THROW(model->forward(x.data(), 2, 3, edges.data(), 2, result.data(), ExecutionContext{}), std::invalid_argument);
}

TEST(NativeBackend, ReducedPrecisionNeedsACudaDevice) {
  const fs::path file = model_directory("default") / "filter.pt";
  EXPECT_THROW(
      ModelBackendRegistry::instance().create("native")->load_edge_model({file, Device::cpu(), Precision::bf16, 3}),
      std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
