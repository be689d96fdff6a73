#pragma once
// The error bar of an efficiency or rate measured as `passed` out of `trials`.
//
// Clopper-Pearson ("exact") central interval: the bounds are the Beta-distribution quantiles
// B(alpha/2; passed, trials - passed + 1) and B(1 - alpha/2; passed + 1, trials - passed), with
// alpha = 1 - confidence; the lower bound is 0 when passed = 0 and the upper 1 when
// passed = trials. It never leaves [0, 1] and keeps a finite width at 0% and 100%, where the
// normal approximation gives a zero-width bar; it is ROOT's TEfficiency default, so the bars read
// as HEP plots' do.
#include <cstdint>
#include <optional>

namespace trackgnn {

// One standard deviation of a normal distribution: the customary size of an error bar.
inline constexpr double kOneSigmaConfidence = 0.682689492137086;

struct BinomialInterval {
  double value = 0;  // passed / trials
  double low = 0;    // lower bound of the interval
  double high = 0;   // upper bound of the interval
};

// Empty when trials is 0 (no ratio to bound). Throws std::invalid_argument when passed < 0,
// passed > trials, or confidence is not in (0, 1).
std::optional<BinomialInterval> clopper_pearson(std::int64_t passed, std::int64_t trials,
                                                double confidence = kOneSigmaConfidence);

}  // namespace trackgnn
