#include <stdexcept>

#include "cuda/connected_components.hpp"

namespace trackgnn::cuda {

std::int32_t connected_components(const std::int64_t*, const float*, std::int64_t, float, std::int64_t, std::int32_t*,
                                  Stream) {
  throw std::runtime_error(
      "connected_components on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
