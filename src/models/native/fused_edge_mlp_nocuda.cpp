// Link-time stand-in for device/fused_edge_mlp.cu in a build without CUDA. It remains because the native
// backend picks its host or device kernels per call (fused_ops.cpp, by the model's device) instead
// of through a registry, and tests/cuda/test_cuda_gnn_ops links these entry points in every build.
#include "core/built_without_cuda.hpp"
#include "models/native/device/fused_edge_mlp.hpp"

namespace trackgnn::cuda {

void fused_edge_mlp(const void*, const std::int64_t*, std::int64_t, const void*, const FusedEdgeMlp&, bool, Precision,
                    void*, Stream) {
  throw_built_without_cuda("fused_edge_mlp");
}

}  // namespace trackgnn::cuda
