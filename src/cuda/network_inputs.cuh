#pragma once
// The float32 inputs of a network's first layer, as python/trackgnn_train/models.py forms them
// (Standardize, EdgeInputs): shared by the kernels that write them out (gnn_ops.cu) and the one
// that multiplies them straight into the first layer (input_layer.cu), so both read the same bits.
#include <cstdint>

#include "cuda/gnn_ops.hpp"

namespace trackgnn::cuda::network_inputs {

// Explicit roundings (no fused multiply-add), as PyTorch's separate subtract and multiply.
__device__ __forceinline__ float standardized(float value, float mean, float inverse_std) {
  return __fmul_rn(__fsub_rn(value, mean), inverse_std);
}

// target - source wrapped into the feature's period (inverse_period 0: not periodic); rintf
// rounds half to even, as torch.round.
__device__ __forceinline__ float wrapped_difference(float source, float target, float period, float inverse_period) {
  const float difference = __fsub_rn(target, source);
  const float turns = rintf(__fmul_rn(difference, inverse_period));
  return __fsub_rn(difference, __fmul_rn(period, turns));
}

// Column `column` (< 3F) of an edge's standardised inputs [x_s, x_t, d], from the endpoints' rows.
__device__ __forceinline__ float edge_input(const float* source, const float* target, std::int64_t num_features,
                                            std::int64_t column, const gnn::EdgeInputParams& params) {
  const std::int64_t f = column % num_features;
  const std::int64_t part = column / num_features;
  const float value = part == 0   ? source[f]
                      : part == 1 ? target[f]
                                  : wrapped_difference(source[f], target[f], params.period[f], params.inverse_period[f]);
  return standardized(value, params.mean[column], params.inverse_std[column]);
}

}  // namespace trackgnn::cuda::network_inputs
