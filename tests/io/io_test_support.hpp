#pragma once
// Shared helpers of the I/O tests: the scratch directory (temp_directory.hpp), small valid event
// files to break one at a time, exact event comparison, and an InputError matcher.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>

#include "temp_directory.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/event/event.hpp"

namespace trackgnn::io::testing {

using trackgnn::testing::TempDirectory;

inline void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

// A three-hit event (event 7): two hits of one particle and a noise hit, with cells.
inline const std::string kHits =
    "hit_id,x,y,z,volume_id,layer_id,module_id\n"
    "1,-76.566,-11.3673,-1502.5,7,2,1\n"
    "2,31.5,29.0,-100.25,8,4,88\n"
    "5,300,400,1200,13,6,1021\n";
inline const std::string kCells =
    "hit_id,ch0,ch1,value\n"
    "1,274,839,0.25\n"
    "2,10,20,0.5\n"
    "2,11,20,0.125\n"
    "5,1,2,1\n";
inline const std::string kParticles =
    "particle_id,particle_type,vx,vy,vz,px,py,pz,q,nhits\n"
    "4505867370102784,-211,-0.0176659,-0.00325473,2.81956,-0.0175291,-0.240424,-0.128744,-1,2\n";
inline const std::string kTruth =
    "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n"
    "1,4505867370102784,-76.572,-11.3739,-1502.5,-0.325051,-0.0705529,-7.13094,6.96929e-06\n"
    "2,4505867370102784,31.5,29.0,-100.25,0.1,0.2,0.3,0.5\n"
    "5,0,300,400,1200,0,0,0,0\n";
constexpr std::uint64_t kSmallEventId = 7;

// Writes the small event into `directory`; each file can then be replaced by a broken one.
inline void write_small_event(const std::filesystem::path& directory) {
  write_text(directory / "event000000007-hits.csv", kHits);
  write_text(directory / "event000000007-cells.csv", kCells);
  write_text(directory / "event000000007-particles.csv", kParticles);
  write_text(directory / "event000000007-truth.csv", kTruth);
}

// Runs `read` and checks that it throws an InputError naming `file` at `line` and saying `says`.
template <typename Read>
void expect_input_error(Read&& read, const std::filesystem::path& file, std::size_t line, const std::string& says) {
  try {
    read();
    ADD_FAILURE() << "expected an InputError for " << file << ":" << line << " (" << says << ")";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), file.string()) << error.what();
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_NE(std::string(error.what()).find(says), std::string::npos)
        << "message '" << error.what() << "' should say '" << says << "'";
    EXPECT_NE(std::string(error.what()).find(file.filename().string()), std::string::npos) << error.what();
  }
}

// Checks each particle's nhits (particles file) against its hits in the truth file, where
// particle id 0 marks noise; returns how many particles left hits.
inline std::size_t expect_nhits_count_truth_hits(const Truth& truth) {
  std::unordered_map<std::uint64_t, std::int32_t> hits_per_particle;
  for (const auto id : truth.particle_id)
    if (id != 0) ++hits_per_particle[id];
  for (const Particle& particle : truth.particles) {
    const auto found = hits_per_particle.find(particle.particle_id);
    EXPECT_EQ(found == hits_per_particle.end() ? 0 : found->second, particle.nhits) << "particle " << particle.particle_id;
  }
  return hits_per_particle.size();
}

// Bitwise-equal columns (floats compared with ==, so -0 equals 0 and nothing is NaN here).
inline void expect_events_equal(const Event& a, const Event& b) {
  EXPECT_EQ(a.event_id, b.event_id);
  const Spacepoints &p = a.spacepoints, &q = b.spacepoints;
  EXPECT_EQ(p.hit_id, q.hit_id);
  EXPECT_EQ(p.x, q.x);
  EXPECT_EQ(p.y, q.y);
  EXPECT_EQ(p.z, q.z);
  EXPECT_EQ(p.r, q.r);
  EXPECT_EQ(p.phi, q.phi);
  EXPECT_EQ(p.eta, q.eta);
  EXPECT_EQ(p.volume_id, q.volume_id);
  EXPECT_EQ(p.layer_id, q.layer_id);
  EXPECT_EQ(p.module_id, q.module_id);
  EXPECT_EQ(p.cell_count, q.cell_count);
  EXPECT_EQ(p.cell_value, q.cell_value);
  EXPECT_EQ(a.cells.hit_index, b.cells.hit_index);
  EXPECT_EQ(a.cells.ch0, b.cells.ch0);
  EXPECT_EQ(a.cells.ch1, b.cells.ch1);
  EXPECT_EQ(a.cells.value, b.cells.value);
  ASSERT_EQ(a.truth.has_value(), b.truth.has_value());
  if (!a.truth) return;
  const Truth &s = *a.truth, &t = *b.truth;
  EXPECT_EQ(s.particle_id, t.particle_id);
  EXPECT_EQ(s.tx, t.tx);
  EXPECT_EQ(s.ty, t.ty);
  EXPECT_EQ(s.tz, t.tz);
  EXPECT_EQ(s.tpx, t.tpx);
  EXPECT_EQ(s.tpy, t.tpy);
  EXPECT_EQ(s.tpz, t.tpz);
  EXPECT_EQ(s.weight, t.weight);
  ASSERT_EQ(s.particles.size(), t.particles.size());
  for (std::size_t i = 0; i < s.particles.size(); ++i) {
    const Particle &u = s.particles[i], &v = t.particles[i];
    EXPECT_EQ(u.particle_id, v.particle_id);
    EXPECT_EQ(u.particle_type, v.particle_type);
    EXPECT_EQ(u.vx, v.vx);
    EXPECT_EQ(u.vy, v.vy);
    EXPECT_EQ(u.vz, v.vz);
    EXPECT_EQ(u.px, v.px);
    EXPECT_EQ(u.py, v.py);
    EXPECT_EQ(u.pz, v.pz);
    EXPECT_EQ(u.charge, v.charge);
    EXPECT_EQ(u.nhits, v.nhits);
  }
}

}  // namespace trackgnn::io::testing
