#pragma once
// LayerNorm of one row held by a warp in registers: the statistics are two warp reductions, in
// float32. Shared by the row epilogues of gnn_ops.cu and the first-layer kernel of input_layer.cu.
#include "models/native/device/gnn_ops.hpp"

namespace trackgnn::cuda::row_layer_norm {

constexpr int kWarpSize = 32;
constexpr unsigned kFullWarp = 0xffffffffu;

__device__ __forceinline__ float warp_sum(float value) {
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) value += __shfl_xor_sync(kFullWarp, value, offset);
  return value;
}

// Where a lane's values lie in the row: strided (values[k] is column lane + 32k) or contiguous
// (values[k] is column lane * kValuesPerLane + k).
enum class Columns { strided, contiguous };

template <Columns kColumns, int kValuesPerLane>
__device__ __forceinline__ int column_of(int lane, int k) {
  return kColumns == Columns::strided ? lane + k * kWarpSize : lane * kValuesPerLane + k;
}

// The whole warp must call it (the reductions shuffle across all lanes); values past `width` are
// ignored and left as they are. Does nothing without epilogue.norm_weight.
template <Columns kColumns = Columns::strided, int kValuesPerLane>
__device__ __forceinline__ void normalize(float (&values)[kValuesPerLane], int width, const gnn::RowEpilogue& epilogue) {
  if (epilogue.norm_weight == nullptr) return;
  const int lane = static_cast<int>(threadIdx.x % kWarpSize);
  const auto column = [&](int k) { return column_of<kColumns, kValuesPerLane>(lane, k); };
  float sum = 0.0f;
#pragma unroll
  for (int k = 0; k < kValuesPerLane; ++k)
    if (column(k) < width) sum += values[k];
  const float mean = warp_sum(sum) / static_cast<float>(width);
  float squares = 0.0f;
#pragma unroll
  for (int k = 0; k < kValuesPerLane; ++k) {
    const float deviation = values[k] - mean;
    if (column(k) < width) squares += deviation * deviation;
  }
  const float inverse_std = rsqrtf(warp_sum(squares) / static_cast<float>(width) + epilogue.norm_eps);
#pragma unroll
  for (int k = 0; k < kValuesPerLane; ++k) {
    const int c = column(k);
    if (c < width) values[k] = (values[k] - mean) * inverse_std * epilogue.norm_weight[c] + epilogue.norm_bias[c];
  }
}

}  // namespace trackgnn::cuda::row_layer_norm
