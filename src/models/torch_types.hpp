#pragma once
// trackgnn's devices and precisions in libtorch's terms, shared by the libtorch-based backends.
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>
#include <c10/core/impl/VirtualGuardImpl.h>

#include "trackgnn/core/device.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn::torch_backend {

inline c10::Device aten_device(Device device) {
  return device.is_cuda() ? c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(device.index))
                          : c10::Device(c10::kCPU);
}

inline c10::ScalarType scalar_type(Precision precision) {
  switch (precision) {
    case Precision::fp16: return c10::kHalf;
    case Precision::bf16: return c10::kBFloat16;
    case Precision::fp32: break;
  }
  return c10::kFloat;
}

// Waits for the work libtorch queued on the calling thread's current stream of `device`. A model
// loader calls it before returning weights it copied or converted there: forward passes run on
// each event's own non-blocking stream, which does not wait for that one. Device-generic, so it
// also compiles against a libtorch without CUDA.
inline void wait_for_loaded_weights(Device device) {
  if (device.is_cuda()) c10::impl::VirtualGuardImpl(c10::kCUDA).getStream(aten_device(device)).synchronize();
}

}  // namespace trackgnn::torch_backend
