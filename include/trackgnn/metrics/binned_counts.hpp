#pragma once
// Pass/total counts in bins of one variable, for efficiencies and rates shown against pT, eta or
// phi. Counts, not ratios, so that events add exactly; the ratio and its error come from the
// summed counts (binomial_interval.hpp).
#include <cstdint>
#include <optional>
#include <vector>

namespace trackgnn {

class BinnedCounts {
 public:
  // `edges`: at least two finite, strictly ascending bin edges; bin i is [edges[i], edges[i+1]).
  // Throws std::invalid_argument otherwise.
  explicit BinnedCounts(std::vector<double> edges);

  std::size_t bins() const { return numerators_.size(); }
  const std::vector<double>& edges() const { return edges_; }
  const std::vector<std::int64_t>& numerators() const { return numerators_; }
  const std::vector<std::int64_t>& denominators() const { return denominators_; }

  // The bin holding `value`; empty below the first edge, at or above the last one, and for NaN.
  std::optional<std::size_t> bin_of(double value) const;
  // Counts one entry at `value` in its bin's denominator and, when `passed`, its numerator.
  // Returns false (and counts nothing) when `value` lies in no bin.
  bool fill(double value, bool passed);

  // Throws std::invalid_argument when the bin edges differ.
  BinnedCounts& operator+=(const BinnedCounts& other);

 private:
  std::vector<double> edges_;
  std::vector<std::int64_t> numerators_;
  std::vector<std::int64_t> denominators_;
};

// `bins` equal bins from `low` to `high` (the last edge is `high` exactly). Throws
// std::invalid_argument unless bins >= 1 and low < high.
std::vector<double> uniform_bin_edges(double low, double high, int bins);

}  // namespace trackgnn
