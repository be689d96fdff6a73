// Whole events: TrackML-like size at pileup 200, byte-identical files for the same seed, hit ids
// that follow each particle's path, and a lossless round trip through the TrackML CSV files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <set>

#include "io/io_test_support.hpp"
#include "simulation_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn::simulation {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;
using testing::hits_by_particle;
using testing::ideal_config;

SimulationConfig with_pileup(SimulationConfig config, double pileup) {
  config.pileup = pileup;
  return config;
}

// TrackML's pixel volumes: the inner endcap, barrel and endcap.
bool is_pixel_volume(std::int32_t volume_id) { return volume_id == 7 || volume_id == 8 || volume_id == 9; }

// One default pileup-200 event, made once for the tests that look at it.
const Event& pileup_200_event() {
  static const Event event = Simulator(Detector::trackml(), SimulationConfig{}).simulate(1);
  return event;
}

TEST(SimulatedEvent, Pileup200LooksLikeATrackmlEvent) {
  const Event& event = pileup_200_event();
  const auto& sp = event.spacepoints;
  const auto& truth = *event.truth;
  // Real pileup-200 TrackML events hold 107.7k hits on average.
  EXPECT_GE(sp.size(), 90000u);
  EXPECT_LE(sp.size(), 125000u);

  // Hit ids are 1..N; everything is aligned.
  for (std::size_t i = 0; i < sp.size(); ++i) ASSERT_EQ(sp.hit_id[i], i + 1);
  ASSERT_EQ(truth.particle_id.size(), sp.size());
  ASSERT_EQ(sp.cell_count.size(), sp.size());

  const auto noise = std::count(truth.particle_id.begin(), truth.particle_id.end(), 0u);
  EXPECT_NEAR(static_cast<double>(noise) / sp.size(), SimulationConfig{}.noise_fraction, 1e-3);

  // A soft spectrum: most particles below 1 GeV, and loopers among them.
  std::size_t soft = 0, loopers = 0;
  for (const auto& particle : truth.particles) soft += particle.pt() < 1.0f;
  EXPECT_GT(static_cast<double>(soft) / truth.particles.size(), 0.75);
  EXPECT_GT(truth.particles.size(), 6000u);
  const auto hits = hits_by_particle(event);
  for (const auto& [id, indices] : hits) {
    for (std::size_t k = 1; k < indices.size(); ++k) {
      if (sp.r[indices[k]] < sp.r[indices[k - 1]] - 1 && sp.volume_id[indices[k]] == sp.volume_id[indices[k - 1]]) {
        ++loopers;
        break;
      }
    }
  }
  EXPECT_GT(loopers, 100u) << "particles that curl back inwards";

  // nhits in the particle table counts the hits; weights sum to 1 and noise weighs nothing.
  std::size_t counted = 0;
  for (const auto& particle : truth.particles) counted += particle.nhits;
  EXPECT_EQ(counted, sp.size() - noise);
  double total_weight = 0;
  for (std::size_t i = 0; i < sp.size(); ++i) {
    total_weight += truth.weight[i];
    if (truth.particle_id[i] == 0) ASSERT_EQ(truth.weight[i], 0.0f);
  }
  EXPECT_NEAR(total_weight, 1.0, 1e-4);
  // Every hit, noise included, has a cluster of at least one cell.
  for (std::size_t i = 0; i < sp.size(); ++i) ASSERT_GE(sp.cell_count[i], 1.0f);
}

// Nuclear interactions that absorb a particle end its track early: in the real sample 10 of the 84
// pT > 0.5 GeV primaries at 1 < |eta| < 2.6 (12%) leave their last hit in the pixels (the band is
// two of that count's binomial errors).
TEST(SimulatedEvent, ForwardTracksEndInThePixelsAsOftenAsInRealData) {
  const Event& event = pileup_200_event();
  const auto& sp = event.spacepoints;
  const auto& truth = *event.truth;
  const auto index = truth.particle_index();
  std::size_t forward = 0, ended_in_pixels = 0;
  for (auto [id, hits] : hits_by_particle(event)) {
    const Particle& particle = truth.particles[index.at(id)];
    const double abs_eta = std::abs(std::asinh(particle.pz / particle.pt()));
    if (std::hypot(particle.vx, particle.vy) > 10.0f || particle.pt() <= 0.5f || abs_eta <= 1.0 || abs_eta >= 2.6)
      continue;
    auto distance = [&](std::size_t i) {
      return std::hypot(sp.x[i] - particle.vx, sp.y[i] - particle.vy, sp.z[i] - particle.vz);
    };
    const std::size_t last =
        *std::max_element(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
    ++forward;
    ended_in_pixels += is_pixel_volume(sp.volume_id[last]);
  }
  ASSERT_GT(forward, 1000u);
  EXPECT_NEAR(static_cast<double>(ended_in_pixels) / forward, 0.12, 0.07) << ended_in_pixels << " of " << forward;
}

TEST(SimulatedEvent, PixelClustersGrowWithTheIncidenceAngle) {
  // A steep track crosses many 56 um pixel rows of a 150 um sensor: ~ 0.15 * |sinh(eta)| / 0.05625.
  const Simulator simulator(Detector::trackml(), ideal_config());
  const Event central = simulator.simulate_particles(1, {testing::gun_particle(1, 1, 5.0, 0.0, 0.3)});
  const Event steep = simulator.simulate_particles(1, {testing::gun_particle(1, 1, 5.0, 2.0, 0.3)});
  EXPECT_EQ(central.spacepoints.cell_count.front(), 1.0f);
  EXPECT_NEAR(steep.spacepoints.cell_count.front(), 0.15 * std::sinh(2.0) / 0.05625, 1.5);
  EXPECT_NEAR(steep.spacepoints.cell_value.front() / central.spacepoints.cell_value.front(), std::cosh(2.0),
              0.3 * std::cosh(2.0)) << "charge grows with the path in silicon (Landau-spread)";
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(SimulatedEvent, SameSeedGivesByteIdenticalFiles) {
  const SimulationConfig config = with_pileup(SimulationConfig{}, 10);
  TempDirectory first, second, other_seed;
  io::write_event(Simulator(Detector::trackml(), config).simulate(5), first.path());
  io::write_event(Simulator(Detector::trackml(), config).simulate(5), second.path());
  SimulationConfig reseeded = config;
  reseeded.seed = config.seed + 1;
  io::write_event(Simulator(Detector::trackml(), reseeded).simulate(5), other_seed.path());
  for (const std::string suffix : {"hits", "cells", "particles", "truth"}) {
    const std::string name = "event000000005-" + suffix + ".csv";
    const std::string bytes = file_bytes(first / name);
    EXPECT_GT(bytes.size(), 1000u) << name;
    EXPECT_EQ(bytes, file_bytes(second / name)) << name;
    EXPECT_NE(bytes, file_bytes(other_seed / name)) << name;
  }
  Detector::trackml().write_csv(first / "detectors.csv");
  Detector::trackml().write_csv(second / "detectors.csv");
  EXPECT_EQ(file_bytes(first / "detectors.csv"), file_bytes(second / "detectors.csv"));
}

TEST(SimulatedEvent, EventsDependOnlyOnSeedAndEventId) {
  const Simulator simulator(Detector::trackml(), with_pileup(SimulationConfig{}, 5));
  const Event later_first = simulator.simulate(9);
  simulator.simulate(8);
  io::testing::expect_events_equal(later_first, simulator.simulate(9));
  EXPECT_NE(simulator.simulate(8).spacepoints.x, later_first.spacepoints.x);
}

TEST(SimulatedEvent, HitIdsFollowEachParticlesPath) {
  // Exact without scattering: the transverse path length s = (z - vz) pT / pz grows with hit_id.
  {
    const Event event = Simulator(Detector::trackml(), with_pileup(ideal_config(), 20)).simulate(3);
    const auto index = event.truth->particle_index();
    std::size_t checked = 0;
    for (const auto& [id, hits] : hits_by_particle(event)) {
      const Particle& particle = event.truth->particles[index.at(id)];
      const double pt = particle.pt();
      if (std::abs(particle.pz) < 0.01 * pt) continue;  // nearly transverse: z resolves no order
      for (std::size_t k = 1; k < hits.size(); ++k) {
        const double before = (event.truth->tz[hits[k - 1]] - particle.vz) * pt / particle.pz;
        const double after = (event.truth->tz[hits[k]] - particle.vz) * pt / particle.pz;
        ASSERT_GT(after, before) << "particle " << id;
        ++checked;
      }
    }
    EXPECT_GT(checked, 5000u);
  }
  // With scattering (and every crossing measured, since an unmeasured one scatters too): between
  // two hits the particle moves in z along the z momentum it arrives with.
  {
    SimulationConfig config = with_pileup(SimulationConfig{}, 20);
    config.pixel.hit_efficiency = config.short_strip.hit_efficiency = config.long_strip.hit_efficiency = 1;
    const Event event = Simulator(Detector::trackml(), config).simulate(4);
    const auto& truth = *event.truth;
    std::size_t checked = 0;
    for (const auto& [id, hits] : hits_by_particle(event)) {
      for (std::size_t k = 1; k < hits.size(); ++k) {
        const double dz = truth.tz[hits[k]] - truth.tz[hits[k - 1]];
        if (std::abs(dz) < 1e-2) continue;  // below the float resolution of z
        ASSERT_GT(dz * truth.tpz[hits[k]], 0.0) << "particle " << id;
        ++checked;
      }
    }
    EXPECT_GT(checked, 5000u);
  }
}

TEST(SimulatedEvent, WriteThenReadLosesNothing) {
  const Event original = Simulator(Detector::trackml(), with_pileup(SimulationConfig{}, 10)).simulate(12);
  TempDirectory directory;
  io::write_event(original, directory.path());
  io::testing::expect_events_equal(original, io::read_event(directory.path(), 12));
}

TEST(SimulatedEvent, BadGunParticlesAndConfigurationsAreRejected) {
  const Simulator simulator(Detector::trackml(), ideal_config());
  Particle neutral = testing::gun_particle(1, 1, 1.0, 0.0, 0.0);
  neutral.charge = 0;
  EXPECT_THROW(simulator.simulate_particles(1, {neutral}), std::invalid_argument);
  EXPECT_THROW(simulator.simulate_particles(1, {testing::gun_particle(0, 1, 1.0, 0.0, 0.0)}), std::invalid_argument);
  EXPECT_THROW(simulator.simulate_particles(
                   1, {testing::gun_particle(3, 1, 1.0, 0.0, 0.0), testing::gun_particle(3, -1, 1.0, 0.0, 0.0)}),
               std::invalid_argument);
  Particle unknown = testing::gun_particle(1, 1, 1.0, 0.0, 0.0);
  unknown.particle_type = 22;
  EXPECT_THROW(simulator.simulate_particles(1, {unknown}), std::invalid_argument);

  SimulationConfig bad;
  bad.noise_fraction = 1.0;
  EXPECT_THROW(Simulator(Detector::trackml(), bad), std::invalid_argument);
  bad = SimulationConfig{};
  bad.minimum_bias.pt_power = 2.5;
  EXPECT_THROW(Simulator(Detector::trackml(), bad), std::invalid_argument);
  bad = SimulationConfig{};
  bad.magnetic_field = 0;
  EXPECT_THROW(Simulator(Detector::trackml(), bad), std::invalid_argument);
  EXPECT_THROW(parse_hard_scatter("wbb"), std::invalid_argument);
}

// With the real modules, a particle crossing two overlapping modules leaves two hits on one layer,
// and particles born in material do not point back to the beam line, at the rates of the real
// sample: 145 of its 571 consecutive-hit pairs of pT > 1 GeV particles (25%) are same-layer
// pairs, and 22% of its particles that left hits were produced at r > 10 mm.
TEST(SimulatedEvent, RealModulesGiveSameLayerPairsAndSecondariesAsInRealData) {
  const Event event = Simulator(Detector::from_csv(default_detector_file()), with_pileup(SimulationConfig{}, 60)).simulate(1);
  const auto& sp = event.spacepoints;
  const auto& truth = *event.truth;
  const auto index = truth.particle_index();
  std::size_t pairs = 0, same_layer = 0, with_hits = 0, secondaries = 0;
  for (auto [id, hits] : hits_by_particle(event)) {
    const Particle& particle = truth.particles[index.at(id)];
    ++with_hits;
    secondaries += std::hypot(particle.vx, particle.vy) > 10.0f;
    if (particle.pt() <= 1.0f) continue;
    auto distance = [&](std::size_t i) {
      return std::hypot(sp.x[i] - particle.vx, sp.y[i] - particle.vy, sp.z[i] - particle.vz);
    };
    std::sort(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
    for (std::size_t k = 1; k < hits.size(); ++k) {
      ++pairs;
      same_layer += sp.volume_id[hits[k]] == sp.volume_id[hits[k - 1]] && sp.layer_id[hits[k]] == sp.layer_id[hits[k - 1]];
    }
  }
  ASSERT_GT(pairs, 1000u);
  const double same_layer_fraction = static_cast<double>(same_layer) / pairs;
  const double secondary_fraction = static_cast<double>(secondaries) / with_hits;
  EXPECT_NEAR(same_layer_fraction, 0.254, 0.05) << same_layer << " of " << pairs;
  EXPECT_NEAR(secondary_fraction, 0.22, 0.06) << secondaries << " of " << with_hits;
}

}  // namespace
}  // namespace trackgnn::simulation
