#pragma once
// Per-stage timing over many events: mean +- standard deviation per row, as in the table this
// project set out to beat (Data loading, Embedding, Build edges, Filtering, GNN, Labeling, Total).
#include <cstddef>
#include <string>
#include <vector>

#include "trackgnn/pipeline/stage_timer.hpp"

namespace trackgnn {

struct StageStatistics {
  std::string stage;
  std::size_t events = 0;
  double mean_ms = 0;
  double std_ms = 0;
  double median_ms = 0;
};

class TimingSummary {
 public:
  void add(const StageTimer& timer);
  std::size_t events() const { return totals_.size(); }
  // One row per stage of stage_names(), then "Total".
  std::vector<StageStatistics> statistics() const;
  // A printable table with a title line.
  std::string table(const std::string& title) const;

 private:
  std::vector<std::vector<double>> per_stage_ = std::vector<std::vector<double>>(stage_names().size());
  std::vector<double> totals_;
};

}  // namespace trackgnn
