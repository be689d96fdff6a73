#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <optional>

#include "models/torch_stream.hpp"

namespace trackgnn::torch_backend {

struct StreamGuard::State {
  std::optional<c10::cuda::CUDAStreamGuard> guard;
};

StreamGuard::StreamGuard(const ExecutionContext& context) : state_(std::make_unique<State>()) {
  if (!context.device.is_cuda()) return;
  const auto index = static_cast<c10::DeviceIndex>(context.device.index);
  state_->guard.emplace(c10::cuda::getStreamFromExternal(context.stream, index));
}

StreamGuard::~StreamGuard() = default;

}  // namespace trackgnn::torch_backend
