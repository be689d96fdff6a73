#pragma once
// The framework's scheduler: events 0..count-1 processed by `threads` threads, each event by one
// thread, in no particular order (as a TBB-driven sequencer would). An exception from one event
// is recorded for that event and the others go on.
#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

namespace host {

std::vector<std::exception_ptr> process_events(std::size_t count, std::size_t threads,
                                               const std::function<void(std::size_t event)>& process);

}  // namespace host
