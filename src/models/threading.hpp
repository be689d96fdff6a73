#pragma once
// Threads that one model call may use on the CPU (libtorch's intra-op pool). This is process
// state owned by libtorch, so it is the application's choice, never set by the library itself.
//
// Policy used by `trackgnn run`: with T events in flight on C cores, each model call gets
// max(1, C / T) threads. Every event thread calling into a pool as wide as the machine only adds
// contention (T x C threads on C cores) and run-to-run jitter; one thread per event when T >= C
// lets the events themselves fill the cores.
#include <cstddef>

namespace trackgnn {

// Sets the threads of libtorch's intra-op pool for model calls made from now on, on any thread.
// std::invalid_argument for 0.
void set_model_threads(std::size_t threads);
std::size_t model_threads();

// max(1, C / events_in_flight), C being libtorch's default for a lone caller (the physical
// cores, or OMP_NUM_THREADS when set).
std::size_t model_threads_for_events_in_flight(std::size_t events_in_flight);

}  // namespace trackgnn
