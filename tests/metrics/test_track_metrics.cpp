// Track efficiency, fake and duplicate rates and the TrackML score on events small enough to
// count by hand. The standard event: particles A (pT 2 GeV, 6 hits), B (pT 1.5 GeV, 6 hits),
// C (pT 0.5 GeV, 5 hits), all central and on distinct layers, plus 3 noise hits. Every particle
// hit weighs 1, so the event's TrackML weight is 17.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/hand_built_event.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn {
namespace {

constexpr std::uint64_t kA = 1001, kB = 1002, kC = 1003, kNoise = 0;

std::vector<std::int32_t> concat(std::vector<std::int32_t> a, const std::vector<std::int32_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
std::vector<std::int32_t> slice(const std::vector<std::int32_t>& hits, std::size_t begin, std::size_t end) {
  return {hits.begin() + static_cast<std::ptrdiff_t>(begin), hits.begin() + static_cast<std::ptrdiff_t>(end)};
}

class TrackMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    builder.add_particle(kA, 2.0f, 0.0f, 0.0f);
    builder.add_particle(kB, 0.0f, 1.5f, 0.0f);
    builder.add_particle(kC, 0.0f, -0.5f, 0.0f);
    a = builder.add_track_hits(kA, 6);
    b = builder.add_track_hits(kB, 6);
    c = builder.add_track_hits(kC, 5);
    for (int layer = 1; layer <= 3; ++layer) noise.push_back(builder.add_hit(kNoise, 15.0f * layer, 9, layer, 0.0f));
  }

  TrackCounts counts_for(const std::vector<std::vector<std::int32_t>>& candidates) {
    TrackCandidates tracks;
    for (const auto& candidate : candidates) tracks.add_track(candidate);
    return compute_track_counts(builder.event(), tracks);
  }

  test::HandBuiltEvent builder;
  std::vector<std::int32_t> a, b, c, noise;
};

TEST_F(TrackMetricsTest, PerfectTrackingIsFullyEfficientWithoutFakesAndScoresOne) {
  const TrackCounts counts = counts_for({a, b, c});
  EXPECT_EQ(counts.candidates, 3);
  EXPECT_EQ(counts.reconstructable_particles, 2);         // A and B pass pT > 1 GeV
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 3);  // C joins without the pT cut
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency_all_pt(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 0.0);
  EXPECT_DOUBLE_EQ(counts.trackml_total_weight, 17.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 1.0);
}

TEST_F(TrackMetricsTest, NoCandidatesFindNothingAndScoreZero) {
  const TrackCounts counts = counts_for({});
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 0.0);
  EXPECT_FALSE(counts.fake_rate().has_value());  // no candidates: undefined, not zero
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 0.0);
}

// A split 4 + 2: the 4-hit piece holds 4/6 of A, so A is found; the pure 2-hit piece matches A
// again on the candidate side and is the duplicate.
TEST_F(TrackMetricsTest, UnevenSplitFindsTheParticleAndCountsOneDuplicate) {
  const TrackCounts counts = counts_for({slice(a, 0, 4), slice(a, 4, 6), b, c});
  EXPECT_EQ(counts.candidates, 4);
  EXPECT_EQ(counts.matched_candidates, 4);
  EXPECT_EQ(counts.matched_particles, 3);
  EXPECT_EQ(counts.duplicate_candidates(), 1);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), (4.0 + 6.0 + 5.0) / 17.0);
}

// A split 3 + 3: neither half holds more than half of A, so A is lost although both halves are
// pure; the second half is still a duplicate.
TEST_F(TrackMetricsTest, EvenSplitLosesTheParticle) {
  const TrackCounts counts = counts_for({slice(a, 0, 3), slice(a, 3, 6), b, c});
  EXPECT_EQ(counts.reconstructed_reconstructable_particles, 1);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0 / 2.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency_all_pt(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), (6.0 + 5.0) / 17.0);
}

// All of A plus 2 hits of B: A holds 6/8 of the candidate and all its hits; B's other 4 hits
// still hold 4/6 of B. Both are found; the score loses B's 2 stolen hits.
TEST_F(TrackMetricsTest, MergedTrackWithClearMajorityStillFindsBothParticles) {
  const TrackCounts counts = counts_for({concat(a, slice(b, 0, 2)), slice(b, 2, 6), c});
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), (6.0 + 4.0 + 5.0) / 17.0);
}

// A and B merged 6 + 6: no particle holds more than half of the candidate, so it is a fake and
// both particles are lost.
TEST_F(TrackMetricsTest, EvenlyMergedTrackIsAFake) {
  const TrackCounts counts = counts_for({concat(a, b), c});
  EXPECT_EQ(counts.matched_candidates, 1);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 1.0 / 2.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency_all_pt(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 5.0 / 17.0);
}

TEST_F(TrackMetricsTest, NoiseOnlyCandidateIsAFake) {
  const TrackCounts counts = counts_for({a, b, c, noise});
  EXPECT_EQ(counts.fake_candidates(), 1);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 1.0);
}

// 2 noise hits beside 3 of C's 5: C holds 3/5 of the candidate and 3/5 of its hits.
TEST_F(TrackMetricsTest, NoiseMinorityDoesNotSpoilAMatch) {
  const TrackCounts counts = counts_for({a, b, concat(slice(c, 0, 3), slice(noise, 0, 2))});
  EXPECT_DOUBLE_EQ(*counts.track_efficiency_all_pt(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), (6.0 + 6.0 + 3.0) / 17.0);
}

TEST_F(TrackMetricsTest, NoiseWeightInTheTruthFileDoesNotCount) {
  for (const std::int32_t hit : noise) builder.event().truth->weight[hit] = 5.0f;
  const TrackCounts counts = counts_for({a, b, c, noise});
  EXPECT_DOUBLE_EQ(counts.trackml_total_weight, 17.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 1.0);
}

// Hit weights differ in TrackML truth; the score sums weights, not hits. A's first hit weighs 7,
// so the total is 23; dropping it leaves A found (5/6) and costs 7 of 23.
TEST_F(TrackMetricsTest, ScoreSumsTheWeightsOfGoodHits) {
  builder.event().truth->weight[a[0]] = 7.0f;
  const TrackCounts counts = counts_for({slice(a, 1, 6), b, c});
  EXPECT_DOUBLE_EQ(counts.trackml_total_weight, 23.0);
  EXPECT_DOUBLE_EQ(*counts.trackml_score(), 16.0 / 23.0);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
}

// A's 4 of 6 hits plus 1 of B's: A holds 4/5 of the candidate and 4/6 of itself. The double
// majority and the majority find A; tight (4/5 > 3/4, 4/6 > 1/2) too; perfect does not, and
// counts the candidate as a fake.
TEST_F(TrackMetricsTest, MatchingRulesDecideWhatIsFoundAndWhatIsFake) {
  TrackCandidates tracks;
  tracks.add_track(concat(slice(a, 0, 4), slice(b, 0, 1)));
  tracks.add_track(slice(b, 1, 6));
  for (const MatchingRule rule : matching_rules()) {
    MetricsConfig config;
    config.matching = rule;
    const TrackCounts counts = compute_track_counts(builder.event(), tracks, config);
    const bool perfect = rule == MatchingRule::perfect;
    SCOPED_TRACE(matching_rule_name(rule));
    EXPECT_EQ(counts.reconstructed_reconstructable_particles, perfect ? 0 : 2);
    EXPECT_EQ(counts.fake_candidates(), perfect ? 2 : 0);
    // The score keeps its own double majority under every rule: A's 4 and B's 5 hits.
    EXPECT_DOUBLE_EQ(*counts.trackml_score(), 9.0 / 17.0);
  }
}

// 2 of A's hits beside 4 of B's: B holds 4/6 of the candidate, 4/6 of itself. The majority finds
// B; tight does not match it (4/6 is not above 3/4).
TEST_F(TrackMetricsTest, TightRuleNeedsThreeQuartersOfTheCandidate) {
  TrackCandidates tracks;
  tracks.add_track(concat(slice(a, 0, 2), slice(b, 0, 4)));
  MetricsConfig config;
  config.matching = MatchingRule::majority;
  EXPECT_EQ(compute_track_counts(builder.event(), tracks, config).reconstructed_reconstructable_particles, 1);
  config.matching = MatchingRule::tight;
  const TrackCounts tight = compute_track_counts(builder.event(), tracks, config);
  EXPECT_EQ(tight.reconstructed_reconstructable_particles, 0);
  EXPECT_EQ(tight.fake_candidates(), 1);
}

// 2 of A's 6 hits, pure: matched on the candidate side by every rule but perfect, and only the
// majority rule (no particle-side fraction) counts A as found.
TEST_F(TrackMetricsTest, MajorityRuleHasNoParticleSideFraction) {
  TrackCandidates tracks;
  tracks.add_track(slice(a, 0, 2));
  for (const MatchingRule rule : matching_rules()) {
    MetricsConfig config;
    config.matching = rule;
    SCOPED_TRACE(matching_rule_name(rule));
    const TrackCounts counts = compute_track_counts(builder.event(), tracks, config);
    EXPECT_EQ(counts.reconstructed_reconstructable_particles, rule == MatchingRule::majority ? 1 : 0);
    EXPECT_EQ(counts.matched_candidates, rule == MatchingRule::perfect ? 0 : 1);
  }
}

// Perfect matching accepts no extra hit, noise included, and no missing one.
TEST_F(TrackMetricsTest, PerfectRuleNeedsExactlyTheParticlesHits) {
  MetricsConfig config;
  config.matching = MatchingRule::perfect;
  TrackCandidates tracks;
  tracks.add_track(concat(a, slice(noise, 0, 1)));
  tracks.add_track(slice(b, 0, 5));
  tracks.add_track(c);
  const TrackCounts counts = compute_track_counts(builder.event(), tracks, config);
  EXPECT_EQ(counts.matched_candidates, 1);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 3);
  EXPECT_EQ(counts.reconstructed_reconstructable_particles_all_pt, 1);
}

// A split 4 + 2 and C split 3 + 2 give two duplicates among five candidates. Above the 1 GeV
// threshold only A and B count: 1 duplicate among the 3 candidates matched to them; lowering the
// threshold below C's 0.5 GeV brings C's duplicate back.
TEST_F(TrackMetricsTest, DuplicateRateAboveMinPtCountsOnlyHighPtParticles) {
  const TrackCounts counts = counts_for({slice(a, 0, 4), slice(a, 4, 6), b, slice(c, 0, 3), slice(c, 3, 5)});
  EXPECT_EQ(counts.duplicate_candidates(), 2);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 2.0 / 5.0);
  EXPECT_EQ(counts.matched_candidates_above_min_pt, 3);
  EXPECT_EQ(counts.matched_particles_above_min_pt, 2);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate_above_min_pt(), 1.0 / 3.0);

  MetricsConfig low_threshold;
  low_threshold.min_pt = 0.4f;  // C (0.5 GeV) now counts
  TrackCandidates tracks;
  for (const auto& candidate : {slice(a, 0, 4), slice(a, 4, 6), b, slice(c, 0, 3), slice(c, 3, 5)}) {
    tracks.add_track(candidate);
  }
  const TrackCounts low = compute_track_counts(builder.event(), tracks, low_threshold);
  EXPECT_DOUBLE_EQ(*low.duplicate_rate_above_min_pt(), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(*low.track_efficiency(), 1.0);
  EXPECT_EQ(low.reconstructable_particles, 3);
}

TEST_F(TrackMetricsTest, RejectsEventsWithoutTruthAndBadCandidates) {
  TrackCandidates tracks;
  tracks.add_track(a);
  Event without_truth = builder.event();
  without_truth.truth.reset();
  EXPECT_THROW(compute_track_counts(without_truth, tracks), std::invalid_argument);

  TrackCandidates out_of_range;
  out_of_range.add_track({0, 1000});
  EXPECT_THROW(compute_track_counts(builder.event(), out_of_range), std::invalid_argument);

  TrackCandidates shared_hit;
  shared_hit.add_track(a);
  shared_hit.add_track({a[0], b[0]});
  EXPECT_THROW(compute_track_counts(builder.event(), shared_hit), std::invalid_argument);

  Event short_truth = builder.event();
  short_truth.truth->particle_id.pop_back();
  EXPECT_THROW(compute_track_counts(short_truth, tracks), std::invalid_argument);
}

TEST(MetricsConfigTest, RejectsMeaninglessValues) {
  EXPECT_NO_THROW(MetricsConfig{}.validate());
  MetricsConfig config;
  config.matching = static_cast<MatchingRule>(99);
  EXPECT_THROW(config.validate(), std::invalid_argument);
  config = {};
  config.min_distinct_layers = 0;
  EXPECT_THROW(config.validate(), std::invalid_argument);
  config = {};
  config.min_pt = -1;
  EXPECT_THROW(config.validate(), std::invalid_argument);
}

TEST(MatchingRuleTest, NamesParseBackAndUnknownNamesListTheKnownOnes) {
  ASSERT_EQ(matching_rules().size(), 4u);
  for (const MatchingRule rule : matching_rules()) EXPECT_EQ(parse_matching_rule(matching_rule_name(rule)), rule);
  EXPECT_EQ(MetricsConfig{}.matching, MatchingRule::double_majority);
  try {
    parse_matching_rule("Majority");
    FAIL() << "a misspelt rule must be refused";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("double_majority, majority, tight, perfect"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace trackgnn
