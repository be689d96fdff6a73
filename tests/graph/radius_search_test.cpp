// Brute force is the definition; the CPU searches ("grid", a k-d tree, and "cell_list") must
// return exactly its edge set.
#include "trackgnn/graph/radius_search.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "graph_construction/radius_search_registry.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

std::vector<std::int64_t> search(const std::string& method, const std::vector<float>& points, std::int64_t dim,
                                 float radius, std::int64_t k) {
  auto finder = RadiusSearchRegistry::instance().create(method, Device::cpu());
  Buffer<std::int64_t> edges;
  finder->search(points.data(), static_cast<std::int64_t>(points.size()) / dim, dim, {radius, k}, edges, {});
  return edges.to_host();
}

// The CPU searches that must equal brute force.
const std::vector<std::string> kCpuSearches{"grid", "cell_list"};

struct Cloud {
  std::int64_t n;
  std::int64_t dim;
  float radius;
  std::int64_t k;
  bool clustered;  // points on a few tight clusters: many candidates, k cap active
};

class GridMatchesBruteForce : public ::testing::TestWithParam<Cloud> {};

TEST_P(GridMatchesBruteForce, OnRandomClouds) {
  const Cloud cloud = GetParam();
  std::mt19937 generator(1234 + static_cast<unsigned>(cloud.n * 7 + cloud.dim));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::normal_distribution<float> jitter(0.0f, 0.02f);
  for (int repeat = 0; repeat < 3; ++repeat) {
    std::vector<float> points(static_cast<std::size_t>(cloud.n * cloud.dim));
    std::vector<float> centres(static_cast<std::size_t>(5 * cloud.dim));
    for (auto& c : centres) c = uniform(generator);
    for (std::int64_t i = 0; i < cloud.n; ++i)
      for (std::int64_t d = 0; d < cloud.dim; ++d)
        points[i * cloud.dim + d] =
            cloud.clustered ? centres[(i % 5) * cloud.dim + d] + jitter(generator) : uniform(generator);
    const auto expected = search("brute_force", points, cloud.dim, cloud.radius, cloud.k);
    for (const auto& method : kCpuSearches)
      ASSERT_EQ(search(method, points, cloud.dim, cloud.radius, cloud.k), expected)
          << method << " n=" << cloud.n << " dim=" << cloud.dim << " repeat " << repeat;
    if (cloud.n > 1) {
      EXPECT_GT(expected.size(), 0u) << "the cloud should have neighbours within the radius";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Clouds, GridMatchesBruteForce,
                         ::testing::Values(Cloud{0, 3, 0.1f, 10, false}, Cloud{2, 3, 5.0f, 10, false},
                                           Cloud{500, 2, 0.1f, 8, false}, Cloud{800, 3, 0.2f, 16, false},
                                           Cloud{600, 8, 0.6f, 12, false}, Cloud{400, 8, 0.08f, 5, true},
                                           Cloud{300, 12, 0.9f, 1000, false}, Cloud{300, 1, 0.01f, 3, false}));

// Copies of one place beyond the k + 1 that can be kept are no candidates in the grid search; the
// edges must still be brute force's: groups of copies larger and smaller than k + 1, copies of
// +0 and -0 (equal, but not the same bits), near-copies one float step apart, and lone points.
TEST(RadiusSearch, GridMatchesBruteForceOnCopiesOfAFewPlaces) {
  constexpr std::int64_t kDim = 3;
  std::mt19937 generator(99);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> places(5 * kDim);
  for (auto& coordinate : places) coordinate = uniform(generator);
  places[0] = 0.0f;
  std::vector<float> points;
  for (int i = 0; i < 700; ++i) {
    const int kind = static_cast<int>(generator() % 10);
    if (kind < 6) {  // a copy of place 0 or 1 (large groups), or of 2 to 4 (small ones)
      const int place = kind < 4 ? kind % 2 : 2 + static_cast<int>(generator() % 3);
      points.insert(points.end(), places.begin() + place * kDim, places.begin() + (place + 1) * kDim);
      if (place == 0 && generator() % 2 == 0) points[points.size() - kDim] = -0.0f;
    } else if (kind < 8) {  // one float step away from place 1
      points.insert(points.end(), places.begin() + kDim, places.begin() + 2 * kDim);
      points.back() = std::nextafter(points.back(), 2.0f);
    } else {
      for (std::int64_t d = 0; d < kDim; ++d) points.push_back(uniform(generator));
    }
  }
  for (const std::int64_t k : {1, 3, 16, 150, 1000})
    for (const float radius : {1e-6f, 0.3f, 1.5f})
      for (const auto& method : kCpuSearches)
        ASSERT_EQ(search(method, points, kDim, radius, k), search("brute_force", points, kDim, radius, k))
            << method << " k=" << k << " radius=" << radius;
}

// A dense cloud of distinct points (each a few float steps from one place, so no two are copies)
// with many ties in distance, and points with NaN or infinite coordinates (within no radius of
// anyone): the k-d tree's pruning must keep every point that ranks, ties by index included.
TEST(RadiusSearch, KdTreeMatchesBruteForceOnADenseJitteredCloudWithTiesAndNonFinitePoints) {
  constexpr std::int64_t kDim = 8, kPoints = 4000;
  std::mt19937 generator(7);
  std::vector<float> points(kPoints * kDim);
  for (std::int64_t i = 0; i < kPoints; ++i)
    for (std::int64_t d = 0; d < kDim; ++d) {
      float value = 0.25f;
      for (auto steps = generator() % 4; steps > 0; --steps) value = std::nextafter(value, 1.0f);
      points[i * kDim + d] = value;
    }
  points[5 * kDim + 2] = NAN;
  points[9 * kDim + 0] = INFINITY;
  points[11 * kDim + 7] = -INFINITY;
  for (const std::int64_t k : {1, 64})
    ASSERT_EQ(search("grid", points, kDim, 0.025f, k), search("brute_force", points, kDim, 0.025f, k)) << "k=" << k;
  const auto edges = search("grid", points, kDim, 0.025f, 64);
  for (const std::int64_t bad : {5, 9, 11})
    for (const std::int64_t end : edges) EXPECT_NE(end, bad);
}

// Every hit at one position (an event of 100,000 copies of one spacepoint): each point keeps the
// k lowest-index others, so there are k (k + 1) / 2 edges among the first k + 1 points and k from
// each further one, fewer than n k; the grid measures n (k + 1) distances to find them.
TEST(RadiusSearch, AllPointsAtOnePlaceGiveAtMostKEdgesPerPoint) {
  constexpr std::int64_t kPoints = 100'000, kDim = 8, kNeighbours = 64;
  std::vector<float> points(kPoints * kDim);
  for (std::int64_t i = 0; i < kPoints; ++i)
    for (std::int64_t d = 0; d < kDim; ++d) points[i * kDim + d] = 0.125f * static_cast<float>(d);
  for (const auto& method : kCpuSearches) {
    const auto edges = search(method, points, kDim, 0.025f, kNeighbours);
    const auto num_edges = static_cast<std::int64_t>(edges.size() / 2);
    EXPECT_EQ(num_edges, kNeighbours * (kNeighbours + 1) / 2 + (kPoints - kNeighbours - 1) * kNeighbours);
    EXPECT_LE(num_edges, kPoints * kNeighbours);
    // The last point's edges go to points 0 .. k - 1.
    EXPECT_EQ(edges[num_edges - 1], kNeighbours - 1);
    EXPECT_EQ(edges[2 * num_edges - 1], kPoints - 1);
  }
}

TEST(RadiusSearch, EdgesAreCanonicalPairsWithinRadius) {
  // Four points on a line, 1 apart; radius 1.5, k large: only neighbours 1 apart connect.
  const std::vector<float> points{0, 1, 2, 3};
  const auto edges = search("grid", points, 1, 1.5f, 10);
  const std::vector<std::int64_t> expected{0, 1, 2, /* targets */ 1, 2, 3};
  EXPECT_EQ(edges, expected);
}

TEST(RadiusSearch, KeepsOnlyTheNearestKOfEachPointButUnitesThePairs) {
  // Points at 0, 1, -2, 4 with k = 1. Each keeps its nearest: 0->1 (1), 1->0 (1), 2->0 (2),
  // 3->1 (3). The pairs united: {0,1}, {0,2}, {1,3}.
  const std::vector<float> points{0, 1, -2, 4};
  const auto edges = search("brute_force", points, 1, 10.0f, 1);
  const std::vector<std::int64_t> expected{0, 0, 1, 1, 2, 3};
  EXPECT_EQ(edges, expected);
  EXPECT_EQ(search("grid", points, 1, 10.0f, 1), expected);
}

TEST(RadiusSearch, UnknownMethodNamesTheKnownOnes) {
  try {
    RadiusSearchRegistry::instance().create("kd_tree", Device::cpu());
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("brute_force"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace trackgnn
