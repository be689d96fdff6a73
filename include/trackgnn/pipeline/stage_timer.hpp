#pragma once
// Per-stage wall time of one event. Stages add their own rows, so a graph builder that embeds
// and then searches reports "Embedding" and "Build edges" separately.
#include <string>
#include <utility>
#include <vector>

#include "trackgnn/stages.hpp"

namespace trackgnn {

// The rows of the timing table, in pipeline order, named as in the per-stage timing table of
// "Accelerating the Inference of the Exa.TrkX Pipeline" (Lazar et al.), so the two compare row by row.
inline const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> names{"Data loading", "Embedding", "Build edges", "Filtering",
                                              "GNN", "Labeling"};
  return names;
}

class StageTimer {
 public:
  void add(const std::string& stage, double seconds);
  double seconds(const std::string& stage) const;  // 0 when the stage did not run
  double total() const;
  const std::vector<std::pair<std::string, double>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, double>> entries_;
};

// Times a scope into context.timer (if any). On a CUDA device the stream is synchronised at the
// end of the scope, so the time is the device's, not the launch's.
class ScopedStage {
 public:
  ScopedStage(const ExecutionContext& context, std::string stage);
  ~ScopedStage();
  ScopedStage(const ScopedStage&) = delete;
  ScopedStage& operator=(const ScopedStage&) = delete;

 private:
  const ExecutionContext& context_;
  std::string stage_;
  double start_;
};

}  // namespace trackgnn
