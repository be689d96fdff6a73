#pragma once
// Efficiencies and rates of one event in bins of pT, eta and phi, as physics plots show them.
// Matching, reconstructability and target edges are those of track_metrics.hpp and
// edge_metrics.hpp under the same MetricsConfig, so summing a plot's bins gives back the totals
// wherever every entry falls inside the bins.
//
// - efficiency_vs_pt: reconstructable particles (every cut but the pT cut) binned in their pT;
//   numerator: those reconstructed.
// - efficiency_vs_eta, efficiency_vs_phi: reconstructable particles (pT cut included) binned in
//   the eta and phi of their production momentum (phi in [-pi, pi)); numerator: reconstructed.
// - fake_rate_vs_eta, duplicate_rate_vs_eta: every candidate, binned in the candidate's eta;
//   numerator: the fakes, and the duplicates. A candidate's eta is the mean of its hits'
//   pseudorapidities seen from the origin (asinh(z / r) of each hit): it needs no truth, so fakes
//   and matched candidates are placed alike, and it stays close to the particle's eta for curved
//   low-pT tracks, whose mean hit position would not. Of the candidates matched to one particle,
//   the one sharing most hits with it (the first such, in candidate order) is the original and the
//   others are its duplicates.
// - edge efficiency vs pT: the target edges of every particle (no pT cut) binned in their
//   particle's pT; numerator: those among the stage's kept edges.
// Entries outside the bins (pT < 0.1 GeV, for instance) are left out of that plot.
#include <cstdint>
#include <vector>

#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/metrics/binned_counts.hpp"
#include "trackgnn/metrics/metrics_config.hpp"

namespace trackgnn {

// The bins of the physics plots.
struct MetricBinning {
  // Log-like bins over the range physics results are shown in (GeV).
  std::vector<double> pt_edges{0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 20.0, 50.0, 100.0};
  std::vector<double> eta_edges = uniform_bin_edges(-kEtaRange, kEtaRange, kEtaBins);
  std::vector<double> phi_edges = uniform_bin_edges(-kPi, kPi, kPhiBins);

  static constexpr double kEtaRange = 4.0;  // the TrackML detector's acceptance
  static constexpr int kEtaBins = 16;       // 0.5 wide
  static constexpr int kPhiBins = 16;
  static constexpr double kPi = 3.14159265358979323846;
};

struct BinnedTrackCounts {
  explicit BinnedTrackCounts(const MetricBinning& binning = {});

  BinnedCounts efficiency_vs_pt;
  BinnedCounts efficiency_vs_eta;
  BinnedCounts efficiency_vs_phi;
  BinnedCounts fake_rate_vs_eta;
  BinnedCounts duplicate_rate_vs_eta;

  // Throws std::invalid_argument when the binnings differ.
  BinnedTrackCounts& operator+=(const BinnedTrackCounts& other);
};

// The same input checks and exceptions as compute_track_counts.
BinnedTrackCounts compute_binned_track_counts(const Event& event, const TrackCandidates& tracks,
                                              const MetricsConfig& config = {}, const MetricBinning& binning = {});

// The stage's edge efficiency in bins of the target edges' particle pT (`pt_edges`); edges kept
// as compute_edge_counts keeps them, with the same input checks and exceptions.
BinnedCounts compute_edge_efficiency_vs_pt(const Event& event, const std::vector<std::int64_t>& edge_index,
                                           const std::vector<float>& scores, float cut,
                                           const std::vector<double>& pt_edges = MetricBinning{}.pt_edges);

}  // namespace trackgnn
