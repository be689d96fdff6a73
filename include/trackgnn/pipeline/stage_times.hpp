#pragma once
// Per-stage wall time of one event, filled by whoever runs the stages (Pipeline::run, and the
// event runner for reading) when timing is asked for; the stages themselves time nothing.
#include <utility>
#include <vector>

#include "trackgnn/core/stage.hpp"

namespace trackgnn {

class StageTimes {
 public:
  void add(Stage stage, double seconds);
  double seconds(Stage stage) const;  // 0 when the stage did not run
  double total() const;
  // The stages that ran, in pipeline order.
  const std::vector<std::pair<Stage, double>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<Stage, double>> entries_;
};

}  // namespace trackgnn
