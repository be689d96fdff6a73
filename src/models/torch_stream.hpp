#pragma once
// Makes libtorch run on the event's CUDA stream for the guard's lifetime. Implemented in
// torch_stream_cuda.cpp when libtorch has CUDA, else torch_stream_cpu.cpp (a no-op that
// rejects cuda devices).
#include <memory>

#include "trackgnn/stages.hpp"

namespace trackgnn::torch_backend {

class StreamGuard {
 public:
  explicit StreamGuard(const ExecutionContext& context);
  ~StreamGuard();
  StreamGuard(const StreamGuard&) = delete;
  StreamGuard& operator=(const StreamGuard&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace trackgnn::torch_backend
