#include "track_building/device/best_edge_selection.hpp"
#include "core/built_without_cuda.hpp"

namespace trackgnn::cuda {

void select_best_edges(const std::int64_t*, const float*, std::int64_t, float, std::int64_t, float*, Stream) {
  throw_built_without_cuda("select_best_edges");
}

}  // namespace trackgnn::cuda
