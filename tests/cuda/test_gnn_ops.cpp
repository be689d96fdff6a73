// The native backend's fused kernels against its host loops (models/native/cpu_ops.hpp) on random
// inputs, in each working precision. Inputs are rounded to the precision first, so that the host
// loops see exactly what the kernels read; what remains is float32 arithmetic in another order
// and the final rounding to the precision.
//
// Run alone: ./tests/cuda/test_cuda_gnn_ops (skips without a GPU).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda/cuda_test_support.hpp"
#include "models/native/device/gnn_ops.hpp"
#include "models/native/device/input_layer.hpp"
#include "models/native/cpu_ops.hpp"

namespace trackgnn {
namespace {

using gnn::Activation;

// Unit roundoff of each working precision: the kernels round their float32 result once.
double unit_roundoff(Precision precision) {
  switch (precision) {
    case Precision::fp16: return std::ldexp(1.0, -11);
    case Precision::bf16: return std::ldexp(1.0, -8);
    case Precision::fp32: break;
  }
  return std::ldexp(1.0, -24);
}
// Float32 arithmetic in another order (warp reductions against sequential sums in double,
// rsqrtf's 2 ulp) on rows of O(1) values: a few 1e-7 relative, amplified by at most the
// LayerNorm's 1/std of O(1).
constexpr double kFloat32Slack = 1e-5;

// Within one rounding step of the precision (the float32 results may round to either neighbour)
// plus the float32 slack.
double tolerance(Precision precision, double expected) {
  return 2.0 * unit_roundoff(precision) * std::abs(expected) + kFloat32Slack * (1.0 + std::abs(expected));
}

// Named here, not with trackgnn::to_string: the test needs only the kernels and their host loops.
std::string precision_name(Precision precision) {
  switch (precision) {
    case Precision::fp16: return "fp16";
    case Precision::bf16: return "bf16";
    case Precision::fp32: break;
  }
  return "fp32";
}

std::size_t element_bytes(Precision precision) { return precision == Precision::fp32 ? 4 : 2; }

// Values of one working precision on the device.
class DeviceValues {
 public:
  DeviceValues(std::size_t count, Precision precision)
      : precision_(precision), count_(count), storage_(Device::cuda()) {
    storage_.resize(count * element_bytes(precision));
  }
  DeviceValues(const std::vector<float>& values, Precision precision) : DeviceValues(values.size(), precision) {
    const Buffer<float> source = testing::to_device(values);
    cuda::convert_from_float(source.data(), static_cast<std::int64_t>(count_), precision_, storage_.data(), nullptr);
  }
  std::vector<float> to_host() const {
    Buffer<float> values(Device::cuda());
    values.resize(count_);
    cuda::convert_to_float(storage_.data(), static_cast<std::int64_t>(count_), precision_, values.data(), nullptr);
    return values.to_host();
  }
  void* data() { return storage_.data(); }
  const void* data() const { return storage_.data(); }

 private:
  Precision precision_;
  std::size_t count_;
  Buffer<unsigned char> storage_;
};

std::vector<float> uniform(testing::FreshRandom& random, std::size_t count, float low, float high) {
  std::vector<float> values(count);
  for (auto& value : values) value = random.uniform(low, high);
  return values;
}

std::vector<std::int64_t> random_edges(testing::FreshRandom& random, std::int64_t num_edges, std::int64_t num_nodes) {
  std::vector<std::int64_t> edges(2 * num_edges);
  for (auto& node : edges) node = random.integer(0, num_nodes - 1);
  return edges;
}

// Layer parameters of one width, float32 as the kernels take them.
struct LayerParameters {
  std::vector<float> bias, norm_weight, norm_bias;
  Buffer<float> device_bias, device_norm_weight, device_norm_bias;

  LayerParameters(testing::FreshRandom& random, std::int64_t width)
      : bias(uniform(random, width, -1.0f, 1.0f)),
        norm_weight(uniform(random, width, 0.5f, 1.5f)),
        norm_bias(uniform(random, width, -0.5f, 0.5f)),
        device_bias(testing::to_device(bias)),
        device_norm_weight(testing::to_device(norm_weight)),
        device_norm_bias(testing::to_device(norm_bias)) {}

  gnn::RowEpilogue host(bool layer_norm, Activation activation) const {
    return {bias.data(), layer_norm ? norm_weight.data() : nullptr, layer_norm ? norm_bias.data() : nullptr, kEps,
            activation};
  }
  gnn::RowEpilogue device(bool layer_norm, Activation activation) const {
    return {device_bias.data(), layer_norm ? device_norm_weight.data() : nullptr,
            layer_norm ? device_norm_bias.data() : nullptr, kEps, activation};
  }
  static constexpr float kEps = 1e-5f;
};

std::string describe(Precision precision, std::int64_t width, bool layer_norm, Activation activation, int residual) {
  return precision_name(precision) + ", width " + std::to_string(width) + (layer_norm ? ", LayerNorm" : "") +
         ", activation " + std::to_string(static_cast<int>(activation)) + ", residual mode " + std::to_string(residual);
}

void expect_close(const std::vector<float>& got, const std::vector<float>& expected, Precision precision,
                  const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], expected[i], tolerance(precision, expected[i])) << what << ", element " << i;
}

class CudaGnnOps : public ::testing::TestWithParam<Precision> {};

// Widths: one lane's share and a ragged warp (1, 17), the registers paths (64, 100, 128), the
// streaming fallback (200, 256). Residual modes: none, separate, in place (out is the residual).
TEST_P(CudaGnnOps, DenseEpilogueMatchesTheHostLoops) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Precision precision = GetParam();
  testing::FreshRandom random;
  constexpr std::int64_t kRows = 1500;
  for (const std::int64_t width : {1, 17, 64, 100, 128, 200, 256}) {
    const LayerParameters layer(random, width);
    const auto product = DeviceValues(uniform(random, kRows * width, -3.0f, 3.0f), precision);
    const auto residual = DeviceValues(uniform(random, kRows * width, -2.0f, 2.0f), precision);
    const std::vector<float> host_product = product.to_host(), host_residual = residual.to_host();
    for (const bool layer_norm : {false, true})
      for (const Activation activation : {Activation::none, Activation::relu, Activation::tanh, Activation::silu})
        for (const int residual_mode : {0, 1, 2}) {
          const std::string what = describe(precision, width, layer_norm, activation, residual_mode);
          std::vector<float> expected(host_product.size());
          native::cpu::dense_epilogue(host_product.data(), kRows, width, layer.host(layer_norm, activation),
                                      residual_mode == 0 ? nullptr : host_residual.data(), expected.data());
          DeviceValues out(kRows * width, precision);
          DeviceValues in_place = DeviceValues(host_residual, precision);  // exact: already rounded
          void* destination = residual_mode == 2 ? in_place.data() : out.data();
          const void* residual_values = residual_mode == 0 ? nullptr : residual_mode == 1 ? residual.data() : in_place.data();
          cuda::dense_epilogue(product.data(), kRows, width, layer.device(layer_norm, activation), residual_values,
                               precision, destination, nullptr);
          expect_close(residual_mode == 2 ? in_place.to_host() : out.to_host(), expected, precision, what);
        }
  }
}

TEST_P(CudaGnnOps, GatheredEdgeLayerMatchesTheHostLoops) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Precision precision = GetParam();
  testing::FreshRandom random;
  constexpr std::int64_t kNodes = 700, kEdges = 5000;
  for (const std::int64_t width : {64, 200}) {
    const LayerParameters layer(random, width);
    const std::vector<std::int64_t> edges = random_edges(random, kEdges, kNodes);
    const Buffer<std::int64_t> device_edges = testing::to_device(edges);
    const auto projection = DeviceValues(uniform(random, kNodes * 2 * width, -2.0f, 2.0f), precision);
    const auto residual = DeviceValues(uniform(random, kEdges * width, -2.0f, 2.0f), precision);
    const std::vector<float> host_projection = projection.to_host(), host_residual = residual.to_host();
    const std::vector<float> host_edge_part = DeviceValues(uniform(random, kEdges * width, -2.0f, 2.0f), precision).to_host();
    for (const bool with_residual : {false, true}) {
      const std::string what = describe(precision, width, true, Activation::relu, with_residual);
      std::vector<float> expected(kEdges * width);
      native::cpu::gather_dense_epilogue(host_projection.data(), edges.data(), kEdges, host_edge_part.data(), width,
                                         layer.host(true, Activation::relu),
                                         with_residual ? host_residual.data() : nullptr, expected.data());
      // In place, as the backend runs it: the edge part's storage becomes the output.
      DeviceValues edge_part(host_edge_part, precision);
      cuda::gather_dense_epilogue(projection.data(), device_edges.data(), kEdges, edge_part.data(), width,
                                  layer.device(true, Activation::relu), with_residual ? residual.data() : nullptr,
                                  precision, edge_part.data(), nullptr);
      expect_close(edge_part.to_host(), expected, precision, what);
    }
  }
}

// Both sides add each node's edges in ascending edge id in float32 and round once: identical bits,
// including nodes without edges and, with a few hub nodes, long sums.
TEST_P(CudaGnnOps, NodeUpdateInputsAreTheHostSumsBitForBit) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Precision precision = GetParam();
  testing::FreshRandom random;
  constexpr std::int64_t kNodes = 3000, kEdges = 40000, kHubs = 5;
  for (const std::int64_t width : {64, 100}) {
    std::vector<std::int64_t> edges = random_edges(random, kEdges, kNodes - 100);  // the last 100 nodes have no edges
    for (std::int64_t e = 0; e < kEdges; e += 7) edges[e] = random.integer(0, kHubs - 1);
    const Buffer<std::int64_t> device_edges = testing::to_device(edges);
    const auto edge_values = DeviceValues(uniform(random, kEdges * width, -1.0f, 1.0f), precision);
    const auto nodes = DeviceValues(uniform(random, kNodes * width, -1.0f, 1.0f), precision);
    const std::vector<float> host_edges = edge_values.to_host(), host_nodes = nodes.to_host();

    std::vector<float> sums(kNodes * 3 * width);
    native::cpu::node_update_inputs(host_nodes.data(), host_edges.data(), edges.data(), kEdges, kNodes, width,
                                    sums.data());
    Buffer<std::int64_t> grouping(Device::cuda());
    grouping.resize(2 * (kNodes + 1) + 2 * kEdges);
    cuda::group_edges_by_node(device_edges.data(), kEdges, kNodes, grouping.data(), grouping.data() + 2 * (kNodes + 1),
                              nullptr);
    DeviceValues out(sums.size(), precision);
    cuda::node_update_inputs(nodes.data(), edge_values.data(), grouping.data(), grouping.data() + 2 * (kNodes + 1),
                             kNodes, kEdges, width, precision, out.data(), nullptr);
    EXPECT_EQ(out.to_host(), DeviceValues(sums, precision).to_host()) << precision_name(precision) << ", width " << width;

    // The grouping itself: offsets count each node's edges, ids ascend within a node.
    const std::vector<std::int64_t> groups = grouping.to_host();
    for (int direction = 0; direction < 2; ++direction) {
      const std::int64_t* offsets = groups.data() + direction * (kNodes + 1);
      const std::int64_t* ids = groups.data() + 2 * (kNodes + 1) + direction * kEdges;
      ASSERT_EQ(offsets[0], 0);
      ASSERT_EQ(offsets[kNodes], kEdges);
      for (std::int64_t n = 0; n < kNodes; ++n)
        for (std::int64_t j = offsets[n]; j < offsets[n + 1]; ++j) {
          ASSERT_EQ(edges[(direction == 0 ? kEdges : 0) + ids[j]], n) << "direction " << direction;
          if (j > offsets[n]) ASSERT_LT(ids[j - 1], ids[j]);
        }
    }
  }
}

// float32 inputs, explicit roundings on both sides: the float32 results are identical, the
// reduced ones are their rounding. Rows of exactly the values, and rows padded with zero columns
// to 16 bytes of fp16/bf16 values (the native backend's aligned first-layer inputs).
TEST_P(CudaGnnOps, EdgeInputsAndStandardisationAreExactBeforeRounding) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Precision precision = GetParam();
  testing::FreshRandom random;
  constexpr std::int64_t kNodes = 2000, kEdges = 30000, kFeatures = 3;
  std::vector<float> x(kNodes * kFeatures);
  for (std::int64_t n = 0; n < kNodes; ++n) {
    x[n * kFeatures] = random.uniform(0.03f, 1.0f);        // r / 1000 mm
    x[n * kFeatures + 1] = random.uniform(-1.0f, 1.0f);    // phi / pi: differences wrap at the seam
    x[n * kFeatures + 2] = random.uniform(-3.0f, 3.0f);    // z / 1000 mm
  }
  const std::vector<float> period{0.0f, 2.0f, 0.0f}, inverse_period{0.0f, 0.5f, 0.0f};
  const std::vector<float> mean = uniform(random, 3 * kFeatures, -0.1f, 0.1f);
  const std::vector<float> inverse_std = uniform(random, 3 * kFeatures, 0.5f, 10.0f);
  const std::vector<std::int64_t> edges = random_edges(random, kEdges, kNodes);
  const Buffer<float> device_x = testing::to_device(x), device_period = testing::to_device(period),
                      device_inverse_period = testing::to_device(inverse_period), device_mean = testing::to_device(mean),
                      device_inverse_std = testing::to_device(inverse_std);
  const Buffer<std::int64_t> device_edges = testing::to_device(edges);

  // Rows: exact, padded to 16 values, padded so that a block stages fewer edges (100 values),
  // and too wide to stage in float32 (400 values: written directly).
  for (const auto& [edge_row, node_row] :
       {std::pair<std::int64_t, std::int64_t>{3 * kFeatures, kFeatures}, {16, 8}, {100, 8}, {400, 8}}) {
    const std::string rows = "rows of " + std::to_string(edge_row) + " and " + std::to_string(node_row);
    std::vector<float> expected_edges(kEdges * edge_row), expected_nodes(kNodes * node_row);
    native::cpu::build_edge_inputs(x.data(), kFeatures, edges.data(), kEdges,
                                   {period.data(), inverse_period.data(), mean.data(), inverse_std.data()}, edge_row,
                                   expected_edges.data());
    native::cpu::standardize_rows(x.data(), kNodes, kFeatures, mean.data(), inverse_std.data(), node_row,
                                  expected_nodes.data());
    DeviceValues edge_inputs(expected_edges.size(), precision), node_inputs(expected_nodes.size(), precision);
    cuda::build_edge_inputs(device_x.data(), kFeatures, device_edges.data(), kEdges,
                            {device_period.data(), device_inverse_period.data(), device_mean.data(),
                             device_inverse_std.data()},
                            edge_row, precision, edge_inputs.data(), nullptr);
    cuda::standardize_rows(device_x.data(), kNodes, kFeatures, device_mean.data(), device_inverse_std.data(), node_row,
                           precision, node_inputs.data(), nullptr);
    const std::vector<float> got = edge_inputs.to_host(), got_nodes = node_inputs.to_host();
    EXPECT_EQ(got, DeviceValues(expected_edges, precision).to_host()) << rows;
    EXPECT_EQ(got_nodes, DeviceValues(expected_nodes, precision).to_host()) << rows;
    // The padding is exactly zero (a zero weight times anything else, NaN or inf, would not add 0).
    for (std::int64_t e = 0; e < kEdges; ++e)
      for (std::int64_t c = 3 * kFeatures; c < edge_row; ++c) ASSERT_EQ(got[e * edge_row + c], 0.0f) << rows;
    for (std::int64_t n = 0; n < kNodes; ++n)
      for (std::int64_t c = kFeatures; c < node_row; ++c) ASSERT_EQ(got_nodes[n * node_row + c], 0.0f) << rows;

    // The wrapped phi difference stays within half a period of 2 (phi / pi), before standardising.
    for (std::int64_t e = 0; e < kEdges; ++e) {
      const float difference =
          got[e * edge_row + 2 * kFeatures + 1] / inverse_std[2 * kFeatures + 1] + mean[2 * kFeatures + 1];
      ASSERT_LE(std::abs(difference), 1.0f + 2.0f * tolerance(precision, 1.0)) << "edge " << e << ", " << rows;
    }
  }
}

// The first layer straight from float32 inputs against the same layer in double on the float32
// inputs the host loops form (bit for bit the kernel's): the only rounding to the working
// precision is the output's, so the bound is one rounding step plus float32 sums of the row's terms.
double activated(double value, Activation activation) {
  switch (activation) {
    case Activation::relu: return value < 0.0 ? 0.0 : value;
    case Activation::tanh: return std::tanh(value);
    case Activation::silu: return value / (1.0 + std::exp(-value));
    case Activation::none: break;
  }
  return value;
}

// The layer's product plus bias in double, and per row the largest sum of its terms' magnitudes.
struct ExactProduct {
  std::vector<double> values, magnitude;
  ExactProduct(const std::vector<float>& inputs, std::int64_t rows, std::int64_t num_inputs,
               const std::vector<float>& weight, const std::vector<float>& bias, std::int64_t width)
      : values(rows * width), magnitude(rows, 0.0) {
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t c = 0; c < width; ++c) {
        double sum = bias[c], terms = std::abs(bias[c]);
        for (std::int64_t k = 0; k < num_inputs; ++k) {
          const double term = static_cast<double>(inputs[r * num_inputs + k]) * weight[c * num_inputs + k];
          sum += term;
          terms += std::abs(term);
        }
        values[r * width + c] = sum;
        magnitude[r] = std::max(magnitude[r], terms);
      }
  }
};

void expect_input_layer(const ExactProduct& product, const LayerParameters& layer, std::int64_t width, bool layer_norm,
                        Activation activation, Precision precision, const std::vector<float>& got,
                        const std::string& what) {
  const auto rows = static_cast<std::int64_t>(product.magnitude.size());
  ASSERT_EQ(got.size(), static_cast<std::size_t>(rows * width)) << what;
  // float32 products and sums of up to 48 terms in another order: relative to the terms' magnitudes.
  constexpr double kSumSlack = 4e-6;
  std::vector<double> row(width);
  for (std::int64_t r = 0; r < rows; ++r) {
    std::copy(product.values.begin() + r * width, product.values.begin() + (r + 1) * width, row.begin());
    double magnitude = product.magnitude[r];
    if (layer_norm) {
      double mean = 0.0, variance = 0.0;
      for (const double value : row) mean += value / width;
      for (const double value : row) variance += (value - mean) * (value - mean) / width;
      const double inverse_std = 1.0 / std::sqrt(variance + LayerParameters::kEps);
      magnitude *= 2.0 * inverse_std * 1.5;  // deviations of the mean too, times the largest norm weight
      for (std::int64_t c = 0; c < width; ++c)
        row[c] = (row[c] - mean) * inverse_std * layer.norm_weight[c] + layer.norm_bias[c];
    }
    for (std::int64_t c = 0; c < width; ++c) {
      const double expected = activated(row[c], activation);
      const double bound = 2.0 * unit_roundoff(precision) * std::abs(expected) + kSumSlack * (1.0 + magnitude);
      ASSERT_NEAR(got[r * width + c], expected, bound) << what << ", row " << r << ", column " << c;
    }
  }
}

// One layer of `width` outputs on `rows` random rows of `num_inputs` values, for each LayerNorm and
// activation choice, written `offset` elements into the output buffer (1: rows not 16-byte aligned).
void expect_input_layer_cases(testing::FreshRandom& random, Precision precision, std::int64_t num_inputs,
                              std::int64_t rows, std::int64_t width, std::int64_t offset = 0) {
  const std::vector<float> inputs = uniform(random, rows * num_inputs, -3.0f, 3.0f);
  const Buffer<float> device_inputs = testing::to_device(inputs);
  const LayerParameters layer(random, width);
  const std::vector<float> weight = uniform(random, width * num_inputs, -0.5f, 0.5f);
  const Buffer<float> device_weight = testing::to_device(weight);
  const ExactProduct product(inputs, rows, num_inputs, weight, layer.bias, width);
  for (const bool layer_norm : {false, true})
    for (const Activation activation : {Activation::none, Activation::relu, Activation::tanh}) {
      const std::string what = describe(precision, width, layer_norm, activation, 0) + ", " +
                               std::to_string(num_inputs) + " inputs, " + std::to_string(rows) + " rows, offset " +
                               std::to_string(offset);
      DeviceValues out(rows * width + offset, precision);
      void* destination = static_cast<unsigned char*>(out.data()) + offset * element_bytes(precision);
      cuda::input_layer(device_inputs.data(), rows,
                        {device_weight.data(), num_inputs, width, layer.device(layer_norm, activation)}, precision,
                        destination, nullptr);
      const std::vector<float> all = out.to_host();
      expect_input_layer(product, layer, width, layer_norm, activation, precision,
                         std::vector<float>(all.begin() + offset, all.end()), what);
    }
}

TEST_P(CudaGnnOps, InputLayerRoundsOnlyItsOutput) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Inputs of a node (3 features) and an edge (3 x 3) layer and the largest edge layer taken; row
  // counts leave a warp's last group of rows partly empty. Widths: each register layout (1, 2, 4
  // and 8 values per lane), whole and ragged; 33 and 130 do not divide into their lanes' shares,
  // so their rows leave in element stores instead of vector stores.
  for (const std::int64_t num_inputs : {3, 9, 48})
    for (const std::int64_t rows : {1001, 20003})
      for (const std::int64_t width : {8, 33, 64, 100, 130, 256})
        expect_input_layer_cases(random, GetParam(), num_inputs, rows, width);
}

TEST_P(CudaGnnOps, InputLayerWritesRowsThatAreNotVectorAligned) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t width : {64, 256}) expect_input_layer_cases(random, GetParam(), 9, 1001, width, 1);
}

TEST_P(CudaGnnOps, InputLayerLoopsOverManyGroupsPerWarp) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Far more rows than the resident warps take in one pass (about 34 k rows for a narrow layer
  // on an H100): every warp prefetches and runs many groups.
  expect_input_layer_cases(random, GetParam(), 3, 600001, 8);
}

TEST_P(CudaGnnOps, InputLayerRefusesLayersItCannotHold) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Buffer<float> inputs = testing::to_device(std::vector<float>(4 * 64, 0.5f));
  const Buffer<float> weight = testing::to_device(std::vector<float>(512 * 64, 0.1f));
  const Buffer<float> norm_weight = testing::to_device(std::vector<float>(8, 1.0f));
  DeviceValues out(4 * 512, GetParam());
  const auto run = [&](std::int64_t num_inputs, std::int64_t width, const gnn::RowEpilogue& epilogue) {
    cuda::input_layer(inputs.data(), 4, {weight.data(), num_inputs, width, epilogue}, GetParam(), out.data(), nullptr);
  };
  EXPECT_THROW(run(3, cuda::kMaxInputLayerOutputs + 1, {}), std::invalid_argument);
  EXPECT_THROW(run(cuda::kMaxInputLayerInputs + 1, 8, {}), std::invalid_argument);
  EXPECT_THROW(run(0, 8, {}), std::invalid_argument);
  gnn::RowEpilogue norm_without_bias;
  norm_without_bias.norm_weight = norm_weight.data();
  EXPECT_THROW(run(3, 8, norm_without_bias), std::invalid_argument);
  EXPECT_NO_THROW(run(3, 8, {}));
}

TEST_P(CudaGnnOps, ConversionsRoundToNearest) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const Precision precision = GetParam();
  // Exactly representable in all three precisions; then values that must round.
  const std::vector<float> exact{0.0f, 1.0f, -2.5f, 0.125f, 256.0f};
  EXPECT_EQ(DeviceValues(exact, precision).to_host(), exact);
  testing::FreshRandom random;
  const std::vector<float> values = uniform(random, 10000, -100.0f, 100.0f);
  const std::vector<float> rounded = DeviceValues(values, precision).to_host();
  for (std::size_t i = 0; i < values.size(); ++i)
    ASSERT_LE(std::abs(rounded[i] - values[i]), unit_roundoff(precision) * std::abs(values[i])) << values[i];
}

INSTANTIATE_TEST_SUITE_P(Precisions, CudaGnnOps, ::testing::Values(Precision::fp32, Precision::fp16, Precision::bf16),
                         [](const ::testing::TestParamInfo<Precision>& info) { return precision_name(info.param); });

TEST(CudaGnnOpsEdges, CountsEndpointsOutsideTheNodes) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const std::vector<std::int64_t> edges{0, 5, -1, 9, 10, 3, 4, 12};  // sources 0, 5, -1, 9; targets 10, 3, 4, 12
  const Buffer<std::int64_t> device_edges = testing::to_device(edges);
  EXPECT_EQ(cuda::count_out_of_range_endpoints(device_edges.data(), 4, 10, nullptr), 3);
  EXPECT_EQ(native::cpu::count_out_of_range_endpoints(edges.data(), 4, 10), 3);
  EXPECT_EQ(cuda::count_out_of_range_endpoints(device_edges.data(), 4, 13, nullptr), 1);
}

}  // namespace
}  // namespace trackgnn
