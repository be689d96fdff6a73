#include <stdexcept>

#include "cuda/frnn.hpp"

namespace trackgnn::cuda {

std::int64_t radius_search(const float*, std::int64_t, std::int64_t, float, std::int64_t, const EdgeAllocator&,
                           Stream) {
  throw std::runtime_error("radius_search on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
