#pragma once
// Embedding-like points for timing the kernels: uniform on a 3-dimensional flat patch inside a
// D-dimensional space (learned embeddings of hits are close to low-dimensional), with a little
// noise off the patch, and the radius that gives a chosen mean number of neighbours.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace trackgnn::bench {

struct SyntheticEmbedding {
  std::vector<float> points;  // [n, dim] row-major
  float radius = 0;
};

struct SyntheticEmbeddingConfig {
  std::int64_t num_points = 100000;
  std::int64_t dim = 8;
  double mean_neighbours = 50;
  double off_patch_noise = 0.1;  // standard deviation off the patch, in radii
  unsigned seed = 1;
};

inline SyntheticEmbedding make_synthetic_embedding(const SyntheticEmbeddingConfig& config) {
  constexpr int kPatchDimensions = 3;
  constexpr double kPi = 3.14159265358979323846;
  std::mt19937_64 engine(config.seed);
  std::normal_distribution<double> gaussian(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // Orthonormal patch axes (Gram-Schmidt of Gaussian vectors), so distances on the patch are kept.
  std::vector<std::vector<double>> axes;
  while (static_cast<int>(axes.size()) < kPatchDimensions) {
    std::vector<double> axis(static_cast<std::size_t>(config.dim));
    for (auto& a : axis) a = gaussian(engine);
    for (const auto& previous : axes) {
      double dot = 0;
      for (std::int64_t k = 0; k < config.dim; ++k) dot += axis[k] * previous[k];
      for (std::int64_t k = 0; k < config.dim; ++k) axis[k] -= dot * previous[k];
    }
    double norm = 0;
    for (const double a : axis) norm += a * a;
    for (auto& a : axis) a /= std::sqrt(norm);
    axes.push_back(axis);
  }
  // Unit-cube patch: mean neighbours = n * (4/3) pi r^3.
  SyntheticEmbedding result;
  result.radius = static_cast<float>(
      std::cbrt(config.mean_neighbours * 3.0 / (4.0 * kPi * static_cast<double>(config.num_points))));
  const double noise = config.off_patch_noise * result.radius;
  result.points.resize(static_cast<std::size_t>(config.num_points * config.dim));
  for (std::int64_t p = 0; p < config.num_points; ++p) {
    double u[kPatchDimensions];
    for (auto& c : u) c = unit(engine);
    for (std::int64_t k = 0; k < config.dim; ++k) {
      double x = noise * gaussian(engine);
      for (int a = 0; a < kPatchDimensions; ++a) x += u[a] * axes[a][k];
      result.points[p * config.dim + k] = static_cast<float>(x);
    }
  }
  return result;
}

// Classifier-like edge scores, uniform in [0, 1): a cut at 0.8 keeps about a fifth of the edges,
// as after the GNN.
inline std::vector<float> random_scores(std::int64_t count, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<float> scores(static_cast<std::size_t>(count));
  for (auto& score : scores) score = unit(engine);
  return scores;
}

}  // namespace trackgnn::bench
