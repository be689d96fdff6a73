#pragma once
// Monte-Carlo truth of one event (TrackML -truth.csv and -particles.csv). Units: mm, GeV.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace trackgnn {

// PDG code 0: the species is not known (TrackML files in the Kaggle layout have no particle_type).
constexpr std::int32_t kUnknownParticleType = 0;

struct Particle {
  std::uint64_t particle_id = 0;
  std::int32_t particle_type = kUnknownParticleType;  // PDG code
  float vx = 0, vy = 0, vz = 0;     // production vertex, mm
  float px = 0, py = 0, pz = 0;     // GeV
  std::int32_t charge = 0;          // units of e
  std::int32_t nhits = 0;

  float pt() const;
  float eta() const;
};

struct Truth {
  // Aligned with the event's spacepoints (index i describes spacepoint i); particle 0 is noise.
  std::vector<std::uint64_t> particle_id;
  std::vector<float> tx, ty, tz;      // true intersection, mm
  std::vector<float> tpx, tpy, tpz;   // true momentum at the hit, GeV
  std::vector<float> weight;          // TrackML scoring weight
  std::vector<Particle> particles;

  bool empty() const { return particle_id.empty(); }
  // particle_id -> index into `particles`.
  std::unordered_map<std::uint64_t, std::size_t> particle_index() const;
};

}  // namespace trackgnn
