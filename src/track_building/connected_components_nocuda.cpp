#include "core/built_without_cuda.hpp"
#include "track_building/device/connected_components.hpp"

namespace trackgnn::cuda {

std::int32_t connected_components(const std::int64_t*, const float*, std::int64_t, float, std::int64_t, std::int32_t*,
                                  Stream) {
  throw_built_without_cuda("connected_components");
}

}  // namespace trackgnn::cuda
