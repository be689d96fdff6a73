#include "trackgnn/metrics/binned_counts.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace trackgnn {

BinnedCounts::BinnedCounts(std::vector<double> edges) : edges_(std::move(edges)) {
  if (edges_.size() < 2) {
    throw std::invalid_argument("binned counts need at least two bin edges, got " + std::to_string(edges_.size()));
  }
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    if (!std::isfinite(edges_[i])) throw std::invalid_argument("bin edge " + std::to_string(i) + " is not finite");
    if (i > 0 && !(edges_[i] > edges_[i - 1])) {
      throw std::invalid_argument("bin edges must ascend strictly, but edge " + std::to_string(i) + " (" +
                                  std::to_string(edges_[i]) + ") follows " + std::to_string(edges_[i - 1]));
    }
  }
  numerators_.assign(edges_.size() - 1, 0);
  denominators_.assign(edges_.size() - 1, 0);
}

std::optional<std::size_t> BinnedCounts::bin_of(double value) const {
  // Written as !(inside) so that NaN lies in no bin.
  if (!(value >= edges_.front() && value < edges_.back())) return std::nullopt;
  const auto above = std::upper_bound(edges_.begin(), edges_.end(), value);
  return static_cast<std::size_t>(above - edges_.begin()) - 1;
}

bool BinnedCounts::fill(double value, bool passed) {
  const auto bin = bin_of(value);
  if (!bin) return false;
  ++denominators_[*bin];
  numerators_[*bin] += passed;
  return true;
}

BinnedCounts& BinnedCounts::operator+=(const BinnedCounts& other) {
  if (other.edges_ != edges_) throw std::invalid_argument("cannot add binned counts with different bin edges");
  for (std::size_t bin = 0; bin < bins(); ++bin) {
    numerators_[bin] += other.numerators_[bin];
    denominators_[bin] += other.denominators_[bin];
  }
  return *this;
}

std::vector<double> uniform_bin_edges(double low, double high, int bins) {
  if (bins < 1 || !(low < high)) {
    throw std::invalid_argument("uniform bins need bins >= 1 and low < high, got " + std::to_string(bins) +
                                " bins from " + std::to_string(low) + " to " + std::to_string(high));
  }
  std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
  const double width = (high - low) / bins;
  for (int i = 0; i < bins; ++i) edges[static_cast<std::size_t>(i)] = low + i * width;
  edges.back() = high;
  return edges;
}

}  // namespace trackgnn
