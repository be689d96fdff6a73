// One warp per group of rows: the warp forms the rows' float32 inputs in shared memory, every lane
// multiplies them into its 1-8 output columns against weights resident in shared memory (read
// once per group of rows, reused across it), and the LayerNorm and activation run on the
// registers before the single rounded store. Blocks loop over row groups, so each block loads the
// weights once.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cuda/check.cuh"
#include "cuda/input_layer.hpp"
#include "cuda/network_inputs.cuh"
#include "cuda/row_layer_norm.cuh"
#include "cuda/scratch.cuh"
#include "cuda/working_precision.cuh"

namespace trackgnn::cuda {
namespace {

constexpr int kWarpSize = 32;
constexpr int kWarpsPerBlock = 8;
constexpr int kThreadsPerBlock = kWarpsPerBlock * kWarpSize;
// Rows a warp multiplies at once: each weight read from shared memory serves this many rows.
constexpr int kRowsPerWarp = 4;
// Shared memory a kernel may take without opting in.
constexpr std::size_t kDefaultSharedBytes = 48 * 1024;

using working_precision::activate;
using working_precision::from_float;

struct NodeInputs {
  const float* x;
  std::int64_t num_features;
  const float* mean;
  const float* inverse_std;
  __device__ float operator()(std::int64_t row, int column) const {
    return network_inputs::standardized(x[row * num_features + column], mean[column], inverse_std[column]);
  }
};

struct EdgeInputs {
  const float* x;
  std::int64_t num_features;
  const std::int64_t* edge_index;
  std::int64_t num_edges;
  gnn::EdgeInputParams params;
  __device__ float operator()(std::int64_t edge, int column) const {
    const float* source = x + edge_index[edge] * num_features;
    const float* target = x + edge_index[num_edges + edge] * num_features;
    return network_inputs::edge_input(source, target, num_features, column, params);
  }
};

std::size_t shared_bytes(std::int64_t inputs, int columns) {
  return static_cast<std::size_t>(inputs) * (columns + kWarpsPerBlock * kRowsPerWarp) * sizeof(float);
}

template <typename T, int kValuesPerLane, typename Inputs>
__global__ void __launch_bounds__(kThreadsPerBlock)
    input_layer_kernel(Inputs row_inputs, std::int64_t num_rows, InputLayer layer, T* out) {
  constexpr int kColumns = kValuesPerLane * kWarpSize;
  extern __shared__ float shared[];
  const int inputs = static_cast<int>(layer.inputs), width = static_cast<int>(layer.outputs);
  const int warp = static_cast<int>(threadIdx.x / kWarpSize), lane = static_cast<int>(threadIdx.x % kWarpSize);
  // weights[k * kColumns + c] = weight[c, k], zero for c >= width, so the products need no guard.
  float* weights = shared;
  float* staged = shared + inputs * kColumns + warp * kRowsPerWarp * inputs;  // [kRowsPerWarp][inputs]
  for (int i = static_cast<int>(threadIdx.x); i < inputs * kColumns; i += kThreadsPerBlock) {
    const int k = i / kColumns, c = i % kColumns;
    weights[i] = c < width ? layer.weight[static_cast<std::int64_t>(c) * inputs + k] : 0.0f;
  }
  __syncthreads();

  const std::int64_t groups = (num_rows + kRowsPerWarp - 1) / kRowsPerWarp;
  for (std::int64_t group = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + warp; group < groups;
       group += static_cast<std::int64_t>(gridDim.x) * kWarpsPerBlock) {
    const std::int64_t first_row = group * kRowsPerWarp;
#pragma unroll
    for (int rr = 0; rr < kRowsPerWarp; ++rr)
      for (int k = lane; k < inputs; k += kWarpSize)
        staged[rr * inputs + k] = first_row + rr < num_rows ? row_inputs(first_row + rr, k) : 0.0f;
    __syncwarp();

    float values[kRowsPerWarp][kValuesPerLane];
#pragma unroll
    for (int v = 0; v < kValuesPerLane; ++v) {
      const int column = lane + v * kWarpSize;
      const float bias = layer.epilogue.bias != nullptr && column < width ? layer.epilogue.bias[column] : 0.0f;
#pragma unroll
      for (int rr = 0; rr < kRowsPerWarp; ++rr) values[rr][v] = bias;
    }
    for (int k = 0; k < inputs; ++k) {
      float weight[kValuesPerLane];
#pragma unroll
      for (int v = 0; v < kValuesPerLane; ++v) weight[v] = weights[k * kColumns + lane + v * kWarpSize];
#pragma unroll
      for (int rr = 0; rr < kRowsPerWarp; ++rr) {
        const float input = staged[rr * inputs + k];
#pragma unroll
        for (int v = 0; v < kValuesPerLane; ++v) values[rr][v] = fmaf(input, weight[v], values[rr][v]);
      }
    }
    __syncwarp();  // the next group overwrites `staged`

#pragma unroll
    for (int rr = 0; rr < kRowsPerWarp; ++rr) {
      const std::int64_t row = first_row + rr;
      if (row >= num_rows) break;  // the same for every lane: the reductions stay full-warp
      row_layer_norm::normalize(values[rr], width, layer.epilogue);
#pragma unroll
      for (int v = 0; v < kValuesPerLane; ++v) {
        const int column = lane + v * kWarpSize;
        if (column < width) out[row * width + column] = from_float<T>(activate(values[rr][v], layer.epilogue.activation));
      }
    }
  }
}

template <typename T, int kValuesPerLane, typename Inputs>
void launch(const Inputs& inputs, std::int64_t num_rows, const InputLayer& layer, T* out, Stream stream) {
  const auto kernel = input_layer_kernel<T, kValuesPerLane, Inputs>;
  const std::size_t bytes = shared_bytes(layer.inputs, kValuesPerLane * kWarpSize);
  if (bytes > kDefaultSharedBytes)
    TRACKGNN_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
  // As many blocks as fit at once (each loads the weights once), fewer when the rows run out.
  int device = current_device(), multiprocessors = 0, blocks_per_multiprocessor = 0;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device));
  TRACKGNN_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_multiprocessor, kernel, kThreadsPerBlock, bytes));
  const std::int64_t needed = blocks_for(blocks_for(num_rows, kRowsPerWarp), kWarpsPerBlock);
  const std::int64_t resident = static_cast<std::int64_t>(multiprocessors) * std::max(blocks_per_multiprocessor, 1);
  kernel<<<static_cast<unsigned>(std::min(needed, resident)), kThreadsPerBlock, bytes, stream>>>(inputs, num_rows, layer,
                                                                                                 out);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

template <typename T, typename Inputs>
void launch_for_width(const Inputs& inputs, std::int64_t num_rows, const InputLayer& layer, void* out, Stream stream) {
  T* values = static_cast<T*>(out);
  if (layer.outputs <= 1 * kWarpSize) return launch<T, 1>(inputs, num_rows, layer, values, stream);
  if (layer.outputs <= 2 * kWarpSize) return launch<T, 2>(inputs, num_rows, layer, values, stream);
  if (layer.outputs <= 4 * kWarpSize) return launch<T, 4>(inputs, num_rows, layer, values, stream);
  launch<T, 8>(inputs, num_rows, layer, values, stream);
}

template <typename Inputs>
void run(const char* operation, const Inputs& inputs, std::int64_t num_rows, const InputLayer& layer,
         Precision precision, void* out, Stream stream) {
  if (num_rows < 0) throw std::invalid_argument(std::string(operation) + ": negative row count");
  if (!input_layer_fits(layer.inputs, layer.outputs))
    throw std::invalid_argument(std::string(operation) + ": a layer of " + std::to_string(layer.inputs) + " -> " +
                                std::to_string(layer.outputs) + " values does not fit the kernel (at most " +
                                std::to_string(kMaxInputLayerInputs) + " -> " + std::to_string(kMaxInputLayerOutputs) +
                                ")");
  if (layer.epilogue.norm_weight != nullptr && layer.epilogue.norm_bias == nullptr)
    throw std::invalid_argument(std::string(operation) + ": LayerNorm weight without bias");
  if (num_rows == 0) return;
  switch (precision) {
    case Precision::fp32: return launch_for_width<float>(inputs, num_rows, layer, out, stream);
    case Precision::fp16: return launch_for_width<__half>(inputs, num_rows, layer, out, stream);
    case Precision::bf16: return launch_for_width<__nv_bfloat16>(inputs, num_rows, layer, out, stream);
  }
  throw std::invalid_argument(std::string(operation) + ": unknown precision");
}

}  // namespace

void node_input_layer(const float* x, std::int64_t rows, const float* mean, const float* inverse_std,
                      const InputLayer& layer, Precision precision, void* out, Stream stream) {
  run("node_input_layer", NodeInputs{x, layer.inputs, mean, inverse_std}, rows, layer, precision, out, stream);
}

void edge_input_layer(const float* x, const std::int64_t* edge_index, std::int64_t num_edges,
                      const gnn::EdgeInputParams& params, const InputLayer& layer, Precision precision, void* out,
                      Stream stream) {
  if (layer.inputs % 3 != 0)
    throw std::invalid_argument("edge_input_layer: edge inputs are 3 per feature, the layer reads " +
                                std::to_string(layer.inputs));
  run("edge_input_layer", EdgeInputs{x, layer.inputs / 3, edge_index, num_edges, params}, num_edges, layer, precision,
      out, stream);
}

}  // namespace trackgnn::cuda
