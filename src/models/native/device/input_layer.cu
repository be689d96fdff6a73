// One warp per group of consecutive rows, in a two-stage pipeline: the next group's input values
// are loaded into registers while the current group is multiplied, so each warp has a load in
// flight through its arithmetic. A lane owns kValuesPerLane contiguous output columns: every
// weight it reads from shared memory serves the whole group of rows, and each row's output
// leaves in one vector store per lane after the LayerNorm and activation ran on the registers.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "models/native/device/input_layer.hpp"
#include "models/native/device/row_layer_norm.cuh"
#include "core/device/scratch.cuh"
#include "models/native/device/working_precision.cuh"

namespace trackgnn::cuda {
namespace {

constexpr int kWarpSize = 32;
constexpr int kWarpsPerBlock = 8;
constexpr int kThreadsPerBlock = kWarpsPerBlock * kWarpSize;
// Rows a warp multiplies at once: each weight read from shared memory serves this many rows.
constexpr int kRowsPerWarp = 4;
// A group's input values spread over the lanes, at most this many per lane.
constexpr int kStagedPerLane = (kRowsPerWarp * static_cast<int>(kMaxInputLayerInputs) + kWarpSize - 1) / kWarpSize;
// Shared memory a kernel may take without opting in.
constexpr std::size_t kDefaultSharedBytes = 48 * 1024;

using row_layer_norm::Columns;
using working_precision::activate;
using working_precision::from_float;

std::size_t shared_bytes(std::int64_t inputs, int values_per_lane) {
  return static_cast<std::size_t>(inputs) * (values_per_lane * kWarpSize + kWarpsPerBlock * kRowsPerWarp) *
         sizeof(float);
}

// `count` values from dst on, as one store of count * sizeof(T) bytes where that size allows.
template <typename T, int kCount>
__device__ __forceinline__ void store_contiguous(T* dst, const T (&values)[kCount]) {
  constexpr int bytes = kCount * static_cast<int>(sizeof(T));
  if constexpr (bytes % 16 == 0) {
#pragma unroll
    for (int j = 0; j < bytes / 16; ++j) reinterpret_cast<uint4*>(dst)[j] = reinterpret_cast<const uint4*>(values)[j];
  } else if constexpr (bytes == 8) {
    *reinterpret_cast<uint2*>(dst) = *reinterpret_cast<const uint2*>(values);
  } else if constexpr (bytes == 4) {
    *reinterpret_cast<unsigned*>(dst) = *reinterpret_cast<const unsigned*>(values);
  } else {
#pragma unroll
    for (int v = 0; v < kCount; ++v) dst[v] = values[v];
  }
}

template <typename T, int kValuesPerLane>
__global__ void __launch_bounds__(kThreadsPerBlock)
    input_layer_kernel(const float* __restrict__ inputs, std::int64_t num_rows, InputLayer layer, T* __restrict__ out) {
  extern __shared__ float shared[];
  const int num_inputs = static_cast<int>(layer.inputs), width = static_cast<int>(layer.outputs);
  const int warp = static_cast<int>(threadIdx.x / kWarpSize), lane = static_cast<int>(threadIdx.x % kWarpSize);
  // weights[(k * kValuesPerLane + v) * 32 + lane] = weight[lane * kValuesPerLane + v, k], zero past
  // the width: a warp's read of one (k, v) is 32 consecutive floats, free of bank conflicts.
  float* weights = shared;
  float* staged = shared + num_inputs * kValuesPerLane * kWarpSize + warp * kRowsPerWarp * num_inputs;
  for (int i = static_cast<int>(threadIdx.x); i < num_inputs * kValuesPerLane * kWarpSize; i += kThreadsPerBlock) {
    const int owner = i % kWarpSize, kv = i / kWarpSize;
    const int column = owner * kValuesPerLane + kv % kValuesPerLane, k = kv / kValuesPerLane;
    weights[i] = column < width ? layer.weight[static_cast<std::int64_t>(column) * num_inputs + k] : 0.0f;
  }
  __syncthreads();

  const int group_values = kRowsPerWarp * num_inputs;
  const std::int64_t all_values = num_rows * num_inputs;
  const auto load_group = [&](std::int64_t group, float (&values)[kStagedPerLane]) {
    const std::int64_t first = group * group_values;
#pragma unroll
    for (int i = 0; i < kStagedPerLane; ++i) {
      const int item = lane + i * kWarpSize;
      values[i] = item < group_values && first + item < all_values ? __ldg(inputs + first + item) : 0.0f;
    }
  };
  const bool vector_stores = width % kValuesPerLane == 0 && reinterpret_cast<std::uintptr_t>(out) % 16 == 0;
  const int first_column = lane * kValuesPerLane;

  const std::int64_t groups = (num_rows + kRowsPerWarp - 1) / kRowsPerWarp;
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * kWarpsPerBlock;
  std::int64_t group = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + warp;
  float next[kStagedPerLane];
  if (group < groups) load_group(group, next);
  for (; group < groups; group += stride) {
#pragma unroll
    for (int i = 0; i < kStagedPerLane; ++i)
      if (lane + i * kWarpSize < group_values) staged[lane + i * kWarpSize] = next[i];
    __syncwarp();
    if (group + stride < groups) load_group(group + stride, next);

    float values[kRowsPerWarp][kValuesPerLane];
#pragma unroll
    for (int v = 0; v < kValuesPerLane; ++v) {
      const int column = first_column + v;
      const float bias = layer.epilogue.bias != nullptr && column < width ? layer.epilogue.bias[column] : 0.0f;
#pragma unroll
      for (int r = 0; r < kRowsPerWarp; ++r) values[r][v] = bias;
    }
    for (int k = 0; k < num_inputs; ++k) {
      float weight[kValuesPerLane];
#pragma unroll
      for (int v = 0; v < kValuesPerLane; ++v) weight[v] = weights[(k * kValuesPerLane + v) * kWarpSize + lane];
#pragma unroll
      for (int r = 0; r < kRowsPerWarp; ++r) {
        const float input = staged[r * num_inputs + k];
#pragma unroll
        for (int v = 0; v < kValuesPerLane; ++v) values[r][v] = fmaf(input, weight[v], values[r][v]);
      }
    }
    __syncwarp();  // the next group overwrites `staged`

#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
      const std::int64_t row = group * kRowsPerWarp + r;
      if (row >= num_rows) break;  // the same for every lane: the reductions stay full-warp
      row_layer_norm::normalize<Columns::contiguous>(values[r], width, layer.epilogue);
      alignas(16) T rounded[kValuesPerLane];
#pragma unroll
      for (int v = 0; v < kValuesPerLane; ++v) rounded[v] = from_float<T>(activate(values[r][v], layer.epilogue.activation));
      T* destination = out + row * width + first_column;
      if (vector_stores) {
        if (first_column < width) store_contiguous(destination, rounded);
      } else {
#pragma unroll
        for (int v = 0; v < kValuesPerLane; ++v)
          if (first_column + v < width) destination[v] = rounded[v];
      }
    }
  }
}

template <typename T, int kValuesPerLane>
void launch(const float* inputs, std::int64_t num_rows, const InputLayer& layer, void* out, Stream stream) {
  const auto kernel = input_layer_kernel<T, kValuesPerLane>;
  const std::size_t bytes = shared_bytes(layer.inputs, kValuesPerLane);
  if (bytes > kDefaultSharedBytes)
    TRACKGNN_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
  // As many blocks as are resident at once (each loads the weights once), fewer when rows run out.
  int multiprocessors = 0, blocks_per_multiprocessor = 0;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, current_device()));
  TRACKGNN_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_multiprocessor, kernel, kThreadsPerBlock, bytes));
  const std::int64_t needed = blocks_for(blocks_for(num_rows, kRowsPerWarp), kWarpsPerBlock);
  const std::int64_t resident = static_cast<std::int64_t>(multiprocessors) * std::max(blocks_per_multiprocessor, 1);
  kernel<<<static_cast<unsigned>(std::min(needed, resident)), kThreadsPerBlock, bytes, stream>>>(
      inputs, num_rows, layer, static_cast<T*>(out));
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

template <typename T>
void launch_for_width(const float* inputs, std::int64_t num_rows, const InputLayer& layer, void* out, Stream stream) {
  if (layer.outputs <= 1 * kWarpSize) return launch<T, 1>(inputs, num_rows, layer, out, stream);
  if (layer.outputs <= 2 * kWarpSize) return launch<T, 2>(inputs, num_rows, layer, out, stream);
  if (layer.outputs <= 4 * kWarpSize) return launch<T, 4>(inputs, num_rows, layer, out, stream);
  launch<T, 8>(inputs, num_rows, layer, out, stream);
}

}  // namespace

void input_layer(const float* inputs, std::int64_t rows, const InputLayer& layer, Precision precision, void* out,
                 Stream stream) {
  if (rows < 0) throw std::invalid_argument("input_layer: negative row count " + std::to_string(rows));
  if (!input_layer_fits(layer.inputs, layer.outputs))
    throw std::invalid_argument("input_layer: a layer of " + std::to_string(layer.inputs) + " -> " +
                                std::to_string(layer.outputs) + " values does not fit the kernel (at most " +
                                std::to_string(kMaxInputLayerInputs) + " -> " + std::to_string(kMaxInputLayerOutputs) +
                                ")");
  if (layer.epilogue.norm_weight != nullptr && layer.epilogue.norm_bias == nullptr)
    throw std::invalid_argument("input_layer: LayerNorm weight without bias");
  if (rows == 0) return;
  switch (precision) {
    case Precision::fp32: return launch_for_width<float>(inputs, rows, layer, out, stream);
    case Precision::fp16: return launch_for_width<__half>(inputs, rows, layer, out, stream);
    case Precision::bf16: return launch_for_width<__nv_bfloat16>(inputs, rows, layer, out, stream);
  }
  throw std::invalid_argument("input_layer: unknown precision");
}

}  // namespace trackgnn::cuda
