// libtorch's caching allocator keeps each stream's peak once freed, and our stream-ordered pool
// cannot borrow it: with several events in flight those caches together can fill the device
// while most of their memory is unused (docs/benchmarks.md, "Throughput"). Our allocator asks for
// it back before it gives up.
#include <c10/cuda/CUDACachingAllocator.h>

#include "core/device/device_memory.hpp"

namespace trackgnn::torch_backend {
namespace {

const bool registered = [] {
  cuda::on_memory_pressure([](int) { c10::cuda::CUDACachingAllocator::emptyCache(); });
  return true;
}();

}  // namespace
}  // namespace trackgnn::torch_backend
