#include "core/built_without_cuda.hpp"
#include "graph_construction/device/radius_search_cuda.hpp"

namespace trackgnn::cuda {

std::int64_t radius_search(const float*, std::int64_t, std::int64_t, float, std::int64_t, const EdgeAllocator&,
                           Stream) {
  throw_built_without_cuda("radius_search");
}

}  // namespace trackgnn::cuda
