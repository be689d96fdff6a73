#include "event_loop.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace host {

std::vector<std::exception_ptr> process_events(std::size_t count, std::size_t threads,
                                               const std::function<void(std::size_t event)>& process) {
  std::vector<std::exception_ptr> failures(count);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t event = next++; event < count; event = next++) {
      try {
        process(event);
      } catch (...) {
        failures[event] = std::current_exception();  // each event has its own slot
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::max<std::size_t>(1, threads); ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  return failures;
}

}  // namespace host
