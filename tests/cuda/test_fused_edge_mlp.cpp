// The fused edge MLP (tensor cores, fp16 and bf16) against a host evaluation of the same network
// in double, on random inputs: the interaction network's edge update (three LayerNorm + ReLU
// layers plus the residual, in place) and its output network (two such layers and a final
// Linear(64, 1)). The host rounds the inputs, weights and every stored activation to the
// working precision exactly where the kernel does.
//
// Run alone: ./tests/cuda/test_cuda_gnn_ops (skips without a GPU).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cuda/cuda_test_support.hpp"
#include "models/native/device/fused_edge_mlp.hpp"
#include "models/native/device/gnn_ops.hpp"

namespace trackgnn {
namespace {

constexpr std::int64_t kWidth = cuda::kFusedEdgeWidth;
constexpr float kNormEps = 1e-5f;

// Values stored on the device in a working precision, and their exact host image.
struct Stored {
  Buffer<std::uint16_t> device{Device::cuda()};
  std::vector<float> host;  // the stored values, exactly (rounded to the precision)
};

Stored store(const std::vector<float>& values, Precision precision) {
  Stored stored;
  stored.device.resize(values.size());
  const Buffer<float> source = testing::to_device(values);
  cuda::convert_from_float(source.data(), static_cast<std::int64_t>(values.size()), precision, stored.device.data(),
                           nullptr);
  Buffer<float> back(Device::cuda());
  back.resize(values.size());
  cuda::convert_to_float(stored.device.data(), static_cast<std::int64_t>(values.size()), precision, back.data(),
                         nullptr);
  stored.host = back.to_host();
  return stored;
}

std::vector<float> random_values(testing::FreshRandom& random, std::size_t count, float scale) {
  std::vector<float> values(count);
  for (float& v : values) v = random.uniform(-scale, scale);
  return values;
}

// How a stage finishes its rows: LayerNorm or not, and the activation.
struct StageKind {
  bool norm = true;
  gnn::Activation activation = gnn::Activation::relu;
};

double activate(double value, gnn::Activation activation) {
  switch (activation) {
    case gnn::Activation::relu: return std::max(0.0, value);
    case gnn::Activation::tanh: return std::tanh(value);
    case gnn::Activation::silu: return value / (1.0 + std::exp(-value));
    case gnn::Activation::none: break;
  }
  return value;
}

struct HostLayer {
  Stored weight;  // [64, 64]
  std::vector<float> bias, norm_weight, norm_bias;
  Buffer<float> device_bias{Device::cuda()}, device_norm_weight{Device::cuda()}, device_norm_bias{Device::cuda()};
  StageKind kind;

  HostLayer(testing::FreshRandom& random, Precision precision, StageKind stage_kind) : kind(stage_kind) {
    // Weights of the size nn.Linear initialises (1 / sqrt(fan-in)), so activations stay O(1).
    weight = store(random_values(random, kWidth * kWidth, 1.0f / std::sqrt(static_cast<float>(kWidth))), precision);
    bias = random_values(random, kWidth, 0.2f);
    norm_weight = random_values(random, kWidth, 1.0f);
    for (float& w : norm_weight) w += 1.0f;
    norm_bias = random_values(random, kWidth, 0.3f);
    device_bias = testing::to_device(bias);
    device_norm_weight = testing::to_device(norm_weight);
    device_norm_bias = testing::to_device(norm_bias);
  }
  gnn::RowEpilogue epilogue() const {
    gnn::RowEpilogue e;
    e.bias = device_bias.data();
    if (kind.norm) {
      e.norm_weight = device_norm_weight.data();
      e.norm_bias = device_norm_bias.data();
      e.norm_eps = kNormEps;
    }
    e.activation = kind.activation;
    return e;
  }
  // bias, LayerNorm (if any), activation on one row of pre-activations
  std::vector<double> finish(std::vector<double> row) const {
    double mean = 0;
    for (std::int64_t c = 0; c < kWidth; ++c) mean += (row[c] += bias[c]);
    mean /= kWidth;
    double variance = 0;
    for (double v : row) variance += (v - mean) * (v - mean);
    const double inverse_std = 1.0 / std::sqrt(variance / kWidth + kNormEps);
    for (std::int64_t c = 0; c < kWidth; ++c) {
      const double normalised = kind.norm ? (row[c] - mean) * inverse_std * norm_weight[c] + norm_bias[c] : row[c];
      row[c] = activate(normalised, kind.activation);
    }
    return row;
  }
  std::vector<double> product(const std::vector<float>& input) const {
    std::vector<double> row(kWidth, 0.0);
    for (std::int64_t o = 0; o < kWidth; ++o)
      for (std::int64_t i = 0; i < kWidth; ++i) row[o] += static_cast<double>(weight.host[o * kWidth + i]) * input[i];
    return row;
  }
};

struct Network {
  Precision precision;
  std::int64_t num_nodes, num_edges;
  Stored node_projection, edges;
  std::vector<std::int64_t> edge_index;
  Buffer<std::int64_t> device_edge_index{Device::cuda()};
  std::vector<HostLayer> layers;  // layers[0] holds the first layer's edge block
  Stored final_weight;
  float final_bias = 0.25f;
  Buffer<float> device_final_bias{Device::cuda()};

  Network(testing::FreshRandom& random, Precision p, std::int64_t nodes, std::int64_t edges_count,
          const std::vector<StageKind>& stages)
      : precision(p), num_nodes(nodes), num_edges(edges_count) {
    node_projection = store(random_values(random, nodes * 2 * kWidth, 1.0f), p);
    edges = store(random_values(random, edges_count * kWidth, 1.0f), p);
    edge_index.resize(2 * edges_count);
    for (auto& n : edge_index) n = random.integer(0, nodes - 1);
    device_edge_index = testing::to_device(edge_index);
    for (const StageKind& kind : stages) layers.emplace_back(random, p, kind);
    final_weight = store(random_values(random, kWidth, 0.5f), p);
    device_final_bias = testing::to_device(std::vector<float>{final_bias});
  }

  cuda::FusedEdgeMlp mlp(bool final_projection) const {
    cuda::FusedEdgeMlp m;
    m.edge_weight = layers[0].weight.device.data();
    m.first = layers[0].epilogue();
    for (std::size_t s = 1; s < layers.size(); ++s) {
      m.dense[m.num_dense].weight = layers[s].weight.device.data();
      m.dense[m.num_dense].epilogue = layers[s].epilogue();
      ++m.num_dense;
    }
    if (final_projection) {
      m.final_weight = final_weight.device.data();
      m.final_bias = device_final_bias.data();
    }
    return m;
  }

  // The host evaluation of every edge: [64] values each (with the residual) or one value.
  std::vector<std::vector<double>> expected(bool final_projection) const {
    std::vector<float> inputs = edges.host;
    std::vector<std::vector<double>> rows(static_cast<std::size_t>(num_edges));
    for (std::size_t s = 0; s < layers.size(); ++s) {
      std::vector<float> pre_rounding;
      for (std::int64_t e = 0; e < num_edges; ++e) {
        std::vector<float> input(inputs.begin() + e * kWidth, inputs.begin() + (e + 1) * kWidth);
        std::vector<double> row = layers[s].product(input);
        if (s == 0) {
          const std::int64_t source = edge_index[e], target = edge_index[num_edges + e];
          for (std::int64_t c = 0; c < kWidth; ++c)
            row[c] += static_cast<double>(node_projection.host[source * 2 * kWidth + c]) +
                      node_projection.host[target * 2 * kWidth + kWidth + c];
        }
        rows[e] = layers[s].finish(row);
        for (double v : rows[e]) pre_rounding.push_back(static_cast<float>(v));
      }
      // Every stored activation is rounded to the precision, as the kernel's shared-memory rows are.
      inputs = store(pre_rounding, precision).host;
    }
    for (std::int64_t e = 0; e < num_edges; ++e) {
      if (final_projection) {
        double dot = final_bias;
        for (std::int64_t c = 0; c < kWidth; ++c)
          dot += static_cast<double>(inputs[e * kWidth + c]) * final_weight.host[c];
        rows[e] = {dot};
      } else {
        for (std::int64_t c = 0; c < kWidth; ++c) rows[e][c] += edges.host[e * kWidth + c];
      }
    }
    return rows;
  }
};

double unit_roundoff(Precision precision) { return std::ldexp(1.0, precision == Precision::fp16 ? -11 : -8); }

std::vector<float> read(const Buffer<std::uint16_t>& values, std::size_t count, Precision precision) {
  Buffer<float> out(Device::cuda());
  out.resize(count);
  cuda::convert_to_float(values.data(), static_cast<std::int64_t>(count), precision, out.data(), nullptr);
  return out.to_host();
}

// Stored activations may round to the other neighbour when the float32 sums differ in their last
// bits; through a LayerNorm of O(1) rows that moves an output by a few units of roundoff, so the
// largest difference is bounded by a few units and the mean difference by well under one. Both
// are relative to 1 + |value|: the final projection's outputs reach several units, and their own
// rounding to the precision alone is then worth about u * |value| / 4 on average.
void expect_close(const std::vector<float>& actual, const std::vector<std::vector<double>>& expected,
                  Precision precision) {
  const double u = unit_roundoff(precision);
  double largest = 0, total = 0;
  std::size_t count = 0;
  for (std::size_t e = 0; e < expected.size(); ++e)
    for (std::size_t c = 0; c < expected[e].size(); ++c) {
      const double difference = std::abs(actual[e * expected[e].size() + c] - expected[e][c]);
      const double relative = difference / (1.0 + std::abs(expected[e][c]));
      largest = std::max(largest, relative);
      total += relative;
      ++count;
    }
  EXPECT_LT(largest, 16 * u) << "largest relative difference";
  EXPECT_LT(total / count, u) << "mean relative difference";
}

class FusedEdgeMlp : public ::testing::TestWithParam<Precision> {};

TEST_P(FusedEdgeMlp, EdgeUpdateWithResidualInPlaceMatchesTheHost) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  const Precision precision = GetParam();
  // Not a multiple of 16 edges: the last tile is partial.
  Network network(random, precision, 300, 16 * 97 + 5, {StageKind{}, StageKind{}, StageKind{}});
  const std::vector<std::vector<double>> expected = network.expected(false);
  cuda::fused_edge_mlp(network.node_projection.device.data(), network.device_edge_index.data(), network.num_edges,
                       network.edges.device.data(), network.mlp(false), true, precision,
                       network.edges.device.data(), nullptr);
  expect_close(read(network.edges.device, network.edges.host.size(), precision), expected, precision);
}

TEST_P(FusedEdgeMlp, OutputNetworkWithFinalProjectionMatchesTheHost) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  const Precision precision = GetParam();
  Network network(random, precision, 50, 16 * 40 + 11, {StageKind{}, StageKind{}});
  const std::vector<std::vector<double>> expected = network.expected(true);
  Buffer<std::uint16_t> out(Device::cuda());
  out.resize(static_cast<std::size_t>(network.num_edges));
  cuda::fused_edge_mlp(network.node_projection.device.data(), network.device_edge_index.data(), network.num_edges,
                       network.edges.device.data(), network.mlp(true), false, precision, out.data(), nullptr);
  expect_close(read(out, out.size(), precision), expected, precision);
}

// Four stages (the most the kernel takes), one without LayerNorm and one with tanh, on more edges
// than the resident warps hold at once, so each warp runs many tiles.
TEST_P(FusedEdgeMlp, FourStagesWithoutNormAndWithTanhOverManyTilesPerWarp) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  const Precision precision = GetParam();
  const std::int64_t edges = 40000 + 3;
  Network network(random, precision, 2000, edges,
                  {StageKind{}, StageKind{false, gnn::Activation::relu}, StageKind{true, gnn::Activation::tanh},
                   StageKind{}});
  const std::vector<std::vector<double>> expected = network.expected(false);
  Buffer<std::uint16_t> out(Device::cuda());
  out.resize(static_cast<std::size_t>(edges * kWidth));
  cuda::fused_edge_mlp(network.node_projection.device.data(), network.device_edge_index.data(), edges,
                       network.edges.device.data(), network.mlp(false), false, precision, out.data(), nullptr);
  // Without the residual the expected rows hold the last stage's values alone.
  std::vector<std::vector<double>> without_residual = expected;
  for (std::int64_t e = 0; e < edges; ++e)
    for (std::int64_t c = 0; c < kWidth; ++c) without_residual[e][c] -= network.edges.host[e * kWidth + c];
  expect_close(read(out, out.size(), precision), without_residual, precision);
}

INSTANTIATE_TEST_SUITE_P(HalfPrecisions, FusedEdgeMlp, ::testing::Values(Precision::fp16, Precision::bf16),
                         [](const auto& info) { return info.param == Precision::fp16 ? "fp16" : "bf16"; });

TEST(FusedEdgeMlpArguments, Fp32IsRejectedAndNoEdgesIsANoOp) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  cuda::FusedEdgeMlp mlp;
  EXPECT_NO_THROW(cuda::fused_edge_mlp(nullptr, nullptr, 0, nullptr, mlp, false, Precision::fp32, nullptr, nullptr));
  testing::FreshRandom random;
  Network network(random, Precision::fp16, 4, 16, {StageKind{}});
  EXPECT_THROW(cuda::fused_edge_mlp(network.node_projection.device.data(), network.device_edge_index.data(), 16,
                                    network.edges.device.data(), network.mlp(false), false, Precision::fp32,
                                    network.edges.device.data(), nullptr),
               std::invalid_argument);
  // A one-value output cannot take the [E, 64] residual.
  Buffer<std::uint16_t> out(Device::cuda());
  out.resize(16);
  EXPECT_THROW(cuda::fused_edge_mlp(network.node_projection.device.data(), network.device_edge_index.data(), 16,
                                    network.edges.device.data(), network.mlp(true), true, Precision::fp16, out.data(),
                                    nullptr),
               std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
