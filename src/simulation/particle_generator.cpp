#include "simulation/particle_generator.hpp"

#include "simulation/deflection.hpp"

#include <cmath>
#include <cstdlib>

namespace trackgnn::simulation {

namespace {

// PDG codes and masses (GeV, PDG 2022) of the species generated or accepted by the gun.
constexpr std::int32_t kElectron = 11, kMuon = 13, kPion = 211, kKaon = 321, kProton = 2212;
constexpr double kElectronMass = 0.51099895e-3, kMuonMass = 0.1056583755, kPionMass = 0.13957039,
                 kKaonMass = 0.493677, kProtonMass = 0.93827208816;

// Inverse-CDF sampling of dN/dpT ~ pT (1 + pT/p0)^-n between pt_min and pt_max. With
// u = 1 + pT/p0 the integral is p0^2 (u^(2-n)/(2-n) - u^(1-n)/(1-n)); it is inverted by
// bisection in log pT, to a relative precision far below any physics effect.
class PtSpectrum {
 public:
  explicit PtSpectrum(const VertexSpectrum& spectrum) : spectrum_(spectrum) {
    low_ = integral(spectrum.pt_min);
    high_ = integral(spectrum.pt_max);
  }

  double sample(Random& random) const {
    const double target = low_ + random.uniform() * (high_ - low_);
    double lo = std::log(spectrum_.pt_min), hi = std::log(spectrum_.pt_max);
    for (int i = 0; i < kBisections; ++i) {
      const double mid = 0.5 * (lo + hi);
      (integral(std::exp(mid)) < target ? lo : hi) = mid;
    }
    return std::exp(0.5 * (lo + hi));
  }

 private:
  static constexpr int kBisections = 48;  // interval / 2^48: ~1e-14 in log pT

  double integral(double pt) const {
    const double n = spectrum_.pt_power;
    const double u = 1 + pt / spectrum_.pt_scale;
    return std::pow(u, 2 - n) / (2 - n) - std::pow(u, 1 - n) / (1 - n);
  }

  VertexSpectrum spectrum_;
  double low_, high_;
};

Particle make_particle(std::uint64_t id, std::int32_t type, std::int32_t charge, const Vector3& vertex,
                       const Vector3& momentum) {
  Particle particle;
  particle.particle_id = id;
  particle.particle_type = type;
  particle.charge = charge;
  particle.vx = static_cast<float>(vertex.x);
  particle.vy = static_cast<float>(vertex.y);
  particle.vz = static_cast<float>(vertex.z);
  particle.px = static_cast<float>(momentum.x);
  particle.py = static_cast<float>(momentum.y);
  particle.pz = static_cast<float>(momentum.z);
  return particle;
}

std::int32_t draw_species(const SimulationConfig& config, Random& random) {
  const double u = random.uniform();
  if (u < config.kaon_fraction) return kKaon;
  if (u < config.kaon_fraction + config.proton_fraction) return kProton;
  return kPion;
}

void add_vertex(const SimulationConfig& config, const VertexSpectrum& spectrum, std::uint64_t vertex_number,
                Random& random, std::vector<Particle>& particles) {
  const double vx = config.vertex_sigma_xy * random.gaussian();
  const double vy = config.vertex_sigma_xy * random.gaussian();
  const double vz = config.vertex_sigma_z * random.gaussian();
  const PtSpectrum pt_spectrum(spectrum);
  const auto multiplicity = random.poisson(spectrum.mean_multiplicity());
  for (std::int64_t k = 0; k < multiplicity; ++k) {
    double eta = 0;
    do {
      eta = random.uniform(-spectrum.eta_max, spectrum.eta_max);
    } while (random.uniform() >= spectrum.relative_density(std::abs(eta)));
    const double phi = random.uniform(-M_PI, M_PI);
    const double pt = pt_spectrum.sample(random);
    const std::int32_t charge = random.bernoulli(0.5) ? 1 : -1;
    // Positive PDG codes are the positive pi, K and p.
    const std::int32_t type = charge * draw_species(config, random);
    particles.push_back(make_particle((vertex_number << kVertexShift) | static_cast<std::uint64_t>(k + 1), type, charge,
                                      {vx, vy, vz}, {pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta)}));
  }
}

}  // namespace

bool particle_mass(std::int32_t pdg_code, double& mass) {
  switch (std::abs(pdg_code)) {
    case kElectron: mass = kElectronMass; return true;
    case kMuon: mass = kMuonMass; return true;
    case kPion: mass = kPionMass; return true;
    case kKaon: mass = kKaonMass; return true;
    case kProton: mass = kProtonMass; return true;
    default: return false;
  }
}

void nuclear_secondaries(const SimulationConfig& config, const Particle& parent, const Vector3& position,
                         const Vector3& momentum, Random& random, std::uint64_t& next_number,
                         std::vector<Particle>& particles) {
  const double p = std::sqrt(momentum.x * momentum.x + momentum.y * momentum.y + momentum.z * momentum.z);
  if (!(p > 0)) return;
  const Vector3 direction{momentum.x / p, momentum.y / p, momentum.z / p};
  const auto count = 1 + random.poisson(config.secondary_multiplicity - 1);
  const std::uint64_t vertex_bits = (parent.particle_id >> kVertexShift) << kVertexShift;
  for (std::int64_t k = 0; k < count; ++k) {
    const double fraction = std::min(1.0, -config.secondary_momentum_fraction * std::log(1 - random.uniform()));
    const double magnitude = fraction * p;
    // Momentum transverse to the parent, exponential: soft fragments fly out sideways, hard ones
    // along the parent (forward hemisphere only).
    const double transverse = -config.secondary_transverse_momentum * std::log(1 - random.uniform());
    const double sin_theta = std::min(1.0, transverse / magnitude);
    const double cos_theta = std::sqrt(1 - sin_theta * sin_theta);
    const double azimuth = random.uniform(-M_PI, M_PI);
    const Vector3 out = deflect(direction, cos_theta, sin_theta, std::cos(azimuth), std::sin(azimuth));
    const bool proton = random.bernoulli(config.secondary_proton_fraction);
    const std::int32_t charge = proton ? 1 : (random.bernoulli(0.5) ? 1 : -1);
    // Below the generated spectra's threshold a secondary curls up inside the first layers.
    if (magnitude * std::hypot(out.x, out.y) < config.minimum_bias.pt_min) continue;
    particles.push_back(make_particle(vertex_bits | (kSecondaryFlag + next_number++), proton ? kProton : charge * kPion,
                                      charge, position, {magnitude * out.x, magnitude * out.y, magnitude * out.z}));
  }
}

namespace {

void add_high_pt_particles(const SimulationConfig& config, std::uint64_t vertex_number, Random& random,
                           std::vector<Particle>& particles) {
  const double vx = config.vertex_sigma_xy * random.gaussian();
  const double vy = config.vertex_sigma_xy * random.gaussian();
  const double vz = config.vertex_sigma_z * random.gaussian();
  for (int k = 0; k < config.high_pt_particles; ++k) {
    const double pt = std::exp(random.uniform(std::log(config.high_pt_min), std::log(config.high_pt_max)));
    const double eta = random.uniform(-config.high_pt_eta_max, config.high_pt_eta_max);
    const double phi = random.uniform(-M_PI, M_PI);
    const std::int32_t charge = random.bernoulli(0.5) ? 1 : -1;
    particles.push_back(make_particle((vertex_number << kVertexShift) | static_cast<std::uint64_t>(k + 1), charge * kPion,
                                      charge, {vx, vy, vz},
                                      {pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta)}));
  }
}

}  // namespace

std::vector<Particle> generate_collision(const SimulationConfig& config, Random& random) {
  std::vector<Particle> particles;
  std::uint64_t vertex_number = 1;
  if (config.hard_scatter == HardScatter::ttbar)
    add_vertex(config, config.hard_scatter_spectrum, vertex_number++, random, particles);
  if (config.high_pt_particles > 0) add_high_pt_particles(config, vertex_number++, random, particles);
  const auto pileup = random.poisson(config.pileup);
  for (std::int64_t v = 0; v < pileup; ++v) add_vertex(config, config.minimum_bias, vertex_number++, random, particles);
  return particles;
}

}  // namespace trackgnn::simulation
