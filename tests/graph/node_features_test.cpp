#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "trackgnn/graph/node_features.hpp"

namespace trackgnn {
namespace {

Spacepoints two_points() {
  Spacepoints spacepoints;
  spacepoints.push_back(1, 30.0f, 40.0f, 100.0f, 8, 2, 1);
  spacepoints.push_back(2, 0.0f, -72.0f, -500.0f, 8, 4, 7);
  spacepoints.derive_cylindrical();
  return spacepoints;
}

TEST(NodeFeatures, ScaledAsTheCardSays) {
  std::vector<float> features, positions;
  build_node_features(two_points(), {{"r", 1000.0f}, {"phi", static_cast<float>(M_PI)}, {"z", 1000.0f}}, features, positions);
  ASSERT_EQ(features.size(), 6u);
  EXPECT_FLOAT_EQ(features[0], 0.05f);                                   // r = 50 mm
  EXPECT_FLOAT_EQ(features[1], std::atan2(40.0f, 30.0f) / static_cast<float>(M_PI));
  EXPECT_FLOAT_EQ(features[2], 0.1f);
  EXPECT_FLOAT_EQ(features[3], 0.072f);
  EXPECT_FLOAT_EQ(features[4], -0.5f);                                   // phi = -pi/2
  EXPECT_FLOAT_EQ(features[5], -0.5f);
  EXPECT_FLOAT_EQ(positions[3], 72.0f);
}

TEST(NodeFeatures, NonFiniteCoordinateIsAClearError) {
  Spacepoints spacepoints = two_points();
  spacepoints.z[1] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> features, positions;
  try {
    build_node_features(spacepoints, {{"r", 1.0f}}, features, positions);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("hit_id 2"), std::string::npos) << error.what();
  }
}

TEST(NodeFeatures, MissingCellFeatureIsAClearError) {
  std::vector<float> features, positions;
  EXPECT_THROW(build_node_features(two_points(), {{"cell_count", 1.0f}}, features, positions), std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
