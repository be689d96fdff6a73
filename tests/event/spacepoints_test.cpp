#include "trackgnn/event/spacepoints.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace trackgnn {
namespace {

Spacepoints one_point(float x, float y, float z) {
  Spacepoints points;
  points.push_back(1, x, y, z, 8, 2, 100);
  points.derive_cylindrical();
  return points;
}

TEST(Spacepoints, PushBackFillsEveryBaseColumn) {
  Spacepoints points;
  points.reserve(2);
  points.push_back(42, 1.5f, -2.5f, 30.0f, 7, 4, 123456789012LL);
  points.push_back(43, 0.0f, 1.0f, -3.0f, 9, 6, 5);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points.hit_id[0], 42u);
  EXPECT_EQ(points.y[0], -2.5f);
  EXPECT_EQ(points.z[1], -3.0f);
  EXPECT_EQ(points.volume_id[1], 9);
  EXPECT_EQ(points.layer_id[0], 4);
  EXPECT_EQ(points.module_id[0], 123456789012LL);
  EXPECT_TRUE(points.r.empty()) << "derived columns are filled only by derive_cylindrical";
  EXPECT_FALSE(points.has_cells());
}

TEST(Spacepoints, BarrelPointAtZEqualZeroHasZeroEta) {
  const auto p = one_point(3.0f, 4.0f, 0.0f);
  EXPECT_FLOAT_EQ(p.r[0], 5.0f);
  EXPECT_FLOAT_EQ(p.phi[0], std::atan2(4.0f, 3.0f));
  EXPECT_FLOAT_EQ(p.eta[0], 0.0f);
}

TEST(Spacepoints, EtaFollowsFromThePolarAngle) {
  // z = r sinh(eta): a point at r = 2 mm and eta = 1.5 lies at z = 2 sinh(1.5).
  const auto forward = one_point(0.0f, 2.0f, static_cast<float>(2.0 * std::sinh(1.5)));
  EXPECT_FLOAT_EQ(forward.r[0], 2.0f);
  EXPECT_FLOAT_EQ(forward.phi[0], static_cast<float>(M_PI / 2));
  EXPECT_NEAR(forward.eta[0], 1.5f, 1e-6f);

  // The same through theta, as the definition eta = -ln tan(theta / 2) has it.
  const auto backward = one_point(-300.0f, -400.0f, -1200.0f);
  const double theta = std::atan2(500.0, -1200.0);
  EXPECT_NEAR(backward.eta[0], -std::log(std::tan(theta / 2)), 1e-6);
  EXPECT_LT(backward.eta[0], 0.0f);
  EXPECT_FLOAT_EQ(backward.phi[0], static_cast<float>(std::atan2(-400.0, -300.0)));
}

TEST(Spacepoints, PhiStaysInsideMinusPiExclusiveToPiInclusive) {
  // atan2(-0, -1) is -pi; the documented range (-pi, pi] maps it to +pi.
  const auto p = one_point(-1.0f, -0.0f, 0.0f);
  EXPECT_FLOAT_EQ(p.phi[0], static_cast<float>(M_PI));
  EXPECT_FLOAT_EQ(one_point(-1.0f, 0.0f, 0.0f).phi[0], static_cast<float>(M_PI));
  EXPECT_FLOAT_EQ(one_point(0.0f, -1.0f, 0.0f).phi[0], static_cast<float>(-M_PI / 2));
}

TEST(Spacepoints, PointOnTheBeamAxisHasInfiniteEta) {
  EXPECT_EQ(one_point(0.0f, 0.0f, 5.0f).eta[0], std::numeric_limits<float>::infinity());
  EXPECT_EQ(one_point(0.0f, 0.0f, -5.0f).eta[0], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(one_point(0.0f, 0.0f, 0.0f).eta[0], 0.0f);
}

TEST(Spacepoints, DeriveCylindricalResizesToTheNumberOfPoints) {
  Spacepoints points;
  for (int i = 0; i < 5; ++i) points.push_back(static_cast<std::uint64_t>(i), 1.0f * i, 1.0f, 0.0f, 0, 0, 0);
  points.derive_cylindrical();
  points.derive_cylindrical();  // idempotent, no growth
  EXPECT_EQ(points.r.size(), 5u);
  EXPECT_EQ(points.phi.size(), 5u);
  EXPECT_EQ(points.eta.size(), 5u);
  EXPECT_FLOAT_EQ(points.r[4], std::hypot(4.0f, 1.0f));
}

}  // namespace
}  // namespace trackgnn
