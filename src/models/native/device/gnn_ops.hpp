#pragma once
// The fused operations of the native model backend (src/models/native_backend.cpp): everything
// of an edge classifier's forward pass except the matrix products, which stay with cuBLAS.
//
// Tensors are row-major on the device. Float inputs and the parameters of the fused epilogues are
// float32; the working tensors (`void*` below) hold `precision`'s type (float, __half or
// __nv_bfloat16), and every sum, LayerNorm statistic and activation is computed in float32.
// Edge indices are [2, E] int64 (E sources, then E targets) and must lie in [0, num_nodes)
// (check with count_out_of_range_endpoints first). Implemented in gnn_ops.cu, or in
// gnn_ops_nocuda.cpp (throws "built without CUDA"); src/models/native/cpu_ops.hpp has the same
// operations on the host in float32.
#include <cstdint>

#include "trackgnn/core/device.hpp"
#include "trackgnn/core/precision.hpp"

namespace trackgnn::gnn {

enum class Activation { none, relu, tanh, silu };

// What follows a dense layer's matrix product, row by row:
//   out = residual + activation(layer_norm(product + bias))
// with each part optional (residual is an argument of the operation, not of the layer).
struct RowEpilogue {
  const float* bias = nullptr;         // [width]; null: no bias
  const float* norm_weight = nullptr;  // [width]; null: no LayerNorm
  const float* norm_bias = nullptr;    // [width]; required with norm_weight
  float norm_eps = 0;
  Activation activation = Activation::none;
};

// EdgeInputs of python/trackgnn_train/models.py: per edge [x_s, x_t, d] with d = x_t - x_s
// wrapped into its feature's period (period 0: not periodic), then (value - mean) * inverse_std.
struct EdgeInputParams {
  const float* period = nullptr;          // [F]
  const float* inverse_period = nullptr;  // [F], 0 where the period is 0
  const float* mean = nullptr;            // [3F]
  const float* inverse_std = nullptr;     // [3F]
};

}  // namespace trackgnn::gnn

namespace trackgnn::cuda {

// Number of endpoints outside [0, num_nodes) (synchronises the stream to read it).
std::int64_t count_out_of_range_endpoints(const std::int64_t* edge_index, std::int64_t num_edges,
                                          std::int64_t num_nodes, Stream stream);

// The two producers of a network's first input write rows of row_width >= their own width, the
// columns past it zero: a matrix product with zero-padded weights is the same map, and its rows
// are then aligned for cuBLAS's tensor-core kernels. std::invalid_argument when row_width is smaller.

// out[r, c] = (x[r, c] - mean[c]) * inverse_std[c], x float [rows, cols], out [rows, row_width].
void standardize_rows(const float* x, std::int64_t rows, std::int64_t cols, const float* mean, const float* inverse_std,
                      std::int64_t row_width, Precision precision, void* out, Stream stream);

// out [E, row_width], its first 3F columns the edge inputs, from x float [num_nodes, F].
void build_edge_inputs(const float* x, std::int64_t num_features, const std::int64_t* edge_index,
                       std::int64_t num_edges, const gnn::EdgeInputParams& params, std::int64_t row_width,
                       Precision precision, void* out, Stream stream);

// out = residual + epilogue(product) on [rows, width]. residual may be null; residual and out
// may be the same array as product (each element is read before it is written).
void dense_epilogue(const void* product, std::int64_t rows, std::int64_t width, const gnn::RowEpilogue& epilogue,
                    const void* residual, Precision precision, void* out, Stream stream);

// The first layer of an edge update on cat[node[s], node[t], edge], split so that the nodes'
// part is computed once per node: node_projection [num_nodes, 2 * width] holds node @ W_s^T in
// columns [0, width) and node @ W_t^T in [width, 2 * width); edge_part [E, width] is edge @ W_e^T.
// out[e] = residual[e] + epilogue(node_projection[s, :width] + node_projection[t, width:] + edge_part[e]).
// residual may be null; residual and out may be the same array as edge_part.
void gather_dense_epilogue(const void* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                           const void* edge_part, std::int64_t width, const gnn::RowEpilogue& epilogue,
                           const void* residual, Precision precision, void* out, Stream stream);

// The node update's sums without atomics: every node's incoming edges (the node is the target)
// as edge_ids[offsets[n], offsets[n + 1]), its outgoing edges as edge_ids[E + offsets[N + 1 + n],
// E + offsets[N + 1 + n + 1]), each group in ascending edge id. offsets: [2 * (num_nodes + 1)],
// edge_ids: [2 * num_edges]. Computed once per forward pass: the edges do not change.
void group_edges_by_node(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t num_nodes,
                         std::int64_t* offsets, std::int64_t* edge_ids, Stream stream);

// out [num_nodes, 3 * width] = [nodes | sum of incoming edges | sum of outgoing edges] (the node
// update's input) from edges [E, width] grouped by group_edges_by_node. Sums are float32, added in
// ascending edge id: deterministic, and bit for bit the host loop's.
void node_update_inputs(const void* nodes, const void* edges, const std::int64_t* offsets,
                        const std::int64_t* edge_ids, std::int64_t num_nodes, std::int64_t num_edges,
                        std::int64_t width, Precision precision, void* out, Stream stream);

// Element-wise conversions between float32 and `precision` (round to nearest even).
void convert_from_float(const float* values, std::int64_t count, Precision precision, void* out, Stream stream);
void convert_to_float(const void* values, std::int64_t count, Precision precision, float* out, Stream stream);

}  // namespace trackgnn::cuda
