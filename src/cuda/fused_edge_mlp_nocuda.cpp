#include <stdexcept>

#include "cuda/fused_edge_mlp.hpp"

namespace trackgnn::cuda {

void fused_edge_mlp(const void*, const std::int64_t*, std::int64_t, const void*, const FusedEdgeMlp&, bool, Precision,
                    void*, Stream) {
  throw std::runtime_error("fused_edge_mlp on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
