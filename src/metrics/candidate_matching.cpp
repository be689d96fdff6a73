#include "metrics/candidate_matching.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace trackgnn::metrics_detail {
namespace {

constexpr double kMajorityFraction = 0.5;
constexpr double kTightCandidateFraction = 0.75;

// `owners` sorted ascending; the first of equally long runs wins, i.e. the smallest id.
std::pair<std::uint64_t, std::int64_t> majority_of(const std::vector<std::uint64_t>& owners) {
  std::pair<std::uint64_t, std::int64_t> best{kNoiseParticle, 0};
  for (std::size_t begin = 0; begin < owners.size();) {
    std::size_t end = begin;
    while (end < owners.size() && owners[end] == owners[begin]) ++end;
    const auto run = static_cast<std::int64_t>(end - begin);
    if (run > best.second) best = {owners[begin], run};
    begin = end;
  }
  return best;
}

bool more_than(std::int64_t part, double fraction, std::int64_t whole) {
  return static_cast<double>(part) > fraction * static_cast<double>(whole);
}

void apply_rule(MatchingRule rule, CandidateMatch& match) {
  const std::int64_t shared = match.shared_hits;
  switch (rule) {
    case MatchingRule::double_majority:
      match.matched = more_than(shared, kMajorityFraction, match.candidate_hits);
      match.reconstructs_particle = match.matched && more_than(shared, kMajorityFraction, match.particle_hits);
      return;
    case MatchingRule::majority:
      match.matched = more_than(shared, kMajorityFraction, match.candidate_hits);
      match.reconstructs_particle = match.matched;
      return;
    case MatchingRule::tight:
      match.matched = more_than(shared, kTightCandidateFraction, match.candidate_hits);
      match.reconstructs_particle = match.matched && more_than(shared, kMajorityFraction, match.particle_hits);
      return;
    case MatchingRule::perfect:
      match.matched = shared == match.candidate_hits && shared == match.particle_hits;
      match.reconstructs_particle = match.matched;
      return;
  }
  throw std::invalid_argument("matching rule " + std::to_string(static_cast<int>(rule)) + " does not exist");
}

}  // namespace

std::vector<CandidateMatch> match_candidates(const Event& event, const Truth& truth, const TrackCandidates& tracks,
                                             const std::unordered_map<std::uint64_t, ParticleHits>& particle_hits,
                                             MatchingRule rule) {
  const std::size_t num_hits = truth.particle_id.size();
  std::vector<bool> assigned(num_hits, false);
  std::vector<std::uint64_t> owners;
  std::vector<CandidateMatch> matches;
  matches.reserve(tracks.size());
  for (std::size_t track = 0; track < tracks.size(); ++track) {
    owners.clear();
    for (const std::int32_t* hit = tracks.track_begin(track); hit != tracks.track_end(track); ++hit) {
      if (*hit < 0 || static_cast<std::size_t>(*hit) >= num_hits) {
        throw std::invalid_argument("event " + std::to_string(event.event_id) + ": track candidate " +
                                    std::to_string(track) + " names spacepoint " + std::to_string(*hit) +
                                    " of " + std::to_string(num_hits));
      }
      if (assigned[*hit]) {
        throw std::invalid_argument("event " + std::to_string(event.event_id) + ": spacepoint " +
                                    std::to_string(*hit) + " is in more than one track candidate");
      }
      assigned[*hit] = true;
      owners.push_back(truth.particle_id[*hit]);
    }
    std::sort(owners.begin(), owners.end());
    CandidateMatch match;
    match.candidate_hits = static_cast<std::int64_t>(owners.size());
    std::tie(match.majority_particle, match.shared_hits) = majority_of(owners);
    if (match.majority_particle != kNoiseParticle) {
      match.particle_hits = particle_hits.at(match.majority_particle).hits;
      apply_rule(rule, match);
    }
    matches.push_back(match);
  }
  return matches;
}

bool counts_for_trackml_score(const CandidateMatch& match) {
  return match.majority_particle != kNoiseParticle &&
         more_than(match.shared_hits, kMajorityFraction, match.candidate_hits) &&
         more_than(match.shared_hits, kMajorityFraction, match.particle_hits);
}

std::unordered_set<std::uint64_t> reconstructed_particles(const std::vector<CandidateMatch>& matches) {
  std::unordered_set<std::uint64_t> particles;
  for (const CandidateMatch& match : matches) {
    if (match.reconstructs_particle) particles.insert(match.majority_particle);
  }
  return particles;
}

bool is_reconstructable_at_any_pt(const Particle& particle, const ParticleHits& hits, const MetricsConfig& config) {
  return hits.distinct_layers >= config.min_distinct_layers && std::abs(particle.eta()) < config.max_abs_eta;
}

}  // namespace trackgnn::metrics_detail
