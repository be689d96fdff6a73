#include "trackgnn/pipeline/timing_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace trackgnn {

namespace {

StageStatistics describe(const std::string& stage, std::vector<double> seconds) {
  StageStatistics statistics{stage, seconds.size()};
  if (seconds.empty()) return statistics;
  double sum = 0;
  for (double s : seconds) sum += s;
  const double mean = sum / static_cast<double>(seconds.size());
  double squares = 0;
  for (double s : seconds) squares += (s - mean) * (s - mean);
  const double variance = seconds.size() > 1 ? squares / static_cast<double>(seconds.size() - 1) : 0.0;
  std::sort(seconds.begin(), seconds.end());
  const std::size_t middle = seconds.size() / 2;
  const double median = seconds.size() % 2 ? seconds[middle] : 0.5 * (seconds[middle - 1] + seconds[middle]);
  statistics.mean_ms = 1e3 * mean;
  statistics.std_ms = 1e3 * std::sqrt(variance);
  statistics.median_ms = 1e3 * median;
  return statistics;
}

double median_ms(std::vector<double> seconds) { return describe("", std::move(seconds)).median_ms; }

}  // namespace

void TimingSummary::add(const StageTimes& times) {
  for (std::size_t s = 0; s < kStages.size(); ++s) per_stage_[s].push_back(times.seconds(kStages[s]));
  totals_.push_back(times.total());
}

std::vector<StageStatistics> TimingSummary::statistics() const {
  std::vector<StageStatistics> rows;
  for (std::size_t s = 0; s < kStages.size(); ++s) rows.push_back(describe(stage_title(kStages[s]), per_stage_[s]));
  rows.push_back(describe("Total", totals_));
  return rows;
}

double TimingSummary::total_quantile_ms(double q) const {
  if (totals_.empty()) return 0;
  std::vector<double> sorted = totals_;
  std::sort(sorted.begin(), sorted.end());
  const double clamped = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<std::size_t>(std::ceil(clamped * static_cast<double>(sorted.size())));
  return 1e3 * sorted[rank == 0 ? 0 : rank - 1];
}

double TimingSummary::first_events_median_ms(std::size_t count) const {
  const std::size_t end = std::min(count, totals_.size());
  return median_ms(std::vector<double>(totals_.begin(), totals_.begin() + static_cast<std::ptrdiff_t>(end)));
}

double TimingSummary::later_events_median_ms(std::size_t count) const {
  const std::size_t begin = std::min(count, totals_.size());
  return median_ms(std::vector<double>(totals_.begin() + static_cast<std::ptrdiff_t>(begin), totals_.end()));
}

std::string TimingSummary::table(const std::string& title) const {
  std::string text = fmt::format("{} ({} events)\n", title, events());
  text += fmt::format("  {:<14} {:>12} {:>10} {:>12}\n", "Stage", "mean [ms]", "std [ms]", "median [ms]");
  for (const auto& row : statistics())
    text += fmt::format("  {:<14} {:>12.2f} {:>10.2f} {:>12.2f}\n", row.stage, row.mean_ms, row.std_ms, row.median_ms);
  return text;
}

}  // namespace trackgnn
