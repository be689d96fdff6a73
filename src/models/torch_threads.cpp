#include <ATen/Parallel.h>

#include <algorithm>
#include <stdexcept>

#include "models/threading.hpp"

namespace trackgnn {

void set_model_threads(std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("model threads must be at least 1");
  // libtorch keeps the count process-wide and applies it lazily to each thread's OpenMP team,
  // so worker threads started before or after this call both follow it.
  at::set_num_threads(static_cast<int>(threads));
}

std::size_t model_threads() { return static_cast<std::size_t>(at::get_num_threads()); }

std::size_t model_threads_for_events_in_flight(std::size_t events_in_flight) {
  // libtorch's own default for one caller: the physical cores, or OMP_NUM_THREADS when set.
  const std::size_t cores = static_cast<std::size_t>(std::max(1, at::intraop_default_num_threads()));
  return std::max<std::size_t>(1, cores / std::max<std::size_t>(1, events_in_flight));
}

}  // namespace trackgnn
