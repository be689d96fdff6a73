// The device runtime of a build without CUDA: cuda_available() and device_count() answer "no
// device", and the memory entry points refuse a cuda device. It remains because every build needs
// the answer, and memory.cpp chooses host or device memory per Buffer.
#include <stdexcept>

#include "core/device/device_memory.hpp"

namespace trackgnn {

bool cuda_available() { return false; }

namespace cuda {
namespace {
[[noreturn]] void no_cuda() {
  throw std::runtime_error("trackgnn was built without CUDA: rebuild with -DTRACKGNN_CUDA=ON to use a cuda device");
}
}  // namespace

void* allocate(int, std::size_t, Stream) { no_cuda(); }
void release(int, void*, Stream) noexcept {}
void on_memory_pressure(std::function<void(int)>) {}
void copy(void*, bool, const void*, bool, std::size_t, Stream) { no_cuda(); }
void synchronize(Stream) { no_cuda(); }
std::size_t free_memory(int, bool) { no_cuda(); }
Stream create_stream(int) { no_cuda(); }
void destroy_stream(int, Stream) noexcept {}
int device_count() { return 0; }

}  // namespace cuda
}  // namespace trackgnn
