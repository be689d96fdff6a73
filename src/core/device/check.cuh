#pragma once
// Every CUDA runtime call goes through TRACKGNN_CUDA_CHECK; kernel launches are followed by
// TRACKGNN_CUDA_CHECK_LAUNCH().
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace trackgnn::cuda {
[[noreturn]] inline void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line) {
  throw std::runtime_error(std::string("CUDA error ") + cudaGetErrorName(status) + " (" +
                           cudaGetErrorString(status) + ") in " + call + " at " + file + ":" + std::to_string(line));
}
}  // namespace trackgnn::cuda

#define TRACKGNN_CUDA_CHECK(call)                                                        \
  do {                                                                                   \
    const cudaError_t trackgnn_status_ = (call);                                         \
    if (trackgnn_status_ != cudaSuccess)                                                 \
      ::trackgnn::cuda::throw_cuda_error(trackgnn_status_, #call, __FILE__, __LINE__);    \
  } while (0)

#define TRACKGNN_CUDA_CHECK_LAUNCH() TRACKGNN_CUDA_CHECK(cudaGetLastError())
