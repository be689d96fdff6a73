#pragma once
// Per-stage timing over many events: mean +- standard deviation per row, one row per Stage
// (stage_title), then the total.
#include <cstddef>
#include <string>
#include <vector>

#include "trackgnn/pipeline/stage_times.hpp"

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
  void add(const StageTimes& times);
  std::size_t events() const { return totals_.size(); }
  // One row per stage of kStages, then "Total".
  std::vector<StageStatistics> statistics() const;
  // A printable table with a title line.
  std::string table(const std::string& title) const;
  // The q-quantile (0 <= q <= 1, nearest rank) of the events' totals in ms; 0 without events.
  double total_quantile_ms(double q) const;
  // Median total in ms of the first `count` events added, and of the events after them: how much
  // slower a process's first events are (0 where a range holds no event).
  double first_events_median_ms(std::size_t count) const;
  double later_events_median_ms(std::size_t count) const;

 private:
  std::vector<std::vector<double>> per_stage_ = std::vector<std::vector<double>>(kStages.size());
  std::vector<double> totals_;
};

}  // namespace trackgnn
