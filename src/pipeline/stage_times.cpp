#include "trackgnn/pipeline/stage_times.hpp"

#include <algorithm>

namespace trackgnn {

void StageTimes::add(Stage stage, double seconds) {
  for (auto& entry : entries_)
    if (entry.first == stage) {
      entry.second += seconds;
      return;
    }
  // Kept in pipeline order whatever order the stages are added in.
  const auto position = std::find_if(entries_.begin(), entries_.end(),
                                     [&](const auto& entry) { return entry.first > stage; });
  entries_.emplace(position, stage, seconds);
}

double StageTimes::seconds(Stage stage) const {
  for (const auto& entry : entries_)
    if (entry.first == stage) return entry.second;
  return 0.0;
}

double StageTimes::total() const {
  double sum = 0.0;
  for (const auto& entry : entries_) sum += entry.second;
  return sum;
}

}  // namespace trackgnn
