#pragma once
// Device-side arithmetic of the native backend's kernels in any working precision (float,
// __half, __nv_bfloat16): conversions to and from float32, in which every sum, statistic and
// activation is computed, and the activations.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <type_traits>

#include "models/native/device/gnn_ops.hpp"

namespace trackgnn::cuda::working_precision {

template <typename T>
constexpr bool kIsWorkingType = std::is_same_v<T, float> || std::is_same_v<T, __half> || std::is_same_v<T, __nv_bfloat16>;

template <typename T>
__device__ __forceinline__ float to_float(T value) {
  static_assert(kIsWorkingType<T>);
  if constexpr (std::is_same_v<T, __half>) return __half2float(value);
  else if constexpr (std::is_same_v<T, __nv_bfloat16>) return __bfloat162float(value);
  else return value;
}

// Round to nearest even.
template <typename T>
__device__ __forceinline__ T from_float(float value) {
  static_assert(kIsWorkingType<T>);
  if constexpr (std::is_same_v<T, __half>) return __float2half_rn(value);
  else if constexpr (std::is_same_v<T, __nv_bfloat16>) return __float2bfloat16_rn(value);
  else return value;
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
