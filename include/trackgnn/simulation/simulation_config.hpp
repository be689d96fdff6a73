#pragma once
// Everything the simulator's physics depends on, with the defaults that make a TrackML-like
// event (about 110k hits at pileup 200). Units: mm, GeV, Tesla.
#include <array>
#include <cstdint>
#include <string>

namespace trackgnn::simulation {

enum class HardScatter { none, ttbar };
// "none" | "ttbar"; std::invalid_argument otherwise.
HardScatter parse_hard_scatter(const std::string& name);
std::string to_string(HardScatter hard_scatter);

// Charged particles of one vertex: dN/deta is per_unit_eta for |eta| < eta_plateau and falls
// linearly from there to per_unit_eta * edge_density at eta_max (none beyond); multiplicity is
// Poisson. pT from the Hagedorn form dN/dpT ~ pT (1 + pT/pt_scale)^-pt_power (mean pT =
// 2 pt_scale / (pt_power - 3)) between pt_min and pt_max.
struct VertexSpectrum {
  double per_unit_eta = 0;
  double eta_max = 0;
  double pt_min = 0;
  double pt_max = 0;
  double pt_scale = 0;
  double pt_power = 0;
  double eta_plateau = 0;    // 0: flat up to eta_max
  double edge_density = 1;   // relative dN/deta at eta_max

  double plateau() const { return eta_plateau > 0 ? eta_plateau : eta_max; }
  // dN/deta at |eta| relative to the plateau.
  double relative_density(double abs_eta) const {
    if (abs_eta <= plateau()) return 1;
    return 1 - (1 - edge_density) * (abs_eta - plateau()) / (eta_max - plateau());
  }
  double mean_multiplicity() const {
    return per_unit_eta * 2 * (plateau() + (eta_max - plateau()) * (1 + edge_density) / 2);
  }
};

// Response of one sensor technology.
struct SensorResponse {
  double hit_efficiency = 1;     // probability that a crossing leaves a hit
  double radiation_length = 0;   // material per layer, sensor plus support, x/X0 at normal incidence
};

struct SimulationConfig {
  std::uint64_t seed = 1;              // event k uses a stream derived from (seed, k) alone
  double magnetic_field = 2.0;         // T, uniform, along +z (the TrackML solenoid)

  // --- collisions
  double pileup = 200;                 // mean number of minimum-bias vertices, Poisson distributed
  HardScatter hard_scatter = HardScatter::ttbar;
  double vertex_sigma_z = 55;          // Gaussian luminous region, mm
  double vertex_sigma_xy = 0.015;      // mm
  // Minimum bias: charged particles over |eta| < 4, flat to |eta| = 1 and falling to 70% of that
  // at |eta| = 4, soft spectrum (mean pT ~ 0.45 GeV, ~88% below 1 GeV) from 0.2 GeV, so low-pT
  // loopers exist. The rate and shape are tuned to the hits per volume of real TrackML events and
  // the eta and pT distributions of the real sample's particles; the power-law tail to the real
  // primaries above 1 GeV, of which about a quarter are above 2 GeV.
  VertexSpectrum minimum_bias{4.95, 4.0, 0.2, 100.0, 0.9, 7.0, 1.0, 0.7};
  // ttbar-like hard scatter: more and harder particles (mean pT ~ 1.3 GeV) in |eta| < 3. A
  // stand-in for a generator: no jets or decays, only a harder spectrum from the primary vertex.
  VertexSpectrum hard_scatter_spectrum{40.0, 3.0, 0.1, 500.0, 2.0, 6.0};
  // Extra charged pions from the primary vertex with pT log-uniform in [high_pt_min, high_pt_max]
  // and |eta| < high_pt_eta_max: a training sample needs many more straight, high-pT tracks than
  // a collision provides (about one in a thousand particles is above 5 GeV). Not physics: 0 in
  // events meant to look like data.
  int high_pt_particles = 0;
  double high_pt_min = 1.0;
  double high_pt_max = 100.0;
  double high_pt_eta_max = 4.0;
  // Species of the charged particles (the rest are pions), as in TrackML's particle tables.
  double kaon_fraction = 0.07;
  double proton_fraction = 0.13;

  // --- propagation
  bool multiple_scattering = true;     // Highland formula at every crossed module
  bool energy_loss = true;             // mean ionisation loss (Bethe, silicon) at every crossed module
  // Nuclear interactions of pions, kaons and protons: probability per radiation length crossed.
  // Silicon alone gives X0 / lambda_I = 0.20; the default is larger because the support and
  // services material around the modules (not simulated as surfaces) interacts too. It is tuned
  // so that the share of particles born at r > 10 mm matches the real sample (22%); the
  // interacting particle goes on (its leading fragment carries the track) unless the interaction
  // absorbs it.
  double nuclear_interactions_per_radiation_length = 2.4;
  // Share of those interactions that absorb the particle: its track ends in that module, as a
  // particle's truth record ends at an inelastic interaction in Geant4 (the products are new
  // particles). In the real sample 10-15% of the pT > 0.5 GeV primaries at 1 < |eta| < 2.6 leave
  // their last hit in the pixels; such early ends thin out the strip endcaps most, which forward
  // particles reach last, through the most material. Tuned to the strip endcaps' hits per event
  // in real events.
  double nuclear_absorption_fraction = 0.4;
  // Charged secondaries of one interaction: 1 + Poisson(mean - 1), each with a momentum fraction
  // of the parent drawn from an exponential of this mean (capped at 1), a momentum transverse to
  // the parent's direction drawn from an exponential of this mean (GeV), and a proton with this
  // probability (else a pion).
  double secondary_multiplicity = 2.5;
  double secondary_momentum_fraction = 0.08;
  double secondary_transverse_momentum = 0.3;
  double secondary_proton_fraction = 0.4;
  // A bound on the layers a particle crosses (a particle spiralling at constant z would cross
  // one layer without end); max_turns ends loopers first in practice.
  int max_crossings_per_particle = 20;
  // Loop protection: a particle is followed for at most this many turns of its helix. Tuned on
  // the real sample, whose particles have at most 17 hits and whose central loopers rarely reach
  // the endcaps.
  double max_turns = 0.75;

  // --- detector response
  SensorResponse pixel{0.98, 0.015};
  SensorResponse short_strip{0.98, 0.025};
  SensorResponse long_strip{0.98, 0.035};
  bool smear = true;                   // Gaussian measurement error of pitch / sqrt(12) across and along
  // Noise hits as a fraction of all hits, shared among the volumes as each volume's noise share
  // of its hits (pixels ~5%, strips 14-19%, the long-strip barrel 58%), from the real sample. The
  // positive-z long-strip endcap (18) takes 19% where the sample's 38 of 151 hits say 25% (±3.5
  // points): with its particles' hits as many as at negative z, the sample's share puts 13% more
  // hits there than the four real events' mean, 19% 4%. The total, 14.82% (the sample: 15.0%),
  // keeps the other volumes' noise where the sample's shares put it. Within a volume, noise is
  // uniform over its modules.
  double noise_fraction = 0.1482;
  std::array<std::pair<std::int32_t, double>, 9> noise_share_by_volume{{{7, 0.051}, {8, 0.061}, {9, 0.046},
      {12, 0.144}, {13, 0.194}, {14, 0.141}, {16, 0.168}, {17, 0.576}, {18, 0.19}}};
  // Pixel charge: most probable value per mm of silicon crossed (TrackML pixel clusters carry
  // ~0.3 for the 0.15 mm sensor at normal incidence) with a Landau (Moyal) spread of this
  // relative width. Strip cells are binary and carry strip_cell_value each, as in TrackML.
  double pixel_charge_per_mm = 1.05;
  double pixel_charge_landau_width = 0.08;
  double strip_cell_value = 1.0;
  // Probability that the channel beside a cluster's end fires too (each side; pixels across and
  // along): real clusters have about 4.3 pixels and 2.4 strips.
  double strip_cross_talk = 0.3;
  double pixel_charge_sharing = 0.2;

  // std::invalid_argument naming the first bad field.
  void validate() const;
};

}  // namespace trackgnn::simulation
