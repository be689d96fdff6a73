#include <stdexcept>

#include "models/torch_stream.hpp"

namespace trackgnn::torch_backend {

struct StreamGuard::State {};

StreamGuard::StreamGuard(const ExecutionContext& context) {
  if (context.device.is_cuda())
    throw std::runtime_error("this libtorch was built without CUDA: TorchScript models cannot run on " +
                             context.device.str());
}

StreamGuard::~StreamGuard() = default;

}  // namespace trackgnn::torch_backend
