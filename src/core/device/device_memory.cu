#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/device/check.cuh"
#include "core/device/device_memory.hpp"

namespace trackgnn {

bool cuda_available() { return cuda::device_count() > 0; }

namespace cuda {

namespace {
// Freed pool memory is kept, instead of going back to the driver at every synchronisation, up to
// this share of the device: many events' worth of our buffers (a MU = 200 event holds a few
// hundred MB), while libtorch, which cannot borrow from this pool, keeps the rest.
constexpr std::uint64_t kRetainedShareOfDevice = 8;  // 1/8

void retain_pool_memory(int device) {
  static thread_local int configured_device = -1;
  if (configured_device == device) return;
  cudaMemPool_t pool;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, device));
  std::size_t free_bytes = 0, total_bytes = 0;
  TRACKGNN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  std::uint64_t threshold = total_bytes / kRetainedShareOfDevice;
  TRACKGNN_CUDA_CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold));
  configured_device = device;
}

struct PressureReleasers {
  std::mutex mutex;
  std::vector<std::function<void(int)>> releasers;
};
PressureReleasers& pressure_releasers() {
  static PressureReleasers instance;
  return instance;
}

// Our pool's unused memory, then every registered cache, back to the device.
void release_cached_memory(int device) {
  TRACKGNN_CUDA_CHECK(cudaDeviceSynchronize());  // frees still ordered on streams become unused
  cudaMemPool_t pool;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, device));
  TRACKGNN_CUDA_CHECK(cudaMemPoolTrimTo(pool, 0));
  PressureReleasers& registry = pressure_releasers();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (const auto& release : registry.releasers) release(device);
}

std::string mebibytes(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }
}  // namespace

void on_memory_pressure(std::function<void(int device)> release_cached) {
  PressureReleasers& registry = pressure_releasers();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.releasers.push_back(std::move(release_cached));
}

void* allocate(int device, std::size_t bytes, Stream stream) {
  TRACKGNN_CUDA_CHECK(cudaSetDevice(device));
  retain_pool_memory(device);
  void* pointer = nullptr;
  cudaError_t status = cudaMallocAsync(&pointer, bytes, stream);
  if (status == cudaErrorMemoryAllocation) {
    (void)cudaGetLastError();  // the failed allocation leaves no sticky error; clear the last-error slot
    release_cached_memory(device);
    status = cudaMallocAsync(&pointer, bytes, stream);
    if (status == cudaErrorMemoryAllocation) {
      (void)cudaGetLastError();
      std::size_t free_bytes = 0, total_bytes = 0;
      (void)cudaMemGetInfo(&free_bytes, &total_bytes);
      throw std::runtime_error("out of GPU memory on cuda:" + std::to_string(device) + ": " + mebibytes(bytes) +
                               " asked for, " + mebibytes(free_bytes) + " of " + mebibytes(total_bytes) +
                               " free after releasing cached memory; run fewer events at once (--threads, "
                               "--streams) or score the filter in chunks (--edge-chunk-size)");
    }
  }
  TRACKGNN_CUDA_CHECK(status);
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

std::size_t free_memory(int device, bool release_cached) {
  TRACKGNN_CUDA_CHECK(cudaSetDevice(device));
  if (release_cached) release_cached_memory(device);
  std::size_t free_bytes = 0, total_bytes = 0;
  TRACKGNN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  return free_bytes;
}

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
