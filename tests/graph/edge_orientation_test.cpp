// Undirected pairs become edges from the inner hit outwards; pairs of two hits at one position
// are dropped, the others kept in their order.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "graph_construction/edge_orientation.hpp"

namespace trackgnn {
namespace {

std::int64_t orient_on_host(std::vector<std::int64_t>& edge_index, const std::vector<float>& positions) {
  const std::int64_t kept = PerDevice<EdgeOrientation>::on(Device::cpu())
                                .orient_inner_to_outer(edge_index.data(), static_cast<std::int64_t>(edge_index.size() / 2),
                                                       positions.data(), nullptr);
  edge_index.resize(static_cast<std::size_t>(2 * kept));
  return kept;
}

// Rows (r [mm], phi, z [mm]).
const std::vector<float> kPositions = {
    100.0f, 0.1f, 10.0f,   // 0
    30.0f,  0.1f, 5.0f,    // 1
    30.0f,  0.2f, 5.0f,    // 2: same r as 1
    100.0f, 0.1f, 10.0f,   // 3: a copy of 0
    -0.0f,  0.0f, 0.0f,    // 4
    0.0f,   0.0f, 0.0f,    // 5: one place with 4 (+0 and -0)
};

TEST(EdgeOrientation, PutsTheInnerHitFirstTiesByIndex) {
  std::vector<std::int64_t> edges = {0, 2, 1,  // sources
                                     1, 1, 2};  // targets
  EXPECT_EQ(orient_on_host(edges, kPositions), 3);
  EXPECT_EQ(edges, (std::vector<std::int64_t>{1, 1, 1, 0, 2, 2}));
}

TEST(EdgeOrientation, DropsPairsAtOnePositionKeepingTheOrderOfTheRest) {
  std::vector<std::int64_t> edges = {0, 3, 2, 4, 1, 1,   // sources
                                     3, 1, 0, 5, 1, 0};  // targets
  EXPECT_EQ(orient_on_host(edges, kPositions), 3);
  EXPECT_EQ(edges, (std::vector<std::int64_t>{1, 2, 1,    // 3-1, 2-0 and 1-0, oriented
                                              3, 0, 0}));
}

TEST(EdgeOrientation, AllPairsAtOnePositionLeaveNoEdge) {
  std::vector<std::int64_t> edges = {0, 4, 3,   // sources
                                     3, 5, 0};  // targets
  EXPECT_EQ(orient_on_host(edges, kPositions), 0);
  EXPECT_TRUE(edges.empty());
}

}  // namespace
}  // namespace trackgnn
