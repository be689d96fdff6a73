#pragma once
// Events with random finite floats over the whole float range (all exponents, subnormals, -0),
// for exact round-trip tests.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "trackgnn/event/event.hpp"

namespace trackgnn::io::testing {

class RandomEventMaker {
 public:
  explicit RandomEventMaker(std::uint32_t seed) : engine_(seed) {}

  Event make(std::uint64_t event_id, std::size_t num_hits, std::size_t num_particles, bool cells, bool truth) {
    Event event;
    event.event_id = event_id;
    Spacepoints& hits = event.spacepoints;
    std::uniform_int_distribution<std::int32_t> small_int(-1000, 1000);
    std::uniform_int_distribution<std::int64_t> any_int64(std::numeric_limits<std::int64_t>::min(),
                                                          std::numeric_limits<std::int64_t>::max());
    std::uint64_t id = 0;
    for (std::size_t i = 0; i < num_hits; ++i) {
      id += 1 + engine_() % 1000;  // unique, with gaps as in real events
      hits.push_back(id, any_float(), any_float(), any_float(), small_int(engine_), small_int(engine_),
                     any_int64(engine_));
    }
    hits.derive_cylindrical();
    if (cells && num_hits > 0) {
      hits.cell_count.assign(num_hits, 0.0f);
      hits.cell_value.assign(num_hits, 0.0f);
      for (std::size_t i = 0; i < 2 * num_hits; ++i) {
        const auto hit = static_cast<std::int32_t>(engine_() % num_hits);
        // Charges with few significant bits sum exactly, whatever the order of summation.
        const float value = static_cast<float>(engine_() % 1024) / 64.0f;
        event.cells.hit_index.push_back(hit);
        event.cells.ch0.push_back(small_int(engine_));
        event.cells.ch1.push_back(small_int(engine_));
        event.cells.value.push_back(value);
        hits.cell_count[static_cast<std::size_t>(hit)] += 1.0f;
        hits.cell_value[static_cast<std::size_t>(hit)] += value;
      }
    }
    if (truth) {
      Truth& t = event.truth.emplace();
      for (std::size_t p = 0; p < num_particles; ++p) {
        Particle particle;
        particle.particle_id = (static_cast<std::uint64_t>(engine_()) << 32 | engine_()) | 1u;
        particle.particle_type = small_int(engine_);
        particle.vx = any_float();
        particle.vy = any_float();
        particle.vz = any_float();
        particle.px = any_float();
        particle.py = any_float();
        particle.pz = any_float();
        particle.charge = small_int(engine_) % 2;
        particle.nhits = small_int(engine_);
        t.particles.push_back(particle);
      }
      for (std::size_t i = 0; i < num_hits; ++i) {
        const bool noise = num_particles == 0 || engine_() % 4 == 0;
        t.particle_id.push_back(noise ? 0 : t.particles[engine_() % num_particles].particle_id);
        for (auto* column : {&t.tx, &t.ty, &t.tz, &t.tpx, &t.tpy, &t.tpz, &t.weight}) column->push_back(any_float());
      }
    }
    return event;
  }

  // A finite float with uniformly random bits: every exponent is equally likely.
  float any_float() {
    for (;;) {
      const std::uint32_t bits = static_cast<std::uint32_t>(engine_());
      float value;
      std::memcpy(&value, &bits, sizeof value);
      if (std::isfinite(value)) return value;
    }
  }

 private:
  std::mt19937 engine_;
};

}  // namespace trackgnn::io::testing
