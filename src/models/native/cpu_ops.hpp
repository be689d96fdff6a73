#pragma once
// The fused GNN operations of device/gnn_ops.hpp on the host, in float32: the native backend's
// CPU path, and the reference the CUDA kernels are tested against. Same arguments and meaning as
// the CUDA entry points, without precision and stream.
#include <cstdint>

#include "models/native/device/gnn_ops.hpp"

namespace trackgnn::native::cpu {

std::int64_t count_out_of_range_endpoints(const std::int64_t* edge_index, std::int64_t num_edges,
                                          std::int64_t num_nodes);

void standardize_rows(const float* x, std::int64_t rows, std::int64_t cols, const float* mean, const float* inverse_std,
                      std::int64_t row_width, float* out);

void build_edge_inputs(const float* x, std::int64_t num_features, const std::int64_t* edge_index,
                       std::int64_t num_edges, const gnn::EdgeInputParams& params, std::int64_t row_width, float* out);

void dense_epilogue(const float* product, std::int64_t rows, std::int64_t width, const gnn::RowEpilogue& epilogue,
                    const float* residual, float* out);

void gather_dense_epilogue(const float* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                           const float* edge_part, std::int64_t width, const gnn::RowEpilogue& epilogue,
                           const float* residual, float* out);

// [nodes | sum of incoming edges | sum of outgoing edges], float32 sums in ascending edge id
// (the order of the CUDA kernel).
void node_update_inputs(const float* nodes, const float* edges, const std::int64_t* edge_index, std::int64_t num_edges,
                        std::int64_t num_nodes, std::int64_t width, float* out);

}  // namespace trackgnn::native::cpu
