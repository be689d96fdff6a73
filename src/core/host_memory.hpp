#pragma once
// How much host memory a computation may still take without pushing the machine into swap or the
// out-of-memory killer.
#include <cstdint>

namespace trackgnn {

// Bytes the kernel reports as available (MemAvailable), or free physical pages where that is not
// reported.
std::uint64_t available_host_memory();

}  // namespace trackgnn
