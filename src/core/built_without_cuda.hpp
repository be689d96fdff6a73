#pragma once
// What the native backend's *_nocuda.cpp entry points do: the device operation was asked for, but
// the library was built without CUDA.
#include <stdexcept>
#include <string>

namespace trackgnn::cuda {

[[noreturn]] inline void throw_built_without_cuda(const char* operation) {
  throw std::runtime_error(std::string(operation) +
                           " on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
