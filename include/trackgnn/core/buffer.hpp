#pragma once
// A typed, growable memory block on the host or on a CUDA device. Growing keeps capacity, so a
// buffer reused across events stops allocating once it has seen the largest event.
#include <cstddef>
#include <utility>
#include <vector>

#include "trackgnn/core/device.hpp"

namespace trackgnn {
namespace memory {
void* allocate(Device device, std::size_t bytes, Stream stream);
void release(Device device, void* pointer, Stream stream) noexcept;
// Copies between any two devices, ordered on `stream`; host destinations are complete on return.
void copy(void* destination, Device destination_device, const void* source, Device source_device,
          std::size_t bytes, Stream stream);
}  // namespace memory

template <typename T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(Device device, Stream stream = nullptr) : device_(device), stream_(stream) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept { swap(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    Buffer(std::move(other)).swap(*this);
    return *this;
  }
  ~Buffer() { memory::release(device_, data_, stream_); }

  static Buffer from_host(const std::vector<T>& values, Device device, Stream stream = nullptr) {
    Buffer buffer(device, stream);
    buffer.copy_from_host(values.data(), values.size());
    return buffer;
  }

  // Resizes without keeping contents when the capacity must grow.
  void resize(std::size_t count) {
    if (count > capacity_) {
      memory::release(device_, data_, stream_);
      data_ = nullptr;
      capacity_ = 0;
      data_ = static_cast<T*>(memory::allocate(device_, count * sizeof(T), stream_));
      capacity_ = count;
    }
    size_ = count;
  }
  void clear() { size_ = 0; }

  void copy_from_host(const T* values, std::size_t count) {
    resize(count);
    memory::copy(data_, device_, values, Device::cpu(), count * sizeof(T), stream_);
  }
  std::vector<T> to_host() const {
    std::vector<T> values(size_);
    memory::copy(values.data(), Device::cpu(), data_, device_, size_ * sizeof(T), stream_);
    return values;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return capacity_; }
  Device device() const { return device_; }
  Stream stream() const { return stream_; }
  // Element access and iteration are for host buffers only.
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void swap(Buffer& other) noexcept {
    std::swap(device_, other.device_);
    std::swap(stream_, other.stream_);
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  Device device_ = Device::cpu();
  Stream stream_ = nullptr;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace trackgnn
