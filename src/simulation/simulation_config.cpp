#include "trackgnn/simulation/simulation_config.hpp"

#include <cmath>
#include <stdexcept>

namespace trackgnn::simulation {

HardScatter parse_hard_scatter(const std::string& name) {
  if (name == "none") return HardScatter::none;
  if (name == "ttbar") return HardScatter::ttbar;
  throw std::invalid_argument("unknown hard scatter '" + name + "' (known: none, ttbar)");
}

std::string to_string(HardScatter hard_scatter) { return hard_scatter == HardScatter::ttbar ? "ttbar" : "none"; }

namespace {

void require(bool condition, const std::string& what) {
  if (!condition) throw std::invalid_argument("simulation config: " + what);
}

void validate_spectrum(const VertexSpectrum& spectrum, const std::string& name) {
  require(spectrum.per_unit_eta >= 0 && std::isfinite(spectrum.per_unit_eta), name + ".per_unit_eta must be >= 0");
  require(spectrum.eta_max > 0 && std::isfinite(spectrum.eta_max), name + ".eta_max must be > 0");
  require(spectrum.pt_min > 0 && spectrum.pt_max > spectrum.pt_min && std::isfinite(spectrum.pt_max),
          name + " needs 0 < pt_min < pt_max");
  require(spectrum.pt_scale > 0 && std::isfinite(spectrum.pt_scale), name + ".pt_scale must be > 0");
  // The mean pT is finite only for n > 3.
  require(spectrum.pt_power > 3 && std::isfinite(spectrum.pt_power), name + ".pt_power must be > 3");
  require(spectrum.eta_plateau >= 0 && spectrum.eta_plateau <= spectrum.eta_max,
          name + ".eta_plateau must be in [0, eta_max]");
  require(spectrum.edge_density > 0 && spectrum.edge_density <= 1, name + ".edge_density must be in (0, 1]");
}

void validate_response(const SensorResponse& response, const std::string& name) {
  require(response.hit_efficiency >= 0 && response.hit_efficiency <= 1, name + ".hit_efficiency must be in [0, 1]");
  require(response.radiation_length > 0 && response.radiation_length < 1,
          name + ".radiation_length must be in (0, 1) radiation lengths");
}

}  // namespace

void SimulationConfig::validate() const {
  require(magnetic_field > 0 && std::isfinite(magnetic_field), "magnetic_field must be > 0 T");
  require(pileup >= 0 && std::isfinite(pileup), "pileup must be >= 0");
  require(vertex_sigma_z >= 0 && vertex_sigma_xy >= 0 && std::isfinite(vertex_sigma_z) &&
              std::isfinite(vertex_sigma_xy),
          "vertex spreads must be >= 0");
  validate_spectrum(minimum_bias, "minimum_bias");
  validate_spectrum(hard_scatter_spectrum, "hard_scatter_spectrum");
  require(kaon_fraction >= 0 && proton_fraction >= 0 && kaon_fraction + proton_fraction <= 1,
          "kaon_fraction and proton_fraction must be >= 0 and sum to <= 1");
  require(max_crossings_per_particle > 0, "max_crossings_per_particle must be > 0");
  require(max_turns > 0, "max_turns must be > 0");
  require(high_pt_particles >= 0, "high_pt_particles must be >= 0");
  require(high_pt_min > 0 && high_pt_max >= high_pt_min && std::isfinite(high_pt_max),
          "high-pT particles need 0 < high_pt_min <= high_pt_max");
  require(high_pt_eta_max > 0 && std::isfinite(high_pt_eta_max), "high_pt_eta_max must be > 0");
  validate_response(pixel, "pixel");
  validate_response(short_strip, "short_strip");
  validate_response(long_strip, "long_strip");
  require(noise_fraction >= 0 && noise_fraction < 1, "noise_fraction must be in [0, 1)");
  for (const auto& [volume, share] : noise_share_by_volume)
    require(share >= 0 && share < 1, "noise_share_by_volume of volume " + std::to_string(volume) + " must be in [0, 1)");
  require(nuclear_interactions_per_radiation_length >= 0 && std::isfinite(nuclear_interactions_per_radiation_length),
          "nuclear_interactions_per_radiation_length must be >= 0");
  require(nuclear_absorption_fraction >= 0 && nuclear_absorption_fraction <= 1,
          "nuclear_absorption_fraction must be in [0, 1]");
  require(secondary_multiplicity >= 1 && std::isfinite(secondary_multiplicity), "secondary_multiplicity must be >= 1");
  require(secondary_momentum_fraction > 0 && secondary_momentum_fraction <= 1,
          "secondary_momentum_fraction must be in (0, 1]");
  require(secondary_transverse_momentum > 0 && std::isfinite(secondary_transverse_momentum),
          "secondary_transverse_momentum must be > 0");
  require(secondary_proton_fraction >= 0 && secondary_proton_fraction <= 1,
          "secondary_proton_fraction must be in [0, 1]");
  require(pixel_charge_per_mm > 0 && std::isfinite(pixel_charge_per_mm), "pixel_charge_per_mm must be > 0");
  require(pixel_charge_landau_width >= 0 && std::isfinite(pixel_charge_landau_width),
          "pixel_charge_landau_width must be >= 0");
  require(strip_cross_talk >= 0 && strip_cross_talk <= 1, "strip_cross_talk must be in [0, 1]");
  require(pixel_charge_sharing >= 0 && pixel_charge_sharing <= 1, "pixel_charge_sharing must be in [0, 1]");
  require(strip_cell_value > 0 && std::isfinite(strip_cell_value), "strip_cell_value must be > 0");
}

}  // namespace trackgnn::simulation
