// Link-time stand-in for device/input_layer.cu in a build without CUDA. It remains because the native
// backend picks its host or device kernels per call (fused_ops.cpp, by the model's device) instead
// of through a registry, and tests/cuda/test_cuda_gnn_ops links these entry points in every build.
#include "core/built_without_cuda.hpp"
#include "models/native/device/input_layer.hpp"

namespace trackgnn::cuda {

void input_layer(const float*, std::int64_t, const InputLayer&, Precision, void*, Stream) {
  throw_built_without_cuda("input_layer");
}

}  // namespace trackgnn::cuda
