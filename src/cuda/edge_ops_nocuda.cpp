#include <stdexcept>
#include <string>

#include "cuda/edge_ops.hpp"

namespace trackgnn::cuda {
namespace {
[[noreturn]] void no_cuda(const char* operation) {
  throw std::runtime_error(std::string(operation) +
                           " on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}
}  // namespace

void sigmoid_in_place(float*, std::int64_t, Stream) { no_cuda("sigmoid_in_place"); }
void orient_edges_inner_to_outer(std::int64_t*, std::int64_t, const float*, Stream) {
  no_cuda("orient_edges_inner_to_outer");
}
std::int64_t select_edges(const std::int64_t*, const float*, std::int64_t, float, std::int64_t*, float*, Stream) {
  no_cuda("select_edges");
}
void slice_edges(const std::int64_t*, std::int64_t, std::int64_t, std::int64_t, std::int64_t*, Stream) {
  no_cuda("slice_edges");
}

}  // namespace trackgnn::cuda
