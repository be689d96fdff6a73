#include "trackgnn/metrics/binomial_interval.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace trackgnn {
namespace {

// The continued fraction of the regularized incomplete beta function converges in far fewer
// terms than this for the counts of a histogram bin (well under 100 up to millions of trials).
constexpr int kMaxContinuedFractionTerms = 10000;
constexpr double kContinuedFractionTolerance = 1e-15;
// Guards the modified Lentz recurrence against dividing by an exact zero.
constexpr double kTiny = 1e-300;
// Bisection halves [0, 1] this often: 2^-100 is far below a double's resolution near any bound.
constexpr int kBisectionSteps = 100;

// The continued fraction of I_x(a, b) (modified Lentz method), accurate for x < (a + 1) / (a + b + 2).
double incomplete_beta_fraction(double a, double b, double x) {
  auto guard = [](double value) { return std::abs(value) < kTiny ? kTiny : value; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double result = d;
  for (int m = 1; m <= kMaxContinuedFractionTerms; ++m) {
    const double two_m = 2.0 * m;
    const double even = m * (b - m) * x / ((a - 1.0 + two_m) * (a + two_m));
    d = 1.0 / guard(1.0 + even * d);
    c = guard(1.0 + even / c);
    result *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + 1.0 + two_m));
    d = 1.0 / guard(1.0 + odd * d);
    c = guard(1.0 + odd / c);
    const double step = d * c;
    result *= step;
    if (std::abs(step - 1.0) < kContinuedFractionTolerance) return result;
  }
  throw std::runtime_error("incomplete beta function did not converge for a = " + std::to_string(a) +
                           ", b = " + std::to_string(b) + ", x = " + std::to_string(x));
}

// The regularized incomplete beta function I_x(a, b): the CDF of Beta(a, b) at x.
double regularized_incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  // The fraction converges fast only on one side of the mean; the symmetry
  // I_x(a, b) = 1 - I_{1-x}(b, a) covers the other.
  if (x < (a + 1.0) / (a + b + 2.0)) return front * incomplete_beta_fraction(a, b, x) / a;
  return 1.0 - front * incomplete_beta_fraction(b, a, 1.0 - x) / b;
}

// The x in [0, 1] where the Beta(a, b) CDF reaches `probability` (the CDF rises monotonically).
double beta_quantile(double probability, double a, double b) {
  double low = 0.0, high = 1.0;
  for (int step = 0; step < kBisectionSteps; ++step) {
    const double middle = 0.5 * (low + high);
    if (regularized_incomplete_beta(a, b, middle) < probability) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

}  // namespace

std::optional<BinomialInterval> clopper_pearson(std::int64_t passed, std::int64_t trials, double confidence) {
  if (passed < 0 || passed > trials) {
    throw std::invalid_argument("binomial interval: passed must lie in [0, trials], got " + std::to_string(passed) +
                                " of " + std::to_string(trials));
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("binomial interval: confidence must lie in (0, 1), got " + std::to_string(confidence));
  }
  if (trials == 0) return std::nullopt;
  const double tail = 0.5 * (1.0 - confidence);
  const auto k = static_cast<double>(passed);
  const auto n = static_cast<double>(trials);
  BinomialInterval interval;
  interval.value = k / n;
  interval.low = passed == 0 ? 0.0 : beta_quantile(tail, k, n - k + 1.0);
  interval.high = passed == trials ? 1.0 : beta_quantile(1.0 - tail, k + 1.0, n - k);
  return interval;
}

}  // namespace trackgnn
