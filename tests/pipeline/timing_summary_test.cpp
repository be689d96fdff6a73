#include "trackgnn/pipeline/timing_summary.hpp"

#include <gtest/gtest.h>

namespace trackgnn {
namespace {

TimingSummary summary_of(const std::vector<double>& milliseconds) {
  TimingSummary summary;
  for (double ms : milliseconds) {
    StageTimes times;
    times.add(Stage::gnn, ms * 1e-3);
    summary.add(times);
  }
  return summary;
}

TEST(TimingSummary, QuantilesAreNearestRankOfTheTotals) {
  std::vector<double> ms;
  for (int k = 1; k <= 100; ++k) ms.push_back(k);
  const TimingSummary summary = summary_of(ms);
  EXPECT_NEAR(summary.total_quantile_ms(0.5), 50.0, 1e-9);
  EXPECT_NEAR(summary.total_quantile_ms(0.99), 99.0, 1e-9);
  EXPECT_NEAR(summary.total_quantile_ms(1.0), 100.0, 1e-9);
  EXPECT_NEAR(summary.total_quantile_ms(0.0), 1.0, 1e-9);
  EXPECT_EQ(TimingSummary{}.total_quantile_ms(0.99), 0.0);
}

TEST(TimingSummary, FirstEventsAgainstTheRest) {
  // A process whose first three events are slow: the first-events median shows it, the later one not.
  const TimingSummary summary = summary_of({30, 25, 20, 10, 10, 11, 9, 10});
  EXPECT_NEAR(summary.first_events_median_ms(3), 25.0, 1e-9);
  EXPECT_NEAR(summary.later_events_median_ms(3), 10.0, 1e-9);
  EXPECT_NEAR(summary.first_events_median_ms(100), 10.5, 1e-9);  // every event
  EXPECT_EQ(summary.later_events_median_ms(100), 0.0);
}

}  // namespace
}  // namespace trackgnn
