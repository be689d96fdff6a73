#include "pipeline/stage_clock.hpp"

#include <chrono>

#include "core/device/device_memory.hpp"

namespace trackgnn {

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

StageClock::StageClock(StageTimes& times, Device device, Stream stream)
    : times_(times), device_(device), stream_(stream), last_(now_seconds()) {}

void StageClock::end_of(Stage stage) {
  // Device work is asynchronous: the stage is over when its stream is drained.
  if (device_.is_cuda()) cuda::synchronize(stream_);
  const double now = now_seconds();
  times_.add(stage, now - last_);
  last_ = now;
}

void StageClock::restart() {
  if (device_.is_cuda()) cuda::synchronize(stream_);
  last_ = now_seconds();
}

}  // namespace trackgnn
