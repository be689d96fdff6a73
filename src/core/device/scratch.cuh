#pragma once
// Temporaries of one kernel sequence, taken from and returned to the device's stream-ordered
// pool (device_memory.hpp), so that steady-state events never reach the driver's allocator.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "core/device/check.cuh"
#include "core/device/device_memory.hpp"

namespace trackgnn::cuda {

inline int current_device() {
  int device = 0;
  TRACKGNN_CUDA_CHECK(cudaGetDevice(&device));
  return device;
}

template <typename T>
class Scratch {
 public:
  Scratch(std::size_t count, Stream stream)
      : device_(current_device()),
        stream_(stream),
        data_(count == 0 ? nullptr : static_cast<T*>(allocate(device_, count * sizeof(T), stream))) {}
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  // Freed in stream order: kernels already queued on the stream may still read it.
  ~Scratch() {
    if (data_ != nullptr) release(device_, data_, stream_);
  }

  T* get() const { return data_; }

 private:
  int device_;
  Stream stream_;
  T* data_;
};

inline std::int64_t blocks_for(std::int64_t threads, int threads_per_block) {
  return (threads + threads_per_block - 1) / threads_per_block;
}

}  // namespace trackgnn::cuda

namespace trackgnn::cuda {

// CUB's two-phase calling convention: the first call sizes the temporary storage, the second
// runs. `call(void* temp, std::size_t& bytes)` returns the cudaError_t of the CUB routine.
template <typename CubCall>
void run_cub(const CubCall& call, Stream stream) {
  std::size_t bytes = 0;
  TRACKGNN_CUDA_CHECK(call(nullptr, bytes));
  // Never hand CUB a null pointer for the second call: it would only size again.
  Scratch<unsigned char> temp(bytes > 0 ? bytes : 1, stream);
  TRACKGNN_CUDA_CHECK(call(temp.get(), bytes));
}

// The end bit of a radix sort whose keys are at most `largest_value`: the fewest bits (at least
// one) that hold it, so the sort makes no pass over bits that are always zero.
inline int bits_to_hold(std::uint64_t largest_value) {
  int bits = 1;
  while (bits < 64 && (largest_value >> bits) != 0) ++bits;
  return bits;
}

}  // namespace trackgnn::cuda
