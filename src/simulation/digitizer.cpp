#include "simulation/digitizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trackgnn::simulation {

namespace {

// A uniform distribution of width `pitch` has standard deviation pitch / sqrt(12).
const double kUniformSigmaPerWidth = 1 / std::sqrt(12.0);

double dot(const Vector3& a, const Vector3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

std::int32_t channel(double coordinate, double half_size, double pitch, std::int32_t channels) {
  const auto index = static_cast<std::int64_t>(std::floor((coordinate + half_size) / pitch));
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(index, 0, channels - 1));
}

std::int32_t channel_count(double half_size, double pitch) {
  return std::max<std::int32_t>(1, static_cast<std::int32_t>(std::lround(2 * half_size / pitch)));
}

// Clips the segment centre + lambda * direction, lambda in [low, high], to |coordinate| <= half
// along one axis (Liang-Barsky); false when nothing is left.
bool clip(double centre, double direction, double half, double& low, double& high) {
  if (direction == 0) return std::abs(centre) <= half;
  double enter = (-half - centre) / direction, leave = (half - centre) / direction;
  if (enter > leave) std::swap(enter, leave);
  low = std::max(low, enter);
  high = std::min(high, leave);
  return low <= high;
}

}  // namespace

double hit_efficiency(const SimulationConfig& config, Technology technology) {
  switch (technology) {
    case Technology::pixel: return config.pixel.hit_efficiency;
    case Technology::short_strip: return config.short_strip.hit_efficiency;
    case Technology::long_strip: return config.long_strip.hit_efficiency;
  }
  return 0;
}

ModulePoint locate(const Layer& layer, const Vector3& position) {
  ModulePoint point;
  const double phi = std::atan2(position.y, position.x);
  const double c = std::cos(phi), s = std::sin(phi);
  if (layer.kind == SurfaceKind::cylinder) {
    point.ring = &layer.ring_at(position.z);
    point.bin = point.ring->phi_bin(phi);
    point.u = layer.position * std::remainder(phi - point.ring->module_phi(point.bin), 2 * M_PI);
    point.v = position.z - point.ring->centre;
    point.u_axis = {-s, c, 0};
    point.v_axis = {0, 0, 1};
    point.w_axis = {c, s, 0};
  } else {
    const double r = std::hypot(position.x, position.y);
    const double side = layer.position < 0 ? -1.0 : 1.0;
    point.ring = &layer.ring_at(r);
    point.bin = point.ring->phi_bin(phi);
    point.u = -side * r * std::remainder(phi - point.ring->module_phi(point.bin), 2 * M_PI);
    point.v = r - point.ring->centre;
    point.u_axis = {side * s, -side * c, 0};
    point.v_axis = {c, s, 0};
    point.w_axis = {0, 0, side};
  }
  return point;
}

Digitizer::Digitizer(const Detector& detector, const SimulationConfig& config)
    : detector_(detector), config_(config) {
  std::size_t total = 0;
  for (const auto& layer : detector_.layers()) {
    modules_before_layer_.push_back(total);
    total += layer.module_count();
  }
  modules_before_layer_.push_back(total);
}

void Digitizer::add_cluster(const Layer& layer, const ModulePoint& point, const Vector3& direction, Random& random,
                            std::vector<CellRecord>& cells) const {
  const ModuleRing& ring = *point.ring;
  const double half_width = ring.max_half_width, half_length = ring.half_length;
  const std::int32_t channels_u = channel_count(half_width, layer.pitch_u);
  const std::int32_t channels_v = channel_count(half_length, layer.pitch_v);

  // The straight path through the sensor, parametrised by 3D length from the mid-plane and
  // clipped to the module: its projection on the module gives the cells it crosses.
  const double du = dot(direction, point.u_axis), dv = dot(direction, point.v_axis);
  const double dw = std::abs(dot(direction, point.w_axis));
  const double half_path = dw > 0 ? layer.thickness / (2 * dw) : std::numeric_limits<double>::infinity();
  double low = -half_path, high = half_path;
  double u0 = point.u, v0 = point.v, u1 = point.u, v1 = point.v, path = layer.thickness;
  if (clip(point.u, du, half_width, low, high) && clip(point.v, dv, half_length, low, high)) {
    u0 = point.u + low * du;
    v0 = point.v + low * dv;
    u1 = point.u + high * du;
    v1 = point.v + high * dv;
    path = high - low;
  }
  // else: the crossing fell in a gap between idealised modules; one cell where it is nearest.

  const double a0 = (u0 + half_width) / layer.pitch_u, a1 = (u1 + half_width) / layer.pitch_u;
  const double b0 = (v0 + half_length) / layer.pitch_v, b1 = (v1 + half_length) / layer.pitch_v;
  const auto steps = static_cast<std::int64_t>(
      std::max(std::abs(std::floor(a1) - std::floor(a0)), std::abs(std::floor(b1) - std::floor(b0)))) + 1;
  const std::size_t first = cells.size();
  for (std::int64_t i = 0; i < steps; ++i) {
    const double f = (static_cast<double>(i) + 0.5) / static_cast<double>(steps);
    const std::int32_t ch0 = channel(u0 + f * (u1 - u0), half_width, layer.pitch_u, channels_u);
    const std::int32_t ch1 = channel(v0 + f * (v1 - v0), half_length, layer.pitch_v, channels_v);
    if (cells.size() > first && cells.back().ch0 == ch0 && cells.back().ch1 == ch1) continue;
    cells.push_back({ch0, ch1, 0});
  }
  const auto count = static_cast<double>(cells.size() - first);
  float value;
  if (layer.technology == Technology::pixel) {
    const double charge =
        config_.pixel_charge_per_mm * path * (1 + config_.pixel_charge_landau_width * random.moyal());
    value = static_cast<float>(charge / count);
  } else {
    value = static_cast<float>(config_.strip_cell_value);
  }
  for (std::size_t i = first; i < cells.size(); ++i) cells[i].value = value;
}

bool Digitizer::measure(std::size_t layer_index, const Vector3& position, const Vector3& momentum, Random& random,
                        Measurement& measurement, std::vector<CellRecord>& cells) const {
  const Layer& layer = detector_.layers()[layer_index];
  if (!random.bernoulli(hit_efficiency(config_, layer.technology))) return false;
  const ModulePoint point = locate(layer, position);
  measurement.module_id = point.ring->module_ids[point.bin];
  measurement.position = position;
  if (config_.smear) {
    const double shift_u = random.gaussian() * layer.pitch_u * kUniformSigmaPerWidth;
    const double shift_v = random.gaussian() * layer.pitch_v * kUniformSigmaPerWidth;
    Vector3 moved{position.x + shift_u * point.u_axis.x + shift_v * point.v_axis.x,
                  position.y + shift_u * point.u_axis.y + shift_v * point.v_axis.y,
                  position.z + shift_u * point.u_axis.z + shift_v * point.v_axis.z};
    if (layer.kind == SurfaceKind::cylinder) {
      // Back onto the cylinder: a shift along the tangent leaves it by shift^2 / 2R.
      const double scale = layer.position / std::hypot(moved.x, moved.y);
      moved.x *= scale;
      moved.y *= scale;
    }
    measurement.position = moved;
  }
  const double p = std::sqrt(dot(momentum, momentum));
  add_cluster(layer, point, {momentum.x / p, momentum.y / p, momentum.z / p}, random, cells);
  return true;
}

void Digitizer::noise(Random& random, std::size_t& layer_index, Measurement& measurement,
                      std::vector<CellRecord>& cells) const {
  const std::size_t total = modules_before_layer_.back();
  std::size_t module = std::min(total - 1, static_cast<std::size_t>(random.uniform() * static_cast<double>(total)));
  layer_index = static_cast<std::size_t>(
      std::upper_bound(modules_before_layer_.begin(), modules_before_layer_.end(), module) -
      modules_before_layer_.begin() - 1);
  const Layer& layer = detector_.layers()[layer_index];
  module -= modules_before_layer_[layer_index];
  const ModuleRing* ring = &layer.rings.front();
  for (const auto& candidate : layer.rings) {
    ring = &candidate;
    if (module < candidate.modules_in_phi()) break;
    module -= candidate.modules_in_phi();
  }
  const double bin = 2 * M_PI / static_cast<double>(ring->modules_in_phi());
  const double phi = ring->module_phi(module) + random.uniform(-bin / 2, bin / 2);
  const double inner = ring->centre - ring->half_length, outer = ring->centre + ring->half_length;
  Vector3 position;
  if (layer.kind == SurfaceKind::cylinder) {
    const double z = random.uniform(inner, outer);
    position = {layer.position * std::cos(phi), layer.position * std::sin(phi), z};
  } else {
    const double r = std::sqrt(random.uniform(inner * inner, outer * outer));  // uniform in area
    position = {r * std::cos(phi), r * std::sin(phi), layer.position};
  }
  const ModulePoint point = locate(layer, position);
  measurement.position = position;
  measurement.module_id = point.ring->module_ids[point.bin];
  // A noise cluster looks like a particle crossing at normal incidence.
  add_cluster(layer, point, point.w_axis, random, cells);
}

}  // namespace trackgnn::simulation
