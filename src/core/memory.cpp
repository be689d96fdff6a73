#include <cstdlib>
#include <cstring>
#include <new>

#include "core/device/device_memory.hpp"
#include "trackgnn/core/buffer.hpp"

namespace trackgnn::memory {

void* allocate(Device device, std::size_t bytes, Stream stream) {
  if (bytes == 0) return nullptr;
  if (device.is_cuda()) return cuda::allocate(device.index, bytes, stream);
  void* pointer = std::malloc(bytes);
  if (pointer == nullptr) throw std::bad_alloc();
  return pointer;
}

void release(Device device, void* pointer, Stream stream) noexcept {
  if (pointer == nullptr) return;
  if (device.is_cuda()) {
    cuda::release(device.index, pointer, stream);
  } else {
    std::free(pointer);
  }
}

void copy(void* destination, Device destination_device, const void* source, Device source_device,
          std::size_t bytes, Stream stream) {
  if (bytes == 0) return;
  if (!destination_device.is_cuda() && !source_device.is_cuda()) {
    std::memcpy(destination, source, bytes);
    return;
  }
  cuda::copy(destination, destination_device.is_cuda(), source, source_device.is_cuda(), bytes, stream);
}

}  // namespace trackgnn::memory
