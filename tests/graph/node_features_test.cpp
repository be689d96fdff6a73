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

// A hand-made event, every feature with an offset: the model sees (value - offset) / scale.
TEST(NodeFeatures, OffsetsAndScalesGiveTheExpectedValues) {
  Spacepoints spacepoints = two_points();
  spacepoints.cell_count = {3.0f, 1.0f};
  spacepoints.cell_value = {0.6f, 1.0f};
  const std::vector<FeatureSpec> card{{"r", 20.0f, 10.0f},         {"phi", static_cast<float>(M_PI), 0.5f},
                                      {"z", 1000.0f, -100.0f},     {"eta", 2.0f, 0.5f},
                                      {"cell_count", 4.0f, 1.0f},  {"cell_value", 0.5f, 0.1f},
                                      {"x", 10.0f, 0.0f},          {"y", 8.0f, -8.0f}};
  std::vector<float> features, positions;
  build_node_features(spacepoints, card, features, positions);
  const std::size_t width = card.size();
  ASSERT_EQ(features.size(), 2 * width);
  // Hit 1: (30, 40, 100), r = 50 mm; hit 2: (0, -72, -500), r = 72 mm, phi = -pi/2.
  const float eta_1 = std::asinh(100.0f / 50.0f), eta_2 = std::asinh(-500.0f / 72.0f);
  const float expected[2][8] = {
      {(50.0f - 10.0f) / 20.0f, (std::atan2(40.0f, 30.0f) - 0.5f) / static_cast<float>(M_PI), (100.0f + 100.0f) / 1000.0f,
       (eta_1 - 0.5f) / 2.0f, (3.0f - 1.0f) / 4.0f, (0.6f - 0.1f) / 0.5f, 3.0f, (40.0f + 8.0f) / 8.0f},
      {(72.0f - 10.0f) / 20.0f, (static_cast<float>(-M_PI / 2) - 0.5f) / static_cast<float>(M_PI),
       (-500.0f + 100.0f) / 1000.0f, (eta_2 - 0.5f) / 2.0f, 0.0f, (1.0f - 0.1f) / 0.5f, 0.0f, (-72.0f + 8.0f) / 8.0f}};
  for (std::size_t hit = 0; hit < 2; ++hit)
    for (std::size_t f = 0; f < width; ++f)
      EXPECT_NEAR(features[hit * width + f], expected[hit][f], 1e-5f) << "hit " << hit << ", " << card[f].name;
  EXPECT_FLOAT_EQ(positions[0], 50.0f) << "positions stay in mm, whatever the card's offsets";
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
