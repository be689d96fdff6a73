#include <cstdint>

#include "cuda/check.cuh"
#include "cuda/device_memory.hpp"

namespace trackgnn {

bool cuda_available() { return cuda::device_count() > 0; }

namespace cuda {

namespace {
// Keep freed pool memory instead of returning it to the driver at every synchronisation.
void retain_pool_memory(int device) {
  static thread_local int configured_device = -1;
  if (configured_device == device) return;
  cudaMemPool_t pool;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, device));
  std::uint64_t threshold = UINT64_MAX;
  TRACKGNN_CUDA_CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold));
  configured_device = device;
}
}  // namespace

void* allocate(int device, std::size_t bytes, Stream stream) {
  TRACKGNN_CUDA_CHECK(cudaSetDevice(device));
  retain_pool_memory(device);
  void* pointer = nullptr;
  TRACKGNN_CUDA_CHECK(cudaMallocAsync(&pointer, bytes, stream));
  return pointer;
}

void release(int device, void* pointer, Stream stream) noexcept {
  // Errors cannot propagate from a destructor; a failing free leaks rather than aborting.
  if (cudaSetDevice(device) == cudaSuccess) (void)cudaFreeAsync(pointer, stream);
}

void copy(void* destination, bool destination_on_device, const void* source, bool source_on_device,
          std::size_t bytes, Stream stream) {
  const cudaMemcpyKind kind = destination_on_device
                                  ? (source_on_device ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                                  : (source_on_device ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(destination, source, bytes, kind, stream));
  if (!destination_on_device || !source_on_device) TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
}

void synchronize(Stream stream) { TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream)); }

Stream create_stream(int device) {
  TRACKGNN_CUDA_CHECK(cudaSetDevice(device));
  cudaStream_t stream = nullptr;
  TRACKGNN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  return stream;
}

void destroy_stream(int device, Stream stream) noexcept {
  if (stream != nullptr && cudaSetDevice(device) == cudaSuccess) (void)cudaStreamDestroy(stream);
}

int device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) return 0;
  return count;
}

}  // namespace cuda
}  // namespace trackgnn
