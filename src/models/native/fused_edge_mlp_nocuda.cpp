#include "core/built_without_cuda.hpp"
#include "models/native/device/fused_edge_mlp.hpp"

namespace trackgnn::cuda {

void fused_edge_mlp(const void*, const std::int64_t*, std::int64_t, const void*, const FusedEdgeMlp&, bool, Precision,
                    void*, Stream) {
  throw_built_without_cuda("fused_edge_mlp");
}

}  // namespace trackgnn::cuda
