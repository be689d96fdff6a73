#pragma once
// Device memory entry points. Implemented in device_memory.cu, or in device_memory_nocuda.cpp
// (which throws) when the library is built without CUDA.
#include <cstddef>
#include <functional>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// Stream-ordered allocation from the device's memory pool: after the first events, no call
// reaches the driver's allocator. When the device is full, the pool's unused memory and the
// caches of the releasers below are handed back and the allocation is tried once more; then
// std::runtime_error says how much was asked for and what to lower.
void* allocate(int device, std::size_t bytes, Stream stream);
// Registers what another allocator of the process (libtorch's caching allocator) does to hand
// back the device memory it holds unused. Each event in flight keeps its own peak in caches, so
// with many events at once the caches together, not any one event, fill the device.
void on_memory_pressure(std::function<void(int device)> release_cached);
void release(int device, void* pointer, Stream stream) noexcept;
// Host destinations are complete on return.
void copy(void* destination, bool destination_on_device, const void* source, bool source_on_device,
          std::size_t bytes, Stream stream);
void synchronize(Stream stream);
// Bytes the driver reports free on the device; with `release_cached`, after our pool and the
// registered caches have handed back what they hold unused (a device synchronisation).
std::size_t free_memory(int device, bool release_cached);
// A non-blocking stream of its own for each concurrent event.
Stream create_stream(int device);
void destroy_stream(int device, Stream stream) noexcept;
int device_count();

}  // namespace trackgnn::cuda
