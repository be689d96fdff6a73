#include <stdexcept>

#include "cuda/best_edges.hpp"

namespace trackgnn::cuda {

void select_best_edges(const std::int64_t*, const float*, std::int64_t, float, std::int64_t, float*, Stream) {
  throw std::runtime_error("select_best_edges on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
