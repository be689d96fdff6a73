#include "core/built_without_cuda.hpp"
#include "graph_construction/device/radius_search_grid.hpp"

namespace trackgnn::cuda {

std::int64_t radius_search_kept_lists(const float*, std::int64_t, std::int64_t, float, std::int64_t,
                                      const EdgeAllocator&, Stream) {
  throw_built_without_cuda("radius_search_kept_lists");
}
std::int64_t radius_search_all_pairs(const float*, std::int64_t, std::int64_t, float, std::int64_t,
                                     const EdgeAllocator&, Stream) {
  throw_built_without_cuda("radius_search_all_pairs");
}

}  // namespace trackgnn::cuda
