// Host loops of the fused GNN operations, on one thread and without libtorch, so that the
// stand-alone kernel test build can use them as its reference.
#include "models/native/cpu_ops.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace trackgnn::native::cpu {
namespace {

float activate(float value, gnn::Activation activation) {
  switch (activation) {
    case gnn::Activation::relu: return value < 0.0f ? 0.0f : value;
    case gnn::Activation::tanh: return std::tanh(value);
    case gnn::Activation::silu: return value / (1.0f + std::exp(-value));
    case gnn::Activation::none: break;
  }
  return value;
}

// values holds one row's pre-bias inputs; applies the epilogue in place, then the residual.
void finish_row(std::vector<float>& values, const gnn::RowEpilogue& epilogue, const float* residual_row) {
  const auto width = static_cast<std::int64_t>(values.size());
  if (epilogue.bias != nullptr)
    for (std::int64_t c = 0; c < width; ++c) values[c] += epilogue.bias[c];
  if (epilogue.norm_weight != nullptr) {
    double sum = 0;
    for (const float v : values) sum += v;
    const double mean = sum / static_cast<double>(width);
    double squares = 0;
    for (const float v : values) squares += (v - mean) * (v - mean);
    const double inverse_std = 1.0 / std::sqrt(squares / static_cast<double>(width) + epilogue.norm_eps);
    for (std::int64_t c = 0; c < width; ++c)
      values[c] = static_cast<float>((values[c] - mean) * inverse_std) * epilogue.norm_weight[c] + epilogue.norm_bias[c];
  }
  for (std::int64_t c = 0; c < width; ++c) {
    values[c] = activate(values[c], epilogue.activation);
    if (residual_row != nullptr) values[c] += residual_row[c];
  }
}

template <typename RowInputs>
void for_each_row(std::int64_t rows, std::int64_t width, const gnn::RowEpilogue& epilogue, const float* residual,
                  float* out, const RowInputs& row_inputs) {
  std::vector<float> values(static_cast<std::size_t>(width));
  for (std::int64_t r = 0; r < rows; ++r) {
    row_inputs(r, values.data());
    finish_row(values, epilogue, residual != nullptr ? residual + r * width : nullptr);
    std::copy(values.begin(), values.end(), out + r * width);
  }
}

}  // namespace

std::int64_t count_out_of_range_endpoints(const std::int64_t* edge_index, std::int64_t num_edges,
                                          std::int64_t num_nodes) {
  std::int64_t bad = 0;
  for (std::int64_t i = 0; i < 2 * num_edges; ++i) bad += edge_index[i] < 0 || edge_index[i] >= num_nodes;
  return bad;
}

void standardize_rows(const float* x, std::int64_t rows, std::int64_t cols, const float* mean, const float* inverse_std,
                      std::int64_t row_width, float* out) {
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c) out[r * row_width + c] = (x[r * cols + c] - mean[c]) * inverse_std[c];
    std::fill(out + r * row_width + cols, out + (r + 1) * row_width, 0.0f);
  }
}

void build_edge_inputs(const float* x, std::int64_t num_features, const std::int64_t* edge_index,
                       std::int64_t num_edges, const gnn::EdgeInputParams& params, std::int64_t row_width, float* out) {
  for (std::int64_t e = 0; e < num_edges; ++e) {
    const float* source = x + edge_index[e] * num_features;
    const float* target = x + edge_index[num_edges + e] * num_features;
    float* row = out + e * row_width;
    for (std::int64_t f = 0; f < num_features; ++f) {
      float difference = target[f] - source[f];
      // nearbyint rounds half to even in the default rounding mode, as torch.round.
      const float turns = std::nearbyint(difference * params.inverse_period[f]);
      difference = difference - params.period[f] * turns;
      row[f] = (source[f] - params.mean[f]) * params.inverse_std[f];
      row[num_features + f] = (target[f] - params.mean[num_features + f]) * params.inverse_std[num_features + f];
      row[2 * num_features + f] = (difference - params.mean[2 * num_features + f]) * params.inverse_std[2 * num_features + f];
    }
    std::fill(row + 3 * num_features, row + row_width, 0.0f);
  }
}

void dense_epilogue(const float* product, std::int64_t rows, std::int64_t width, const gnn::RowEpilogue& epilogue,
                    const float* residual, float* out) {
  for_each_row(rows, width, epilogue, residual, out, [&](std::int64_t r, float* values) {
    std::copy(product + r * width, product + (r + 1) * width, values);
  });
}

void gather_dense_epilogue(const float* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                           const float* edge_part, std::int64_t width, const gnn::RowEpilogue& epilogue,
                           const float* residual, float* out) {
  for_each_row(num_edges, width, epilogue, residual, out, [&](std::int64_t e, float* values) {
    const float* source = node_projection + edge_index[e] * 2 * width;
    const float* target = node_projection + edge_index[num_edges + e] * 2 * width + width;
    const float* edge = edge_part + e * width;
    for (std::int64_t c = 0; c < width; ++c) values[c] = source[c] + target[c] + edge[c];
  });
}

void node_update_inputs(const float* nodes, const float* edges, const std::int64_t* edge_index, std::int64_t num_edges,
                        std::int64_t num_nodes, std::int64_t width, float* out) {
  for (std::int64_t n = 0; n < num_nodes; ++n) {
    float* row = out + n * 3 * width;
    std::copy(nodes + n * width, nodes + (n + 1) * width, row);
    std::fill(row + width, row + 3 * width, 0.0f);
  }
  for (std::int64_t e = 0; e < num_edges; ++e) {
    float* incoming = out + edge_index[num_edges + e] * 3 * width + width;
    float* outgoing = out + edge_index[e] * 3 * width + 2 * width;
    for (std::int64_t c = 0; c < width; ++c) {
      incoming[c] += edges[e * width + c];
      outgoing[c] += edges[e * width + c];
    }
  }
}

}  // namespace trackgnn::native::cpu
