#include "trackgnn/pipeline/stage_timer.hpp"

#include <chrono>

#include "core/device/device_memory.hpp"

namespace trackgnn {

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void StageTimer::add(const std::string& stage, double seconds) {
  for (auto& entry : entries_)
    if (entry.first == stage) {
      entry.second += seconds;
      return;
    }
  entries_.emplace_back(stage, seconds);
}

double StageTimer::seconds(const std::string& stage) const {
  for (const auto& entry : entries_)
    if (entry.first == stage) return entry.second;
  return 0.0;
}

double StageTimer::total() const {
  double sum = 0.0;
  for (const auto& entry : entries_) sum += entry.second;
  return sum;
}

ScopedStage::ScopedStage(const ExecutionContext& context, std::string stage)
    : context_(context), stage_(std::move(stage)), start_(now_seconds()) {}

ScopedStage::~ScopedStage() {
  if (context_.timer == nullptr) return;
  // Device work is asynchronous: the stage is over when its stream is drained.
  if (context_.device.is_cuda()) {
    try {
      cuda::synchronize(context_.stream);
    } catch (...) {
      // The next checked call on this stream reports the error; a destructor must not throw.
    }
  }
  context_.timer->add(stage_, now_seconds() - start_);
}

}  // namespace trackgnn
