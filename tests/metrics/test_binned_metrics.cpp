// The binned metrics on the hand-built event of binned_test_event.hpp, bin by bin and rule by
// rule; the bins, error bars and summing over events on their own.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "metrics/binned_test_event.hpp"
#include "trackgnn/metrics/binned_counts.hpp"
#include "trackgnn/metrics/binned_metrics.hpp"
#include "trackgnn/metrics/binomial_interval.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn {
namespace {

using Counts = std::vector<std::int64_t>;
constexpr std::size_t kPtBins = 14, kEtaBins = 16, kPhiBins = 16;

// A bin list that is zero except at the given bins.
Counts bins(std::size_t size, const std::map<std::size_t, std::int64_t>& filled) {
  Counts counts(size, 0);
  for (const auto& [bin, count] : filled) counts.at(bin) = count;
  return counts;
}

MetricsConfig with_rule(MatchingRule rule, float min_pt = MetricsConfig{}.min_pt) {
  MetricsConfig config;
  config.matching = rule;
  config.min_pt = min_pt;
  return config;
}

class BinnedMetricsTest : public ::testing::Test {
 protected:
  BinnedTrackCounts binned(const MetricsConfig& config) {
    return compute_binned_track_counts(event.builder.event(), event.candidates(), config);
  }
  TrackCounts totals(const MetricsConfig& config) {
    return compute_track_counts(event.builder.event(), event.candidates(), config);
  }

  test::BinnedTestEvent event;
};

// Denominators do not depend on the rule: A, B, C, D binned in pT (E lies below 0.1 GeV, F is not
// reconstructable); A, C, D (pT > 1 GeV) in eta and phi; the nine candidates in eta.
TEST_F(BinnedMetricsTest, DenominatorsAreTheReconstructableParticlesAndTheCandidates) {
  for (const MatchingRule rule : matching_rules()) {
    SCOPED_TRACE(matching_rule_name(rule));
    const BinnedTrackCounts counts = binned(with_rule(rule));
    EXPECT_EQ(counts.efficiency_vs_pt.denominators(), bins(kPtBins, {{3, 1}, {5, 1}, {7, 1}, {11, 1}}));
    EXPECT_EQ(counts.efficiency_vs_eta.denominators(), bins(kEtaBins, {{8, 1}, {9, 1}, {13, 1}}));
    EXPECT_EQ(counts.efficiency_vs_phi.denominators(), bins(kPhiBins, {{1, 1}, {6, 1}, {8, 1}}));
    const Counts candidates = bins(kEtaBins, {{5, 1}, {7, 1}, {8, 4}, {12, 2}, {14, 1}});
    EXPECT_EQ(counts.fake_rate_vs_eta.denominators(), candidates);
    EXPECT_EQ(counts.duplicate_rate_vs_eta.denominators(), candidates);
  }
}

// Found: A (c1 holds 7/10 of it), B (c3), E (c7, below the pT bins); C's halves hold 4/8 each.
// Fakes: c6 (no majority) and c9 (noise). Duplicates: c2 (of A, whose c1 shares more) and c5
// (of C, sharing as many hits as c4, which comes first).
TEST_F(BinnedMetricsTest, DoubleMajorityBinByBin) {
  const BinnedTrackCounts counts = binned(with_rule(MatchingRule::double_majority));
  EXPECT_EQ(counts.efficiency_vs_pt.numerators(), bins(kPtBins, {{3, 1}, {7, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {{8, 1}}));
  EXPECT_EQ(counts.efficiency_vs_phi.numerators(), bins(kPhiBins, {{8, 1}}));
  EXPECT_EQ(counts.fake_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 2}}));
  EXPECT_EQ(counts.duplicate_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 1}, {12, 1}}));
}

// No particle-side fraction: c4 (C 4/5 of it) now finds C as well.
TEST_F(BinnedMetricsTest, MajorityBinByBin) {
  const BinnedTrackCounts counts = binned(with_rule(MatchingRule::majority));
  EXPECT_EQ(counts.efficiency_vs_pt.numerators(), bins(kPtBins, {{3, 1}, {7, 1}, {11, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {{8, 1}, {13, 1}}));
  EXPECT_EQ(counts.efficiency_vs_phi.numerators(), bins(kPhiBins, {{1, 1}, {8, 1}}));
  EXPECT_EQ(counts.fake_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 2}}));
  EXPECT_EQ(counts.duplicate_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 1}, {12, 1}}));
}

// 3/4 of the candidate: c1 (7/9) and c4 (4/5) stay matched, c5 (4/6) becomes a fake, and with it
// C's duplicate goes.
TEST_F(BinnedMetricsTest, TightBinByBin) {
  const BinnedTrackCounts counts = binned(with_rule(MatchingRule::tight));
  EXPECT_EQ(counts.efficiency_vs_pt.numerators(), bins(kPtBins, {{3, 1}, {7, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {{8, 1}}));
  EXPECT_EQ(counts.efficiency_vs_phi.numerators(), bins(kPhiBins, {{8, 1}}));
  EXPECT_EQ(counts.fake_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 2}, {12, 1}}));
  EXPECT_EQ(counts.duplicate_rate_vs_eta.numerators(), bins(kEtaBins, {{8, 1}}));
}

// Only c3 (B) and c8 (F) are exactly a particle; everything else is a fake, nothing duplicates.
TEST_F(BinnedMetricsTest, PerfectBinByBin) {
  const BinnedTrackCounts counts = binned(with_rule(MatchingRule::perfect));
  EXPECT_EQ(counts.efficiency_vs_pt.numerators(), bins(kPtBins, {{3, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {}));
  EXPECT_EQ(counts.efficiency_vs_phi.numerators(), bins(kPhiBins, {}));
  EXPECT_EQ(counts.fake_rate_vs_eta.numerators(), bins(kEtaBins, {{7, 1}, {8, 4}, {12, 2}}));
  EXPECT_EQ(counts.duplicate_rate_vs_eta.numerators(), bins(kEtaBins, {}));
}

// The bins add up to the totals where every entry lies inside them; E (below 0.1 GeV) is the
// one reconstructable particle the pT plot leaves out.
TEST_F(BinnedMetricsTest, BinsAddUpToTheTotalsOfEveryRule) {
  auto sum = [](const Counts& counts) {
    std::int64_t total = 0;
    for (const std::int64_t count : counts) total += count;
    return total;
  };
  for (const MatchingRule rule : matching_rules()) {
    SCOPED_TRACE(matching_rule_name(rule));
    const BinnedTrackCounts counts = binned(with_rule(rule));
    const TrackCounts total = totals(with_rule(rule));
    EXPECT_EQ(sum(counts.fake_rate_vs_eta.numerators()), total.fake_candidates());
    EXPECT_EQ(sum(counts.duplicate_rate_vs_eta.numerators()), total.duplicate_candidates());
    EXPECT_EQ(sum(counts.fake_rate_vs_eta.denominators()), total.candidates);
    EXPECT_EQ(sum(counts.efficiency_vs_eta.numerators()), total.reconstructed_reconstructable_particles);
    EXPECT_EQ(sum(counts.efficiency_vs_eta.denominators()), total.reconstructable_particles);
    const bool found_e = rule != MatchingRule::perfect;
    EXPECT_EQ(sum(counts.efficiency_vs_pt.numerators()) + found_e,
              total.reconstructed_reconstructable_particles_all_pt);
    EXPECT_EQ(sum(counts.efficiency_vs_pt.denominators()) + 1, total.reconstructable_particles_all_pt);
  }
}

// The threshold moves particles in and out of the eta and phi plots (and the efficiency, and the
// duplicate rate above it); the pT plot never applies it.
TEST_F(BinnedMetricsTest, PtThresholdSelectsTheEtaAndPhiPlotsParticles) {
  const MetricsConfig above_2_gev = with_rule(MatchingRule::double_majority, 2.0f);  // A, C; D drops out
  BinnedTrackCounts counts = binned(above_2_gev);
  EXPECT_EQ(counts.efficiency_vs_eta.denominators(), bins(kEtaBins, {{8, 1}, {13, 1}}));
  EXPECT_EQ(counts.efficiency_vs_phi.denominators(), bins(kPhiBins, {{1, 1}, {8, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {{8, 1}}));
  EXPECT_EQ(counts.efficiency_vs_pt.denominators(), bins(kPtBins, {{3, 1}, {5, 1}, {7, 1}, {11, 1}}));
  const TrackCounts total = totals(above_2_gev);
  EXPECT_DOUBLE_EQ(*total.track_efficiency(), 1.0 / 2.0);
  // c1, c2 (A), c4, c5 (C), c8 (F, 3.5 GeV): two duplicates.
  EXPECT_EQ(total.matched_candidates_above_min_pt, 5);
  EXPECT_DOUBLE_EQ(*total.duplicate_rate_above_min_pt(), 2.0 / 5.0);

  const MetricsConfig above_half_gev = with_rule(MatchingRule::double_majority, 0.5f);  // B joins
  counts = binned(above_half_gev);
  EXPECT_EQ(counts.efficiency_vs_eta.denominators(), bins(kEtaBins, {{5, 1}, {8, 1}, {9, 1}, {13, 1}}));
  EXPECT_EQ(counts.efficiency_vs_eta.numerators(), bins(kEtaBins, {{5, 1}, {8, 1}}));
  EXPECT_EQ(counts.efficiency_vs_phi.numerators(), bins(kPhiBins, {{8, 1}, {13, 1}}));
  EXPECT_DOUBLE_EQ(*totals(above_half_gev).track_efficiency(), 2.0 / 4.0);
  // B's single candidate joins the matched ones without duplicating.
  EXPECT_DOUBLE_EQ(*totals(above_half_gev).duplicate_rate_above_min_pt(), 2.0 / 6.0);
}

// Target edges of every particle binned in its pT: A 9 (bin 7), B 5 (bin 3), C 7 (bin 11), D 4
// (bin 5), F 2 (bin 8); E's 5 lie below the bins. Kept: three of A's (one written backwards), all
// of B's, one of F's hits to another of F's that is not its neighbour (true but no target), and
// one of C's scored below the cut.
TEST_F(BinnedMetricsTest, EdgeEfficiencyVsPtCountsTargetEdgesByParticlePt) {
  std::vector<std::pair<std::int32_t, std::int32_t>> edges = test::BinnedTestEvent::chain(event.a, 0, 3);
  edges.emplace_back(event.a[4], event.a[3]);
  for (const auto& edge : test::BinnedTestEvent::chain(event.b, 0, 6)) edges.push_back(edge);
  edges.emplace_back(event.f[0], event.f[2]);
  edges.emplace_back(event.c[0], event.c[1]);
  std::vector<std::int64_t> edge_index;
  for (const auto& edge : edges) edge_index.push_back(edge.first);
  for (const auto& edge : edges) edge_index.push_back(edge.second);
  std::vector<float> scores(edges.size(), 0.9f);
  scores.back() = 0.1f;

  const BinnedCounts scored = compute_edge_efficiency_vs_pt(event.builder.event(), edge_index, scores, 0.5f);
  const Counts targets = bins(kPtBins, {{3, 5}, {5, 4}, {7, 9}, {8, 2}, {11, 7}});
  EXPECT_EQ(scored.denominators(), targets);
  EXPECT_EQ(scored.numerators(), bins(kPtBins, {{3, 5}, {7, 3}}));
  const BinnedCounts unscored = compute_edge_efficiency_vs_pt(event.builder.event(), edge_index, {}, 0.5f);
  EXPECT_EQ(unscored.denominators(), targets);
  EXPECT_EQ(unscored.numerators(), bins(kPtBins, {{3, 5}, {7, 3}, {11, 1}}));
  EXPECT_THROW(compute_edge_efficiency_vs_pt(event.builder.event(), {0, 1, 2}, {}, 0.5f), std::invalid_argument);
}

TEST(BinnedCounts, BinsAreHalfOpenAndOutsideValuesAreNotCounted) {
  BinnedCounts counts({0.0, 1.0, 2.0});
  EXPECT_EQ(counts.bin_of(0.0), 0u);
  EXPECT_EQ(counts.bin_of(1.0), 1u);
  EXPECT_FALSE(counts.bin_of(2.0).has_value());
  EXPECT_FALSE(counts.bin_of(-0.5).has_value());
  EXPECT_FALSE(counts.bin_of(std::nan("")).has_value());
  EXPECT_TRUE(counts.fill(0.5, true));
  EXPECT_TRUE(counts.fill(1.5, false));
  EXPECT_FALSE(counts.fill(7.0, true));
  EXPECT_EQ(counts.numerators(), (Counts{1, 0}));
  EXPECT_EQ(counts.denominators(), (Counts{1, 1}));
}

TEST(BinnedCounts, EventsAddExactlyAndOnlyWithTheSameBins) {
  BinnedCounts first({0.0, 1.0, 2.0}), second({0.0, 1.0, 2.0});
  first.fill(0.5, true);
  second.fill(0.5, false);
  second.fill(1.5, true);
  first += second;
  EXPECT_EQ(first.numerators(), (Counts{1, 1}));
  EXPECT_EQ(first.denominators(), (Counts{2, 1}));
  BinnedCounts other({0.0, 2.0});
  EXPECT_THROW(first += other, std::invalid_argument);
  EXPECT_THROW(BinnedCounts({1.0}), std::invalid_argument);
  EXPECT_THROW(BinnedCounts({0.0, 1.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(BinnedCounts({0.0, std::nan("")}), std::invalid_argument);
}

TEST(BinnedCounts, DefaultBinningIsThePhysicsPlotsOne) {
  const MetricBinning binning;
  EXPECT_EQ(binning.pt_edges.size(), kPtBins + 1);
  EXPECT_DOUBLE_EQ(binning.pt_edges.front(), 0.1);
  EXPECT_DOUBLE_EQ(binning.pt_edges.back(), 100.0);
  ASSERT_EQ(binning.eta_edges.size(), kEtaBins + 1);
  EXPECT_DOUBLE_EQ(binning.eta_edges[1] - binning.eta_edges[0], 0.5);
  EXPECT_DOUBLE_EQ(binning.eta_edges.back(), 4.0);
  ASSERT_EQ(binning.phi_edges.size(), kPhiBins + 1);
  EXPECT_DOUBLE_EQ(binning.phi_edges.front(), -M_PI);
  EXPECT_DOUBLE_EQ(binning.phi_edges.back(), M_PI);
}

// Reference bounds from scipy.stats.beta.ppf at one standard deviation (68.27%).
TEST(BinomialInterval, ClopperPearsonMatchesTheBetaQuantiles) {
  struct Case {
    std::int64_t passed, trials;
    double low, high;
  };
  const std::vector<Case> cases{{0, 10, 0.0, 0.16814918613797644},
                                {3, 10, 0.1416719011071802, 0.5082624819902524},
                                {10, 10, 0.8318508138620235, 1.0},
                                {1, 1, 0.15865525393145702, 1.0},
                                {45, 50, 0.8380107481065602, 0.9425078913817936},
                                {500, 1000, 0.48369702103800044, 0.5163029789619995},
                                {7, 9, 0.5563484088994024, 0.9198960160077929}};
  constexpr double kTolerance = 1e-10;
  for (const Case& expected : cases) {
    SCOPED_TRACE(std::to_string(expected.passed) + " of " + std::to_string(expected.trials));
    const auto interval = clopper_pearson(expected.passed, expected.trials);
    ASSERT_TRUE(interval.has_value());
    EXPECT_DOUBLE_EQ(interval->value, static_cast<double>(expected.passed) / static_cast<double>(expected.trials));
    EXPECT_NEAR(interval->low, expected.low, kTolerance);
    EXPECT_NEAR(interval->high, expected.high, kTolerance);
  }
  EXPECT_FALSE(clopper_pearson(0, 0).has_value());
  EXPECT_THROW(clopper_pearson(3, 2), std::invalid_argument);
  EXPECT_THROW(clopper_pearson(-1, 2), std::invalid_argument);
  EXPECT_THROW(clopper_pearson(1, 2, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
