#include "core/built_without_cuda.hpp"
#include "edge_classification/device/edge_operations.hpp"

namespace trackgnn::cuda {

void sigmoid_in_place(float*, std::int64_t, Stream) { throw_built_without_cuda("sigmoid_in_place"); }
void orient_edges_inner_to_outer(std::int64_t*, std::int64_t, const float*, Stream) {
  throw_built_without_cuda("orient_edges_inner_to_outer");
}
std::int64_t select_edges(const std::int64_t*, const float*, std::int64_t, float, std::int64_t*, float*, Stream) {
  throw_built_without_cuda("select_edges");
}
void average_halves(const float*, std::int64_t, float*, Stream) { throw_built_without_cuda("average_halves"); }
void slice_edges(const std::int64_t*, std::int64_t, std::int64_t, std::int64_t, std::int64_t*, Stream) {
  throw_built_without_cuda("slice_edges");
}

}  // namespace trackgnn::cuda
