#pragma once
// Random numbers that are the same on every platform: the engine is std::mt19937_64 (whose output
// the standard fixes), the distributions are our own, because the standard library's differ
// between implementations and a seed must give byte-identical events everywhere.
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <random>

namespace trackgnn::simulation {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // A well-mixed 64-bit value from two inputs (SplitMix64 finaliser), so that nearby seeds and
  // event ids give unrelated streams.
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  bool bernoulli(double probability) { return uniform() < probability; }

  // Standard normal by the Box-Muller transform (pairs, the second one kept for the next call).
  double gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));  // 1 - u is in (0, 1]
    const double angle = 2.0 * M_PI * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

  // Poisson by Knuth's product of uniforms, in pieces of mean <= kPoissonPiece so that
  // exp(-mean) stays far from underflow (a sum of Poissons is Poisson).
  std::int64_t poisson(double mean) {
    std::int64_t count = 0;
    while (mean > 0) {
      const double piece = std::min(mean, kPoissonPiece);
      mean -= piece;
      const double limit = std::exp(-piece);
      double product = uniform();
      while (product > limit) {
        ++count;
        product *= uniform();
      }
    }
    return count;
  }

  // The Moyal distribution, a closed-form approximation of the Landau energy-loss spread: if Z
  // is standard normal, -ln(Z^2) is Moyal distributed with its most probable value at 0.
  double moyal() {
    double z = 0;
    while (z == 0) z = gaussian();  // Z = 0 (probability ~2^-53) would give +infinity
    return -std::log(z * z);
  }

 private:
  static constexpr double kPoissonPiece = 100.0;
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace trackgnn::simulation
