#pragma once
#include <cstdint>
#include <optional>

namespace trackgnn::metrics_detail {

// A rate is undefined, not zero, when nothing was there to count.
inline std::optional<double> ratio(double numerator, double denominator) {
  if (denominator == 0) return std::nullopt;
  return numerator / denominator;
}

}  // namespace trackgnn::metrics_detail
