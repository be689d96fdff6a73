// Brute force is the definition; the grid search must return exactly its edge set.
#include <gtest/gtest.h>

#include <random>

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
        points[i * cloud.dim + d] = cloud.clustered ? centres[(i % 5) * cloud.dim + d] + jitter(generator) : uniform(generator);
    const auto expected = search("brute_force", points, cloud.dim, cloud.radius, cloud.k);
    const auto found = search("grid", points, cloud.dim, cloud.radius, cloud.k);
    ASSERT_EQ(found, expected) << "n=" << cloud.n << " dim=" << cloud.dim << " repeat " << repeat;
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
