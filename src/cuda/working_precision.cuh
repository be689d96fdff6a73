#pragma once
// Device-side arithmetic of the native backend's kernels in any working precision (float,
// __half, __nv_bfloat16): conversions to and from float32, in which every sum, statistic and
// activation is computed, and the activations.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "cuda/gnn_ops.hpp"

namespace trackgnn::cuda::working_precision {

template <typename T>
__device__ __forceinline__ float to_float(T value);
template <>
__device__ __forceinline__ float to_float(float value) {
  return value;
}
template <>
__device__ __forceinline__ float to_float(__half value) {
  return __half2float(value);
}
template <>
__device__ __forceinline__ float to_float(__nv_bfloat16 value) {
  return __bfloat162float(value);
}

// Round to nearest even.
template <typename T>
__device__ __forceinline__ T from_float(float value);
template <>
__device__ __forceinline__ float from_float(float value) {
  return value;
}
template <>
__device__ __forceinline__ __half from_float(float value) {
  return __float2half_rn(value);
}
template <>
__device__ __forceinline__ __nv_bfloat16 from_float(float value) {
  return __float2bfloat16_rn(value);
}

__device__ __forceinline__ float activate(float value, gnn::Activation activation) {
  switch (activation) {
    // Written so that NaN passes through, as torch.relu lets it.
    case gnn::Activation::relu: return value < 0.0f ? 0.0f : value;
    case gnn::Activation::tanh: return tanhf(value);
    case gnn::Activation::silu: return value / (1.0f + expf(-value));
    case gnn::Activation::none: break;
  }
  return value;
}

}  // namespace trackgnn::cuda::working_precision
