// The GPU radius searches (cuda::radius_search_grid_thresholds, cuda::radius_search_grid and its
// one-cell form cuda::radius_search_brute_force, every test for each) against a brute-force CPU
// search with the contract's semantics: per point the k nearest others within the radius (ties by
// index), as sorted undirected pairs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "graph_construction/device/radius_search_cuda.hpp"
#include "graph_construction/device/radius_search_grid.hpp"
#include "graph_construction/radius_search_registry.hpp"
#include "trackgnn/graph/radius_search.hpp"
#include "graph_construction/radius_search_selection.hpp"
#include "cuda/cuda_test_support.hpp"

namespace trackgnn {
namespace {

using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;

using SearchFunction = std::int64_t (*)(const float*, std::int64_t, std::int64_t, float, std::int64_t,
                                        const cuda::EdgeAllocator&, Stream);
struct Implementation {
  const char* name;
  SearchFunction search;
};

Pairs brute_force_pairs(const std::vector<float>& points, std::int64_t dim, float radius, std::int64_t k) {
  const auto n = static_cast<std::int64_t>(points.size()) / dim;
  const float radius2 = radius * radius;
  Pairs pairs;
  std::vector<std::pair<float, std::int64_t>> candidates;
  for (std::int64_t i = 0; i < n; ++i) {
    candidates.clear();
    for (std::int64_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const float d2 = radius::squared_distance(&points[i * dim], &points[j * dim], dim);
      if (d2 <= radius2) candidates.emplace_back(d2, j);
    }
    std::sort(candidates.begin(), candidates.end());
    if (static_cast<std::int64_t>(candidates.size()) > k) candidates.resize(static_cast<std::size_t>(k));
    for (const auto& [d2, j] : candidates) pairs.emplace_back(std::min(i, j), std::max(i, j));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

struct GpuResult {
  Pairs pairs;
  int allocator_calls = 0;
  std::int64_t returned = -1;
};

GpuResult gpu_pairs(SearchFunction search, const std::vector<float>& points, std::int64_t dim, float radius,
                    std::int64_t k) {
  const auto n = static_cast<std::int64_t>(points.size()) / dim;
  const Buffer<float> device_points = testing::to_device(points);
  Buffer<std::int64_t> edges(Device::cuda());
  GpuResult result;
  result.returned = search(device_points.data(), n, dim, radius, k,
                           [&](std::int64_t num_edges) {
                             ++result.allocator_calls;
                             edges.resize(static_cast<std::size_t>(2 * num_edges));
                             return edges.data();
                           },
                           nullptr);
  const std::vector<std::int64_t> flat = edges.to_host();
  const std::size_t num_edges = flat.size() / 2;
  for (std::size_t e = 0; e < num_edges; ++e) result.pairs.emplace_back(flat[e], flat[num_edges + e]);
  return result;
}

// A registered search on the host or the device.
Pairs registered_pairs(const std::string& name, Device device, const std::vector<float>& points, std::int64_t dim,
                       float radius, std::int64_t k) {
  const auto n = static_cast<std::int64_t>(points.size()) / dim;
  const auto search = RadiusSearchRegistry::instance().create(name, device);
  const Buffer<float> placed = Buffer<float>::from_host(points, device);
  Buffer<std::int64_t> edges(device);
  ExecutionContext context;
  context.device = device;
  search->search(placed.data(), n, dim, {radius, k}, edges, context);
  const std::vector<std::int64_t> flat = edges.to_host();
  const std::size_t num_edges = flat.size() / 2;
  Pairs pairs;
  for (std::size_t e = 0; e < num_edges; ++e) pairs.emplace_back(flat[e], flat[num_edges + e]);
  return pairs;
}

// The CPU cell-list search, for clouds too large for the brute force.
Pairs cpu_grid_pairs(const std::vector<float>& points, std::int64_t dim, float radius, std::int64_t k) {
  return registered_pairs("grid", Device::cpu(), points, dim, radius, k);
}

void expect_gpu_gives(SearchFunction search, const Pairs& expected, const std::vector<float>& points,
                      std::int64_t dim, float radius, std::int64_t k) {
  const GpuResult actual = gpu_pairs(search, points, dim, radius, k);
  EXPECT_EQ(actual.allocator_calls, 1);
  EXPECT_EQ(actual.returned, static_cast<std::int64_t>(expected.size()));
  ASSERT_EQ(actual.pairs.size(), expected.size()) << "n=" << points.size() / dim << " dim=" << dim
                                                  << " radius=" << radius << " k=" << k;
  for (std::size_t e = 0; e < expected.size(); ++e)
    ASSERT_EQ(actual.pairs[e], expected[e]) << "first difference at edge " << e;
}

void expect_same_edges(SearchFunction search, const std::vector<float>& points, std::int64_t dim, float radius,
                       std::int64_t k) {
  expect_gpu_gives(search, brute_force_pairs(points, dim, radius, k), points, dim, radius, k);
}

std::vector<float> uniform_points(testing::FreshRandom& random, std::int64_t n, std::int64_t dim, float low,
                                  float high) {
  std::vector<float> points(static_cast<std::size_t>(n * dim));
  for (auto& x : points) x = random.uniform(low, high);
  return points;
}

// The radius at which a point has about `neighbours` others inside, read off sampled pairs.
float radius_for_neighbours(testing::FreshRandom& random, const std::vector<float>& points, std::int64_t dim,
                            double neighbours) {
  const auto n = static_cast<std::int64_t>(points.size()) / dim;
  constexpr int kSampledPairs = 4000;
  std::vector<float> distances;
  for (int s = 0; s < kSampledPairs; ++s) {
    const std::int64_t a = random.integer(0, n - 1), b = random.integer(0, n - 1);
    if (a != b) distances.push_back(std::sqrt(radius::squared_distance(&points[a * dim], &points[b * dim], dim)));
  }
  std::sort(distances.begin(), distances.end());
  const double quantile = std::min(1.0, neighbours / static_cast<double>(n - 1));
  return distances[static_cast<std::size_t>(quantile * static_cast<double>(distances.size() - 1))];
}

class CudaRadiusSearch : public ::testing::TestWithParam<Implementation> {};

TEST_P(CudaRadiusSearch, MatchesBruteForceOnUniformPointsOfEveryDimension) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t dim : {1, 2, 3, 4, 5, 8, 12, 16}) {
    for (const std::int64_t n : {2, 17, 600, 2500}) {
      const std::vector<float> points = uniform_points(random, n, dim, -1.0f, 1.0f);
      const float radius = radius_for_neighbours(random, points, dim, 12.0);
      SCOPED_TRACE("dim " + std::to_string(dim) + ", n " + std::to_string(n));
      expect_same_edges(GetParam().search, points, dim, radius, n);  // no cap
      expect_same_edges(GetParam().search, points, dim, radius, 3);  // the cap bites for most points
    }
  }
}

TEST_P(CudaRadiusSearch, UncappedSearchWhoseWorstCaseCannotFitInMemoryStillMatches) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // With no cap the pair bound is n (n - 1) / 2, 2e10 pairs (hundreds of GB) here: the search must
  // size its pair list from what the points actually keep instead.
  constexpr std::int64_t kDim = 3, kPoints = 200000;
  constexpr double kMeanNeighbours = 8.0;
  const std::vector<float> points = uniform_points(random, kPoints, kDim, 0.0f, 1.0f);
  // A ball of this radius in the unit cube holds kMeanNeighbours points on average.
  const double pi = std::acos(-1.0);
  const auto radius = static_cast<float>(std::cbrt(kMeanNeighbours / (kPoints * 4.0 / 3.0 * pi)));
  expect_gpu_gives(GetParam().search, cpu_grid_pairs(points, kDim, radius, kPoints - 1), points, kDim, radius,
                   kPoints - 1);
}

TEST_P(CudaRadiusSearch, EmptyAndSinglePointGiveNoEdges) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  for (const std::int64_t n : {0, 1}) {
    const GpuResult result =
        gpu_pairs(GetParam().search, std::vector<float>(static_cast<std::size_t>(3 * n), 0.5f), 3, 1.0f, 10);
    EXPECT_EQ(result.allocator_calls, 1);
    EXPECT_EQ(result.returned, 0);
    EXPECT_TRUE(result.pairs.empty());
  }
}

TEST_P(CudaRadiusSearch, AllPointsInOneCellKeepOnlyTheNearest) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Every pair is within the radius: each point has n - 1 candidates and keeps k of them.
  const std::vector<float> points = uniform_points(random, 1500, 8, 0.0f, 1.0e-3f);
  for (const std::int64_t k : {1, 4, 40}) expect_same_edges(GetParam().search, points, 8, 1.0f, k);
  const Pairs all = gpu_pairs(GetParam().search, points, 8, 1.0f, 100000).pairs;
  EXPECT_EQ(all.size(), 1500u * 1499u / 2u);
}

TEST_P(CudaRadiusSearch, BreaksDistanceTiesByIndexOnALatticeWithDuplicates) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Small integer coordinates: many exactly equal distances, and repeated points at distance 0.
  for (const std::int64_t dim : {2, 3, 6}) {
    std::vector<float> points(static_cast<std::size_t>(900 * dim));
    for (auto& x : points) x = static_cast<float>(random.integer(0, 7));
    for (const std::int64_t k : {1, 2, 5, 13}) expect_same_edges(GetParam().search, points, dim, 1.5f, k);
    expect_same_edges(GetParam().search, points, dim, 0.0f, 2);  // only exact duplicates are within a zero radius
  }
}

TEST_P(CudaRadiusSearch, MatchesOnClusteredEmbeddingLikePoints) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Points near a 3-dimensional surface in 8 dimensions, in tight clusters of track-like size.
  constexpr std::int64_t kDim = 8, kClusters = 300, kPerCluster = 12;
  std::vector<float> points;
  for (std::int64_t c = 0; c < kClusters; ++c) {
    const float u = random.uniform(0, 1), v = random.uniform(0, 1), w = random.uniform(0, 1);
    for (std::int64_t h = 0; h < kPerCluster; ++h)
      for (std::int64_t k = 0; k < kDim; ++k)
        points.push_back(std::sin(3.0f * u + k) + std::cos(2.0f * v * k) + w * (k % 3) + random.uniform(-0.02f, 0.02f));
  }
  for (const std::int64_t k : {5, 30, 500}) expect_same_edges(GetParam().search, points, kDim, 0.1f, k);
}

TEST_P(CudaRadiusSearch, WideSparseDataOverTheCellBudgetStillMatches) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Extents ten thousand radii wide on every axis: the grid must coarsen instead of exploding.
  std::vector<float> points = uniform_points(random, 1500, 3, 0.0f, 1.0e4f);
  for (std::size_t p = 0; p + 6 <= points.size(); p += 6)  // every other point near its predecessor
    for (int k = 0; k < 3; ++k) points[p + 3 + k] = points[p + k] + random.uniform(-0.5f, 0.5f);
  expect_same_edges(GetParam().search, points, 3, 1.0f, 8);
}

TEST_P(CudaRadiusSearch, PointsWithNaNCoordinatesHaveNoNeighbours) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  std::vector<float> points = uniform_points(random, 800, 4, 0.0f, 1.0f);
  // The radius comes from the clean cloud: a sampled distance to a NaN point would make it NaN.
  const float radius = radius_for_neighbours(random, points, 4, 10.0);
  for (std::size_t p = 0; p < points.size(); p += 4 * 37) points[p + 1] = std::numeric_limits<float>::quiet_NaN();
  expect_same_edges(GetParam().search, points, 4, radius, 6);
}

TEST_P(CudaRadiusSearch, RejectsBadConfiguration) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const std::vector<float> points(8 * 17, 0.25f);
  EXPECT_THROW(gpu_pairs(GetParam().search, points, 17, 1.0f, 5), std::invalid_argument);
  const Buffer<float> device_points = testing::to_device(points);
  auto never = [](std::int64_t) -> std::int64_t* { return nullptr; };
  const SearchFunction search = GetParam().search;
  EXPECT_THROW(search(device_points.data(), 8, 0, 1.0f, 5, never, nullptr), std::invalid_argument);
  EXPECT_THROW(search(device_points.data(), 8, 4, -1.0f, 5, never, nullptr), std::invalid_argument);
  EXPECT_THROW(search(device_points.data(), 8, 4, NAN, 5, never, nullptr), std::invalid_argument);
  EXPECT_THROW(search(device_points.data(), 8, 4, 1.0f, -1, never, nullptr), std::invalid_argument);
}

TEST_P(CudaRadiusSearch, MatchesWhereTheCandidatesFillTheGatherBuffer) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Mean candidate counts around and past the 256 keys a warp gathers, with caps below, near and
  // above them: every way of choosing a point's nearest (keep-all or a selection among the
  // gathered keys, keep-all or a radix select over rescans past the gather buffer) with many
  // points on each.
  const std::vector<float> points = uniform_points(random, 3000, 8, -1.0f, 1.0f);
  for (const double neighbours : {60.0, 150.0, 240.0, 400.0}) {
    const float radius = radius_for_neighbours(random, points, 8, neighbours);
    SCOPED_TRACE("about " + std::to_string(neighbours) + " candidates per point");
    for (const std::int64_t k : {1, 64, 200, 255, 300}) expect_same_edges(GetParam().search, points, 8, radius, k);
  }
}

TEST_P(CudaRadiusSearch, MatchesOnCopiesOfAFewPlaces) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Groups of identical points larger and smaller than k + 1 (surplus copies, which the grid
  // search does not measure), +0 and -0, near-copies one float step apart and lone points.
  constexpr std::int64_t kDim = 8, kPlaces = 5;
  const std::vector<float> places = uniform_points(random, kPlaces, kDim, -1.0f, 1.0f);
  std::vector<float> points;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t place = random.integer(0, kPlaces - 1);
    points.insert(points.end(), places.begin() + place * kDim, places.begin() + (place + 1) * kDim);
    const std::int64_t variant = random.integer(0, 9);
    if (variant == 0) points[points.size() - kDim] = -0.0f;
    if (variant == 1) points.back() = std::nextafter(points.back(), 2.0f);
    if (variant == 2)
      for (std::int64_t d = 0; d < kDim; ++d) points[points.size() - kDim + d] = random.uniform(-1.0f, 1.0f);
  }
  for (const std::int64_t k : {1, 16, 64, 300, 2000}) expect_same_edges(GetParam().search, points, kDim, 0.5f, k);
}

INSTANTIATE_TEST_SUITE_P(Implementations, CudaRadiusSearch,
                         ::testing::Values(Implementation{"grid_thresholds", cuda::radius_search_grid_thresholds},
                                           Implementation{"grid", cuda::radius_search_grid},
                                           Implementation{"brute_force", cuda::radius_search_brute_force}),
                         [](const ::testing::TestParamInfo<Implementation>& info) {
                           return std::string(info.param.name);
                         });

// Every hit at one position: the grid search measures n (k + 1) distances, not n^2, and gives the
// CPU grid's edges, fewer than n k.
TEST(CudaGridSearch, AllPointsAtOnePlaceGiveAtMostKEdgesPerPoint) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  constexpr std::int64_t kPoints = 100'000, kDim = 8, kNeighbours = 64;
  std::vector<float> points(kPoints * kDim);
  for (std::int64_t i = 0; i < kPoints; ++i)
    for (std::int64_t d = 0; d < kDim; ++d) points[i * kDim + d] = 0.125f * static_cast<float>(d);
  const Pairs expected = cpu_grid_pairs(points, kDim, 0.025f, kNeighbours);
  ASSERT_LE(static_cast<std::int64_t>(expected.size()), kPoints * kNeighbours);
  expect_gpu_gives(cuda::radius_search_grid, expected, points, kDim, 0.025f, kNeighbours);
}

// The registered alternatives to "grid" (whose CUDA form is the kept-lists search above): the
// brute force (one cell on the GPU) and the thresholds search give its edges on every device.
TEST(RegisteredRadiusSearches, GiveTheGridEdgesOnEveryDevice) {
  testing::FreshRandom random;
  const std::vector<float> points = uniform_points(random, 2000, 3, 0.0f, 1.0f);
  const float radius = radius_for_neighbours(random, points, 3, 20.0);
  const Pairs expected = cpu_grid_pairs(points, 3, radius, 8);
  ASSERT_FALSE(expected.empty());
  for (const char* name : {"brute_force", "grid_thresholds"}) {
    EXPECT_EQ(registered_pairs(name, Device::cpu(), points, 3, radius, 8), expected) << name;
    if (cuda_available()) EXPECT_EQ(registered_pairs(name, Device::cuda(), points, 3, radius, 8), expected) << name;
  }
}

}  // namespace
}  // namespace trackgnn
