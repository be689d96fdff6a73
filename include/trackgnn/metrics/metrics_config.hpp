#pragma once
// What the metrics count as reconstructable, matched and a target edge. The defaults are the
// Exa.TrkX / TrackML conventions; change them here, not in the code that counts.
#include <cstdint>
#include <string>
#include <vector>

namespace trackgnn {

// How a track candidate is matched to a particle, and when a particle counts as reconstructed.
// A candidate's majority particle is the particle holding most of its hits (ties: the smallest
// particle id, as the TrackML scorer does); when that is noise the candidate matches nothing
// under any rule. "Shared" below is the number of the candidate's hits that belong to its
// majority particle; the particle's hits are all its hits in the event's truth. Every fraction
// is strict ("more than").
//
//   double_majority  The candidate is matched when shared > 1/2 of the candidate's hits; its
//                    particle is reconstructed when also shared > 1/2 of the particle's hits
//                    (the TrackML double majority, as Exa.TrkX uses it). The default.
//   majority         Matched when shared > 1/2 of the candidate's hits; every particle a
//                    candidate is matched to is reconstructed, with no particle-side fraction
//                    (the ATLAS-style rule).
//   tight            Matched when shared > 3/4 of the candidate's hits; the particle is
//                    reconstructed when also shared > 1/2 of the particle's hits.
//   perfect          Matched when the candidate holds exactly the particle's hits: all of them
//                    and no other hit (noise included); the particle is then reconstructed.
//
// Under every rule a fake is a candidate that is not matched, and the duplicates are the matched
// candidates beyond one per particle (so the rule's candidate side decides both; under `perfect`
// a particle can have only one matched candidate, hence no duplicates). The TrackML score does
// not depend on the rule: it keeps the challenge's fixed double majority.
enum class MatchingRule { double_majority, majority, tight, perfect };

// Every rule, in the order above.
const std::vector<MatchingRule>& matching_rules();
// The rule's name as written above ("double_majority", ...).
std::string matching_rule_name(MatchingRule rule);
// The rule named `name` (exactly as matching_rule_name writes it); throws std::invalid_argument
// naming the known rules otherwise.
MatchingRule parse_matching_rule(const std::string& name);

struct MetricsConfig {
  // A particle is reconstructable when pt > min_pt, |eta| < max_abs_eta (both from its
  // production momentum) and its hits lie on at least min_distinct_layers distinct
  // (volume_id, layer_id) pairs. The "all pT" efficiency drops only the pT cut.
  float min_pt = 1.0f;                    // GeV
  float max_abs_eta = 4.0f;
  std::int32_t min_distinct_layers = 5;

  MatchingRule matching = MatchingRule::double_majority;

  // Target edges for the edge efficiency: consecutive hits of every particle with
  // pt > edge_target_min_pt, ordered by distance from the particle's production vertex.
  float edge_target_min_pt = 1.0f;        // GeV

  // Throws std::invalid_argument for values outside their meaning (negative cuts, fewer than
  // one layer, a matching rule outside the enum).
  void validate() const;
};

}  // namespace trackgnn
