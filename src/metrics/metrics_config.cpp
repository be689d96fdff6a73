#include "trackgnn/metrics/metrics_config.hpp"

#include <stdexcept>
#include <string>

namespace trackgnn {
namespace {

// Written as !(ok) so that NaN fails too.
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("metrics configuration: " + message);
}

std::string known_rule_names() {
  std::string names;
  for (const MatchingRule rule : matching_rules()) names += (names.empty() ? "" : ", ") + matching_rule_name(rule);
  return names;
}

}  // namespace

const std::vector<MatchingRule>& matching_rules() {
  static const std::vector<MatchingRule> rules{MatchingRule::double_majority, MatchingRule::majority,
                                               MatchingRule::tight, MatchingRule::perfect};
  return rules;
}

std::string matching_rule_name(MatchingRule rule) {
  switch (rule) {
    case MatchingRule::double_majority: return "double_majority";
    case MatchingRule::majority: return "majority";
    case MatchingRule::tight: return "tight";
    case MatchingRule::perfect: return "perfect";
  }
  throw std::invalid_argument("matching rule " + std::to_string(static_cast<int>(rule)) + " does not exist");
}

MatchingRule parse_matching_rule(const std::string& name) {
  for (const MatchingRule rule : matching_rules()) {
    if (matching_rule_name(rule) == name) return rule;
  }
  throw std::invalid_argument("unknown matching rule '" + name + "' (known: " + known_rule_names() + ")");
}

void MetricsConfig::validate() const {
  require(min_pt >= 0.0f, "min_pt must be >= 0 GeV, got " + std::to_string(min_pt));
  require(max_abs_eta > 0.0f, "max_abs_eta must be > 0, got " + std::to_string(max_abs_eta));
  require(min_distinct_layers >= 1, "min_distinct_layers must be >= 1, got " + std::to_string(min_distinct_layers));
  bool known_rule = false;
  for (const MatchingRule rule : matching_rules()) known_rule = known_rule || rule == matching;
  require(known_rule, "matching rule " + std::to_string(static_cast<int>(matching)) + " does not exist (known: " +
                          known_rule_names() + ")");
  require(edge_target_min_pt >= 0.0f, "edge_target_min_pt must be >= 0 GeV, got " + std::to_string(edge_target_min_pt));
}

}  // namespace trackgnn
