#include "trackgnn/simulation/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "simulation/digitizer.hpp"
#include "simulation/particle_generator.hpp"
#include "simulation/propagator.hpp"
#include "simulation/random.hpp"
#include "simulation/scoring_weights.hpp"

namespace trackgnn::simulation {

namespace {

constexpr std::size_t kNoParticle = std::numeric_limits<std::size_t>::max();

struct SimulatedHit {
  double time = 0;  // path length / beta (mm); orders the hit ids
  std::size_t particle = kNoParticle;
  int rank = 0;     // along the particle's path
  std::size_t layer = 0;
  Measurement measurement;
  Vector3 true_position, true_momentum;
  std::size_t first_cell = 0, cell_count = 0;
};

class EventBuilder {
 public:
  EventBuilder(const Detector& detector, const SimulationConfig& config)
      : detector_(detector), config_(config), propagator_(detector, config), digitizer_(detector, config) {}

  Event build(std::uint64_t event_id, std::vector<Particle> particles, Random& random) {
    // Secondaries are appended while the loop runs and transported in turn; they do not
    // interact again, which bounds the cascade.
    const std::size_t primaries = particles.size();
    std::uint64_t next_secondary = 0;
    for (std::size_t i = 0; i < particles.size(); ++i) {
      interactions_.clear();
      transport(particles[i], i, i < primaries, random);
      const Particle parent = particles[i];
      for (const auto& interaction : interactions_)
        nuclear_secondaries(config_, parent, interaction.position, interaction.momentum, random, next_secondary,
                            particles);
    }
    add_noise(random);
    return assemble(event_id, std::move(particles));
  }

 private:
  static bool is_hadron(std::int32_t pdg_code) {
    const std::int32_t code = std::abs(pdg_code);
    return code == 211 || code == 321 || code == 2212;
  }

  void transport(Particle& particle, std::size_t index, bool may_interact, Random& random) {
    double mass = 0;
    particle_mass(particle.particle_type, mass);
    const Vector3 vertex{particle.vx, particle.vy, particle.vz};
    const Vector3 momentum{particle.px, particle.py, particle.pz};
    const double p = std::sqrt(momentum.x * momentum.x + momentum.y * momentum.y + momentum.z * momentum.z);
    const double beta = p / std::sqrt(p * p + mass * mass);
    crossings_.clear();
    propagator_.propagate(vertex, momentum, particle.charge, mass, may_interact && is_hadron(particle.particle_type),
                          random, crossings_, interactions_);
    int rank = 0;
    for (const auto& crossing : crossings_) {
      SimulatedHit hit;
      hit.first_cell = cells_.size();
      if (!digitizer_.measure(crossing.module, crossing.position, crossing.momentum, random, hit.measurement, cells_))
        continue;
      hit.cell_count = cells_.size() - hit.first_cell;
      hit.time = crossing.path_length / beta;
      hit.particle = index;
      hit.rank = rank++;
      hit.layer = crossing.layer;
      hit.true_position = crossing.position;
      hit.true_momentum = crossing.momentum;
      hits_.push_back(hit);
    }
    particle.nhits = rank;
  }

  // Noise per volume in proportion to the volume's signal hits times its real noise odds
  // (share / (1 - share)), scaled so that noise is config.noise_fraction of all hits.
  void add_noise(Random& random) {
    const std::size_t signal = hits_.size();
    const auto& shares = config_.noise_share_by_volume;
    std::vector<double> weights(shares.size(), 0);
    for (const auto& hit : hits_) {
      const std::int32_t volume = detector_.layers()[hit.layer].volume_id;
      for (std::size_t v = 0; v < shares.size(); ++v)
        if (shares[v].first == volume) weights[v] += shares[v].second / (1 - shares[v].second);
    }
    double total_weight = 0;
    for (double weight : weights) total_weight += weight;
    const double noise = static_cast<double>(signal) * config_.noise_fraction / (1 - config_.noise_fraction);
    for (std::size_t v = 0; v < shares.size() && total_weight > 0; ++v) {
      const auto count = static_cast<std::size_t>(std::llround(noise * weights[v] / total_weight));
      for (std::size_t i = 0; i < count; ++i) add_noise_hit(shares[v].first, random);
    }
  }

  void add_noise_hit(std::int32_t volume_id, Random& random) {
    SimulatedHit hit;
    hit.first_cell = cells_.size();
    if (!digitizer_.noise(volume_id, random, hit.layer, hit.measurement, cells_)) return;
    hit.cell_count = cells_.size() - hit.first_cell;
    // Timed like a straight, fast particle from the origin, so that a noise hit's id is as
    // ordinary as its position.
    const Vector3& at = hit.measurement.position;
    hit.time = std::sqrt(at.x * at.x + at.y * at.y + at.z * at.z);
    hit.true_position = hit.measurement.position;
    hits_.push_back(hit);
  }

  Event assemble(std::uint64_t event_id, std::vector<Particle> particles) {
    std::vector<std::size_t> order(hits_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return hits_[a].time < hits_[b].time || (hits_[a].time == hits_[b].time && a < b);
    });

    Event event;
    event.event_id = event_id;
    Spacepoints& spacepoints = event.spacepoints;
    spacepoints.reserve(order.size());
    spacepoints.cell_count.reserve(order.size());
    spacepoints.cell_value.reserve(order.size());
    Truth truth;
    truth.particle_id.reserve(order.size());
    std::vector<WeightedHit> weighted;
    weighted.reserve(order.size());
    auto& cells = event.cells;
    for (std::size_t index = 0; index < order.size(); ++index) {
      const SimulatedHit& hit = hits_[order[index]];
      const Layer& layer = detector_.layers()[hit.layer];
      const Vector3& measured = hit.measurement.position;
      spacepoints.push_back(index + 1, static_cast<float>(measured.x), static_cast<float>(measured.y),
                            static_cast<float>(measured.z), layer.volume_id, layer.layer_id,
                            hit.measurement.module_id);
      // Summed in float, in cell order, as a reader of the -cells.csv file sums it.
      float charge = 0;
      for (std::size_t c = hit.first_cell; c < hit.first_cell + hit.cell_count; ++c) {
        cells.hit_index.push_back(static_cast<std::int32_t>(index));
        cells.ch0.push_back(cells_[c].ch0);
        cells.ch1.push_back(cells_[c].ch1);
        cells.value.push_back(cells_[c].value);
        charge += cells_[c].value;
      }
      spacepoints.cell_count.push_back(static_cast<float>(hit.cell_count));
      spacepoints.cell_value.push_back(charge);

      const bool noise = hit.particle == kNoParticle;
      truth.particle_id.push_back(noise ? 0 : particles[hit.particle].particle_id);
      truth.tx.push_back(static_cast<float>(hit.true_position.x));
      truth.ty.push_back(static_cast<float>(hit.true_position.y));
      truth.tz.push_back(static_cast<float>(hit.true_position.z));
      truth.tpx.push_back(static_cast<float>(hit.true_momentum.x));
      truth.tpy.push_back(static_cast<float>(hit.true_momentum.y));
      truth.tpz.push_back(static_cast<float>(hit.true_momentum.z));
      weighted.push_back({noise ? 0 : hit.particle, noise, hit.rank});
    }
    spacepoints.derive_cylindrical();

    std::vector<int> particle_hits;
    std::vector<double> particle_pt;
    for (const auto& particle : particles) {
      particle_hits.push_back(particle.nhits);
      particle_pt.push_back(std::hypot(static_cast<double>(particle.px), static_cast<double>(particle.py)));
    }
    truth.weight = scoring_weights(weighted, particle_hits, particle_pt);
    truth.particles = std::move(particles);
    event.truth = std::move(truth);
    return event;
  }

  const Detector& detector_;
  const SimulationConfig& config_;
  Propagator propagator_;
  Digitizer digitizer_;
  std::vector<Crossing> crossings_;
  std::vector<Interaction> interactions_;
  std::vector<SimulatedHit> hits_;
  std::vector<CellRecord> cells_;
};

}  // namespace

Simulator::Simulator(Detector detector, SimulationConfig config)
    : detector_(std::move(detector)), config_(std::move(config)) {
  config_.validate();
  if (detector_.layers().empty()) throw std::invalid_argument("simulator: the detector has no layers");
}

Event Simulator::simulate(std::uint64_t event_id) const {
  Random random(Random::mix(config_.seed, event_id));
  auto particles = generate_collision(config_, random);
  return EventBuilder(detector_, config_).build(event_id, std::move(particles), random);
}

Event Simulator::simulate_particles(std::uint64_t event_id, const std::vector<Particle>& particles) const {
  std::unordered_set<std::uint64_t> ids;
  for (const auto& particle : particles) {
    const std::string name = "particle " + std::to_string(particle.particle_id);
    double mass = 0;
    if (particle.particle_id == 0 || !ids.insert(particle.particle_id).second)
      throw std::invalid_argument(name + ": particle ids must be non-zero and unique");
    if (particle.charge == 0) throw std::invalid_argument(name + ": only charged particles leave hits");
    if (!particle_mass(particle.particle_type, mass))
      throw std::invalid_argument(name + ": unknown PDG code " + std::to_string(particle.particle_type));
    for (float value : {particle.vx, particle.vy, particle.vz, particle.px, particle.py, particle.pz})
      if (!std::isfinite(value)) throw std::invalid_argument(name + ": vertex and momentum must be finite");
  }
  Random random(Random::mix(config_.seed, event_id));
  return EventBuilder(detector_, config_).build(event_id, particles, random);
}

}  // namespace trackgnn::simulation
