// Simulator::simulate_events: events are independent (each has its own random stream), so
// threads change nothing but speed.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn::simulation {

void Simulator::simulate_events(std::uint64_t first_event, std::size_t count, std::size_t threads,
                                const std::function<void(std::size_t index, Event event)>& consume) const {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        consume(i, simulate(first_event + i));
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(threads, count); ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace trackgnn::simulation
