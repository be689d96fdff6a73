#pragma once
// Where data lives and which stream orders work on it. CUDA types are forward-declared so
// that users of these headers need no CUDA toolkit.
#include <string>

struct CUstream_st;

namespace trackgnn {

enum class DeviceKind { cpu, cuda };
inline constexpr int kDeviceKinds = 2;

struct Device {
  DeviceKind kind = DeviceKind::cpu;
  int index = 0;

  static Device cpu() { return {}; }
  static Device cuda(int index = 0) { return {DeviceKind::cuda, index}; }
  bool is_cuda() const { return kind == DeviceKind::cuda; }
  bool operator==(const Device& other) const { return kind == other.kind && index == other.index; }
  bool operator!=(const Device& other) const { return !(*this == other); }
  std::string str() const { return is_cuda() ? "cuda:" + std::to_string(index) : "cpu"; }
  // Parses "cpu", "cuda" or "cuda:N"; throws std::invalid_argument otherwise.
  static Device parse(const std::string& text);
};

using Stream = CUstream_st*;  // nullptr: the default stream (or no stream on CPU)

// True when the library was built with CUDA and a device is visible.
bool cuda_available();

}  // namespace trackgnn
