#pragma once
// Device memory entry points. Implemented in device_memory.cu, or in device_memory_nocuda.cpp
// (which throws) when the library is built without CUDA.
#include <cstddef>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// Stream-ordered allocation from the device's memory pool: after the first events, no call
// reaches the driver's allocator.
void* allocate(int device, std::size_t bytes, Stream stream);
void release(int device, void* pointer, Stream stream) noexcept;
// Host destinations are complete on return.
void copy(void* destination, bool destination_on_device, const void* source, bool source_on_device,
          std::size_t bytes, Stream stream);
void synchronize(Stream stream);
// A non-blocking stream of its own for each concurrent event.
Stream create_stream(int device);
void destroy_stream(int device, Stream stream) noexcept;
int device_count();

}  // namespace trackgnn::cuda
