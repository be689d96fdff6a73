#include "core/built_without_cuda.hpp"
#include "models/native/device/input_layer.hpp"

namespace trackgnn::cuda {

void input_layer(const float*, std::int64_t, const InputLayer&, Precision, void*, Stream) {
  throw_built_without_cuda("input_layer");
}

}  // namespace trackgnn::cuda
