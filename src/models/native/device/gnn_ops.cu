// Fused GNN operations: one warp per row (edge or node), so that a row's LayerNorm statistics are
// two warp reductions and a gathered row is read once. Rows up to kMaxValuesPerLane * 32 wide stay
// in registers; wider rows are streamed three times through the cache (statistics, then output).
// The node update sums each node's edges in a fixed order (edges grouped by node once per forward
// pass with a stable sort) instead of with atomics: no contention, and the same bits every run.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/device/check.cuh"
#include "models/native/device/gnn_ops.hpp"
#include "models/native/device/row_layer_norm.cuh"
#include "core/device/scratch.cuh"
#include "models/native/device/working_precision.cuh"

namespace trackgnn::cuda {
namespace {

using gnn::Activation;
using gnn::RowEpilogue;

constexpr int kThreadsPerBlock = 256;
constexpr int kWarpSize = 32;
constexpr int kRowsPerBlock = kThreadsPerBlock / kWarpSize;
constexpr int kMaxValuesPerLane = 4;
// Shared memory a kernel may take without opting in.
constexpr std::int64_t kEdgeInputStagingBytes = 48 * 1024;

using working_precision::activate;
using working_precision::from_float;
using working_precision::to_float;

__device__ __forceinline__ std::int64_t thread_index() {
  return static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ std::int64_t warp_row() {
  return static_cast<std::int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.x / kWarpSize;
}

__device__ __forceinline__ int lane() { return static_cast<int>(threadIdx.x % kWarpSize); }

using row_layer_norm::warp_sum;

// Row sources: row(r)(c) is the pre-bias value of column c of row r.
template <typename T>
struct DenseRows {
  const T* product;
  std::int64_t width;
  struct Row {
    const T* values;
    __device__ float operator()(std::int64_t column) const { return to_float(values[column]); }
  };
  __device__ Row row(std::int64_t r) const { return {product + r * width}; }
};

template <typename T>
struct GatheredRows {
  const T* node_projection;
  const std::int64_t* edge_index;
  std::int64_t num_edges;
  const T* edge_part;
  std::int64_t width;
  struct Row {
    const T* source;
    const T* target;
    const T* edge;
    __device__ float operator()(std::int64_t column) const {
      return to_float(source[column]) + to_float(target[column]) + to_float(edge[column]);
    }
  };
  __device__ Row row(std::int64_t e) const {
    const std::int64_t source = edge_index[e];
    const std::int64_t target = edge_index[num_edges + e];
    return {node_projection + source * 2 * width, node_projection + target * 2 * width + width, edge_part + e * width};
  }
};

template <typename T>
__device__ __forceinline__ void store(float value, const RowEpilogue& epilogue, const T* residual, T* out,
                                      std::int64_t index) {
  value = activate(value, epilogue.activation);
  if (residual != nullptr) value += to_float(residual[index]);
  out[index] = from_float<T>(value);
}

template <typename T, int kValuesPerLane, typename Rows>
__global__ void row_epilogue_in_registers(Rows rows, std::int64_t num_rows, int width, RowEpilogue epilogue,
                                          const T* residual, T* out) {
  const std::int64_t r = warp_row();
  if (r >= num_rows) return;  // the whole warp leaves together, so the shuffles below stay full
  const auto row = rows.row(r);
  float values[kValuesPerLane];
#pragma unroll
  for (int k = 0; k < kValuesPerLane; ++k) {
    const int column = lane() + k * kWarpSize;
    values[k] = 0.0f;
    if (column < width) values[k] = row(column) + (epilogue.bias != nullptr ? epilogue.bias[column] : 0.0f);
  }
  row_layer_norm::normalize(values, width, epilogue);
#pragma unroll
  for (int k = 0; k < kValuesPerLane; ++k) {
    const int column = lane() + k * kWarpSize;
    if (column < width) store(values[k], epilogue, residual, out, r * width + column);
  }
}

template <typename T, typename Rows>
__global__ void row_epilogue_streaming(Rows rows, std::int64_t num_rows, int width, RowEpilogue epilogue,
                                       const T* residual, T* out) {
  const std::int64_t r = warp_row();
  if (r >= num_rows) return;
  const auto row = rows.row(r);
  const auto value = [&](int column) {
    return row(column) + (epilogue.bias != nullptr ? epilogue.bias[column] : 0.0f);
  };
  float mean = 0.0f, inverse_std = 1.0f;
  if (epilogue.norm_weight != nullptr) {
    float sum = 0.0f;
    for (int column = lane(); column < width; column += kWarpSize) sum += value(column);
    mean = warp_sum(sum) / static_cast<float>(width);
    float squares = 0.0f;
    for (int column = lane(); column < width; column += kWarpSize) {
      const float deviation = value(column) - mean;
      squares += deviation * deviation;
    }
    inverse_std = rsqrtf(warp_sum(squares) / static_cast<float>(width) + epilogue.norm_eps);
  }
  // Every read of the statistics passes is done (the reductions synchronise the warp) before the
  // first write, and each column is read and written by the same lane: out may alias the input.
  for (int column = lane(); column < width; column += kWarpSize) {
    float v = value(column);
    if (epilogue.norm_weight != nullptr)
      v = (v - mean) * inverse_std * epilogue.norm_weight[column] + epilogue.norm_bias[column];
    store(v, epilogue, residual, out, r * width + column);
  }
}

template <typename T, typename Rows>
void launch_row_epilogue(const Rows& rows, std::int64_t num_rows, std::int64_t width, const RowEpilogue& epilogue,
                         const void* residual, void* out, Stream stream) {
  const auto blocks = blocks_for(num_rows, kRowsPerBlock);
  const int w = static_cast<int>(width);
  const auto* residual_values = static_cast<const T*>(residual);
  auto* out_values = static_cast<T*>(out);
  if (width <= kWarpSize)
    row_epilogue_in_registers<T, 1><<<blocks, kThreadsPerBlock, 0, stream>>>(rows, num_rows, w, epilogue,
                                                                             residual_values, out_values);
  else if (width <= 2 * kWarpSize)
    row_epilogue_in_registers<T, 2><<<blocks, kThreadsPerBlock, 0, stream>>>(rows, num_rows, w, epilogue,
                                                                             residual_values, out_values);
  else if (width <= kMaxValuesPerLane * kWarpSize)
    row_epilogue_in_registers<T, kMaxValuesPerLane><<<blocks, kThreadsPerBlock, 0, stream>>>(
        rows, num_rows, w, epilogue, residual_values, out_values);
  else
    row_epilogue_streaming<T><<<blocks, kThreadsPerBlock, 0, stream>>>(rows, num_rows, w, epilogue, residual_values,
                                                                       out_values);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

__global__ void count_out_of_range_kernel(const std::int64_t* endpoints, std::int64_t count, std::int64_t num_nodes,
                                          unsigned long long* bad) {
  const std::int64_t i = thread_index();
  if (i < count && (endpoints[i] < 0 || endpoints[i] >= num_nodes)) atomicAdd(bad, 1ull);
}

template <typename T>
__global__ void standardize_kernel(const float* x, std::int64_t rows, std::int64_t cols, const float* mean,
                                   const float* inverse_std, std::int64_t row_width, T* out) {
  const std::int64_t i = thread_index();
  if (i >= rows * row_width) return;
  const std::int64_t r = i / row_width, c = i % row_width;
  // Explicit roundings (no fused multiply-add), as PyTorch's separate subtract and multiply.
  const float value = c < cols ? __fmul_rn(__fsub_rn(x[r * cols + c], mean[c]), inverse_std[c]) : 0.0f;
  out[i] = from_float<T>(value);
}

// A thread per edge. Staged, the block's rows are assembled in shared memory and leave as one
// contiguous stretch that consecutive threads write (16 bytes at a time where it is aligned): a
// thread writing its own row of 9 or 16 values would touch each 32-byte sector many times. Rows
// too wide for the staging area are written directly.
template <typename T>
__global__ void edge_inputs_kernel(const float* x, std::int64_t num_features, const std::int64_t* edge_index,
                                   std::int64_t num_edges, gnn::EdgeInputParams params, std::int64_t row_width,
                                   bool staged, T* out) {
  extern __shared__ __align__(16) unsigned char staging_bytes[];
  T* staging = reinterpret_cast<T*>(staging_bytes);
  const std::int64_t first_edge = static_cast<std::int64_t>(blockIdx.x) * blockDim.x;
  const std::int64_t e = first_edge + threadIdx.x;
  if (e < num_edges) {
    const float* source = x + edge_index[e] * num_features;
    const float* target = x + edge_index[num_edges + e] * num_features;
    T* row = staged ? staging + threadIdx.x * row_width : out + e * row_width;
    const auto standardized = [&](float value, std::int64_t column) {
      return from_float<T>(__fmul_rn(__fsub_rn(value, params.mean[column]), params.inverse_std[column]));
    };
    for (std::int64_t f = 0; f < num_features; ++f) {
      float difference = __fsub_rn(target[f], source[f]);
      // rintf rounds half to even, as torch.round.
      const float turns = rintf(__fmul_rn(difference, params.inverse_period[f]));
      difference = __fsub_rn(difference, __fmul_rn(params.period[f], turns));
      row[f] = standardized(source[f], f);
      row[num_features + f] = standardized(target[f], num_features + f);
      row[2 * num_features + f] = standardized(difference, 2 * num_features + f);
    }
    for (std::int64_t column = 3 * num_features; column < row_width; ++column) row[column] = from_float<T>(0.0f);
  }
  if (!staged) return;  // the same for the whole block
  __syncthreads();
  const std::int64_t rows_here = num_edges - first_edge < blockDim.x ? num_edges - first_edge : blockDim.x;
  T* destination = out + first_edge * row_width;
  const std::int64_t bytes = rows_here * row_width * static_cast<std::int64_t>(sizeof(T));
  if (bytes % sizeof(uint4) == 0 && reinterpret_cast<std::uintptr_t>(destination) % sizeof(uint4) == 0) {
    const auto* from = reinterpret_cast<const uint4*>(staging);
    auto* to = reinterpret_cast<uint4*>(destination);
    for (std::int64_t i = threadIdx.x; i < bytes / static_cast<std::int64_t>(sizeof(uint4)); i += blockDim.x)
      to[i] = from[i];
    return;
  }
  for (std::int64_t i = threadIdx.x; i < rows_here * row_width; i += blockDim.x) destination[i] = staging[i];
}

__global__ void count_per_node(const std::int64_t* nodes, std::int64_t num_edges, std::int64_t* counts) {
  const std::int64_t e = thread_index();
  if (e < num_edges) atomicAdd(reinterpret_cast<unsigned long long*>(counts + nodes[e]), 1ull);
}

__global__ void fill_identity(std::int64_t* values, std::int64_t count) {
  const std::int64_t i = thread_index();
  if (i < count) values[i] = i;
}

// One warp per node; each lane sums its columns over the node's edges in ascending edge id.
template <typename T>
__global__ void node_update_inputs_kernel(const T* nodes, const T* edges, const std::int64_t* offsets,
                                          const std::int64_t* edge_ids, std::int64_t num_nodes,
                                          std::int64_t num_edges, std::int64_t width, T* out) {
  const std::int64_t n = warp_row();
  if (n >= num_nodes) return;
  T* row = out + n * 3 * width;
  for (std::int64_t column = lane(); column < width; column += kWarpSize) row[column] = nodes[n * width + column];
  for (int direction = 0; direction < 2; ++direction) {
    const std::int64_t* group_offsets = offsets + direction * (num_nodes + 1);
    const std::int64_t* group = edge_ids + direction * num_edges;
    const std::int64_t begin = group_offsets[n], end = group_offsets[n + 1];
    T* sums = row + (1 + direction) * width;
    if (width <= kMaxValuesPerLane * kWarpSize) {
      // One walk over the node's edges with the row's sums in registers; each column still adds
      // its edges in ascending order, so the bits are the host loop's.
      float sum[kMaxValuesPerLane] = {};
      for (std::int64_t j = begin; j < end; ++j) {
        const T* edge = edges + group[j] * width;
#pragma unroll
        for (int k = 0; k < kMaxValuesPerLane; ++k) {
          const std::int64_t column = lane() + k * kWarpSize;
          if (column < width) sum[k] += to_float(edge[column]);
        }
      }
#pragma unroll
      for (int k = 0; k < kMaxValuesPerLane; ++k) {
        const std::int64_t column = lane() + k * kWarpSize;
        if (column < width) sums[column] = from_float<T>(sum[k]);
      }
      continue;
    }
    for (std::int64_t column = lane(); column < width; column += kWarpSize) {
      float sum = 0.0f;
      for (std::int64_t j = begin; j < end; ++j) sum += to_float(edges[group[j] * width + column]);
      sums[column] = from_float<T>(sum);
    }
  }
}

template <typename T>
__global__ void from_float_kernel(const float* values, std::int64_t count, T* out) {
  const std::int64_t i = thread_index();
  if (i < count) out[i] = from_float<T>(values[i]);
}

template <typename T>
__global__ void to_float_kernel(const T* values, std::int64_t count, float* out) {
  const std::int64_t i = thread_index();
  if (i < count) out[i] = to_float(values[i]);
}

// Calls `function` with a null pointer of the element type of `precision`.
template <typename Function>
void with_element_type(Precision precision, const Function& function) {
  switch (precision) {
    case Precision::fp32: function(static_cast<float*>(nullptr)); return;
    case Precision::fp16: function(static_cast<__half*>(nullptr)); return;
    case Precision::bf16: function(static_cast<__nv_bfloat16*>(nullptr)); return;
  }
  throw std::invalid_argument("gnn ops: unknown precision");
}

template <typename Pointer>
using Element = std::remove_pointer_t<Pointer>;

void check_sizes(const char* operation, std::int64_t rows, std::int64_t width) {
  if (rows < 0 || width < 0)
    throw std::invalid_argument(std::string(operation) + ": negative size (" + std::to_string(rows) + " rows, width " +
                                std::to_string(width) + ")");
  if (width > INT_MAX) throw std::invalid_argument(std::string(operation) + ": width " + std::to_string(width) + " too large");
}

void check_row_width(const char* operation, std::int64_t row_width, std::int64_t values_per_row) {
  if (row_width < values_per_row)
    throw std::invalid_argument(std::string(operation) + ": rows of " + std::to_string(row_width) + " cannot hold " +
                                std::to_string(values_per_row) + " values");
}

void check_epilogue(const char* operation, const RowEpilogue& epilogue) {
  if (epilogue.norm_weight != nullptr && epilogue.norm_bias == nullptr)
    throw std::invalid_argument(std::string(operation) + ": LayerNorm weight without bias");
}

}  // namespace

std::int64_t count_out_of_range_endpoints(const std::int64_t* edge_index, std::int64_t num_edges,
                                          std::int64_t num_nodes, Stream stream) {
  check_sizes("count_out_of_range_endpoints", num_edges, 0);
  if (num_edges == 0) return 0;
  Scratch<unsigned long long> bad(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(bad.get(), 0, sizeof(unsigned long long), stream));
  count_out_of_range_kernel<<<blocks_for(2 * num_edges, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
      edge_index, 2 * num_edges, num_nodes, bad.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  unsigned long long count = 0;
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(&count, bad.get(), sizeof(count), cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  return static_cast<std::int64_t>(count);
}

void standardize_rows(const float* x, std::int64_t rows, std::int64_t cols, const float* mean, const float* inverse_std,
                      std::int64_t row_width, Precision precision, void* out, Stream stream) {
  check_sizes("standardize_rows", rows, cols);
  check_row_width("standardize_rows", row_width, cols);
  if (rows * row_width == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    standardize_kernel<T><<<blocks_for(rows * row_width, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
        x, rows, cols, mean, inverse_std, row_width, static_cast<T*>(out));
  });
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

void build_edge_inputs(const float* x, std::int64_t num_features, const std::int64_t* edge_index,
                       std::int64_t num_edges, const gnn::EdgeInputParams& params, std::int64_t row_width,
                       Precision precision, void* out, Stream stream) {
  check_sizes("build_edge_inputs", num_edges, num_features);
  check_row_width("build_edge_inputs", row_width, 3 * num_features);
  if (num_edges == 0 || row_width == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    // As many edges per block as fit the default 48 KB of shared memory, a whole number of warps;
    // rows wider than a warp's share are written directly.
    const std::int64_t row_bytes = row_width * static_cast<std::int64_t>(sizeof(T));
    const std::int64_t staged_edges =
        std::min<std::int64_t>(kThreadsPerBlock, kEdgeInputStagingBytes / row_bytes / kWarpSize * kWarpSize);
    const bool staged = staged_edges > 0;
    const int threads = staged ? static_cast<int>(staged_edges) : kThreadsPerBlock;
    const std::size_t shared_bytes = staged ? static_cast<std::size_t>(threads * row_bytes) : 0;
    edge_inputs_kernel<T><<<blocks_for(num_edges, threads), threads, shared_bytes, stream>>>(
        x, num_features, edge_index, num_edges, params, row_width, staged, static_cast<T*>(out));
  });
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

void dense_epilogue(const void* product, std::int64_t rows, std::int64_t width, const RowEpilogue& epilogue,
                    const void* residual, Precision precision, void* out, Stream stream) {
  check_sizes("dense_epilogue", rows, width);
  check_epilogue("dense_epilogue", epilogue);
  if (rows * width == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    launch_row_epilogue<T>(DenseRows<T>{static_cast<const T*>(product), width}, rows, width, epilogue, residual, out,
                           stream);
  });
}

void gather_dense_epilogue(const void* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                           const void* edge_part, std::int64_t width, const RowEpilogue& epilogue,
                           const void* residual, Precision precision, void* out, Stream stream) {
  check_sizes("gather_dense_epilogue", num_edges, width);
  check_epilogue("gather_dense_epilogue", epilogue);
  if (num_edges * width == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    const GatheredRows<T> rows{static_cast<const T*>(node_projection), edge_index, num_edges,
                               static_cast<const T*>(edge_part), width};
    launch_row_epilogue<T>(rows, num_edges, width, epilogue, residual, out, stream);
  });
}

void group_edges_by_node(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t num_nodes,
                         std::int64_t* offsets, std::int64_t* edge_ids, Stream stream) {
  check_sizes("group_edges_by_node", num_edges, 0);
  check_sizes("group_edges_by_node", num_nodes, 0);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(offsets, 0, static_cast<std::size_t>(2 * (num_nodes + 1)) * sizeof(std::int64_t), stream));
  if (num_edges == 0) return;
  if (num_nodes == 0) throw std::invalid_argument("group_edges_by_node: edges without nodes");
  Scratch<std::int64_t> counts(num_nodes + 1, stream), identity(num_edges, stream), sorted_nodes(num_edges, stream);
  fill_identity<<<blocks_for(num_edges, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(identity.get(), num_edges);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int node_bits = bits_to_hold(static_cast<std::uint64_t>(num_nodes - 1));
  // Incoming edges are grouped by target (the second row of edge_index), outgoing ones by source.
  for (int direction = 0; direction < 2; ++direction) {
    const std::int64_t* nodes = edge_index + (direction == 0 ? num_edges : 0);
    std::int64_t* group_offsets = offsets + direction * (num_nodes + 1);
    // counts[num_nodes] stays 0, so that the scan ends with num_edges.
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(counts.get(), 0, static_cast<std::size_t>(num_nodes + 1) * sizeof(std::int64_t), stream));
    count_per_node<<<blocks_for(num_edges, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(nodes, num_edges,
                                                                                            counts.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    run_cub(
        [&](void* temp, std::size_t& bytes) {
          return cub::DeviceScan::ExclusiveSum(temp, bytes, counts.get(), group_offsets, num_nodes + 1, stream);
        },
        stream);
    // Radix sort is stable: within a node, edge ids stay ascending.
    run_cub(
        [&](void* temp, std::size_t& bytes) {
          return cub::DeviceRadixSort::SortPairs(temp, bytes, nodes, sorted_nodes.get(), identity.get(),
                                                 edge_ids + direction * num_edges, num_edges, 0, node_bits, stream);
        },
        stream);
  }
}

void node_update_inputs(const void* nodes, const void* edges, const std::int64_t* offsets,
                        const std::int64_t* edge_ids, std::int64_t num_nodes, std::int64_t num_edges,
                        std::int64_t width, Precision precision, void* out, Stream stream) {
  check_sizes("node_update_inputs", num_nodes, width);
  check_sizes("node_update_inputs", num_edges, width);
  if (num_nodes * width == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    node_update_inputs_kernel<T><<<blocks_for(num_nodes, kRowsPerBlock), kThreadsPerBlock, 0, stream>>>(
        static_cast<const T*>(nodes), static_cast<const T*>(edges), offsets, edge_ids, num_nodes, num_edges, width,
        static_cast<T*>(out));
  });
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

void convert_from_float(const float* values, std::int64_t count, Precision precision, void* out, Stream stream) {
  check_sizes("convert_from_float", count, 0);
  if (count == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    from_float_kernel<T><<<blocks_for(count, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(values, count,
                                                                                              static_cast<T*>(out));
  });
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

void convert_to_float(const void* values, std::int64_t count, Precision precision, float* out, Stream stream) {
  check_sizes("convert_to_float", count, 0);
  if (count == 0) return;
  with_element_type(precision, [&](auto type) {
    using T = Element<decltype(type)>;
    to_float_kernel<T><<<blocks_for(count, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
        static_cast<const T*>(values), count, out);
  });
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

}  // namespace trackgnn::cuda
