#include <stdexcept>

#include "cuda/frnn_kept_lists.hpp"

namespace trackgnn::cuda {

std::int64_t radius_search_kept_lists(const float*, std::int64_t, std::int64_t, float, std::int64_t,
                                      const EdgeAllocator&, Stream) {
  throw std::runtime_error(
      "radius_search_kept_lists on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
