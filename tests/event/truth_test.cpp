#include "trackgnn/event/truth.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace trackgnn {
namespace {

Particle particle(std::uint64_t id, float px, float py, float pz) {
  Particle p;
  p.particle_id = id;
  p.px = px;
  p.py = py;
  p.pz = pz;
  return p;
}

TEST(Particle, TransverseMomentumAndPseudorapidity) {
  const Particle central = particle(1, 3.0f, -4.0f, 0.0f);
  EXPECT_FLOAT_EQ(central.pt(), 5.0f);
  EXPECT_FLOAT_EQ(central.eta(), 0.0f);

  // pz = pT sinh(eta)
  const Particle forward = particle(2, 0.6f, 0.8f, static_cast<float>(std::sinh(2.0)));
  EXPECT_FLOAT_EQ(forward.pt(), 1.0f);
  EXPECT_NEAR(forward.eta(), 2.0f, 1e-6f);
  EXPECT_NEAR(particle(3, 0.6f, 0.8f, -static_cast<float>(std::sinh(2.0))).eta(), -2.0f, 1e-6f);
}

TEST(Particle, AlongTheBeamHasInfiniteEta) {
  EXPECT_TRUE(std::isinf(particle(1, 0.0f, 0.0f, 3.0f).eta()));
  EXPECT_GT(particle(1, 0.0f, 0.0f, 3.0f).eta(), 0.0f);
  EXPECT_LT(particle(1, 0.0f, 0.0f, -3.0f).eta(), 0.0f);
  EXPECT_EQ(particle(1, 0.0f, 0.0f, 0.0f).eta(), 0.0f);
}

TEST(Truth, ParticleIndexMapsIdsToPositions) {
  Truth truth;
  truth.particles = {particle(4505867370102784ULL, 1, 0, 0), particle(7, 0, 1, 0), particle(99, 1, 1, 0)};
  const auto index = truth.particle_index();
  ASSERT_EQ(index.size(), 3u);
  EXPECT_EQ(index.at(4505867370102784ULL), 0u);
  EXPECT_EQ(index.at(7), 1u);
  EXPECT_EQ(index.at(99), 2u);
  EXPECT_EQ(index.count(0), 0u) << "noise (particle 0) is not a particle";
}

}  // namespace
}  // namespace trackgnn
