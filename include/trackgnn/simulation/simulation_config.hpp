#pragma once
// Everything the simulator's physics depends on, with the defaults that make a TrackML-like
// event (about 110k hits at pileup 200). Units: mm, GeV, Tesla.
#include <cstdint>
#include <string>

namespace trackgnn::simulation {

enum class HardScatter { none, ttbar };
// "none" | "ttbar"; std::invalid_argument otherwise.
HardScatter parse_hard_scatter(const std::string& name);
std::string to_string(HardScatter hard_scatter);

// Charged particles of one vertex: multiplicity ~ Poisson(per_unit_eta * 2 * eta_max), eta
// uniform in |eta| < eta_max, pT from the Hagedorn form dN/dpT ~ pT (1 + pT/pt_scale)^-pt_power
// (mean pT = 2 pt_scale / (pt_power - 3)) between pt_min and pt_max.
struct VertexSpectrum {
  double per_unit_eta = 0;
  double eta_max = 0;
  double pt_min = 0;
  double pt_max = 0;
  double pt_scale = 0;
  double pt_power = 0;

  double mean_multiplicity() const { return per_unit_eta * 2 * eta_max; }
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
  // Minimum bias: ~6 charged per unit eta over |eta| < 4, soft spectrum (mean pT ~ 0.43 GeV,
  // ~90% below 1 GeV); pT >= 0.1 GeV as in TrackML's particle tables, so low-pT loopers exist.
  VertexSpectrum minimum_bias{6.0, 4.0, 0.1, 100.0, 1.3, 9.0};
  // ttbar-like hard scatter: more and harder particles (mean pT ~ 1.3 GeV) in |eta| < 3. A
  // stand-in for a generator: no jets or decays, only a harder spectrum from the primary vertex.
  VertexSpectrum hard_scatter_spectrum{40.0, 3.0, 0.1, 500.0, 2.0, 6.0};
  // Species of the charged particles (the rest are pions), as in TrackML's particle tables.
  double kaon_fraction = 0.07;
  double proton_fraction = 0.13;

  // --- propagation
  bool multiple_scattering = true;     // Highland formula at every crossed layer
  // Loopers curl until they leave the detector or cross this many layers (no energy loss is
  // simulated, so something has to end a particle that spirals at constant z). TrackML's
  // particle tables stop near 20 hits.
  int max_crossings_per_particle = 20;

  // --- detector response
  SensorResponse pixel{0.98, 0.015};
  SensorResponse short_strip{0.98, 0.025};
  SensorResponse long_strip{0.98, 0.035};
  bool smear = true;                   // Gaussian measurement error of pitch / sqrt(12) across and along
  // Noise hits as a fraction of all hits (TrackML events have ~10-15%); spread uniformly over modules.
  double noise_fraction = 0.10;
  // Pixel charge: most probable value per mm of silicon crossed (TrackML pixel clusters carry
  // ~0.3 for the 0.15 mm sensor at normal incidence) with a Landau (Moyal) spread of this
  // relative width. Strip cells are binary and carry strip_cell_value each, as in TrackML.
  double pixel_charge_per_mm = 2.0;
  double pixel_charge_landau_width = 0.08;
  double strip_cell_value = 1.0;

  // std::invalid_argument naming the first bad field.
  void validate() const;
};

}  // namespace trackgnn::simulation
