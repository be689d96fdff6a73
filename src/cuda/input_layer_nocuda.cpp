#include "cuda/built_without_cuda.hpp"
#include "cuda/input_layer.hpp"

namespace trackgnn::cuda {

void node_input_layer(const float*, std::int64_t, const float*, const float*, const InputLayer&, Precision, void*,
                      Stream) {
  throw_built_without_cuda("node_input_layer");
}
void edge_input_layer(const float*, const std::int64_t*, std::int64_t, const gnn::EdgeInputParams&, const InputLayer&,
                      Precision, void*, Stream) {
  throw_built_without_cuda("edge_input_layer");
}

}  // namespace trackgnn::cuda
