#include "simulation/digitizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trackgnn::simulation {

namespace {

// A uniform distribution of width `pitch` has standard deviation pitch / sqrt(12).
const double kUniformSigmaPerWidth = 1 / std::sqrt(12.0);

double dot3(const Vector3& a, const double b[3]) { return a.x * b[0] + a.y * b[1] + a.z * b[2]; }

// The point at local (u, v) on the module's mid-plane, in global coordinates.
Vector3 on_module(const Module& module, double u, double v) {
  return {module.centre[0] + u * module.u[0] + v * module.v[0], module.centre[1] + u * module.u[1] + v * module.v[1],
          module.centre[2] + u * module.u[2] + v * module.v[2]};
}

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

Digitizer::Digitizer(const Detector& detector, const SimulationConfig& config)
    : detector_(detector), config_(config) {
  const auto& modules = detector_.modules();
  for (std::size_t index = 0; index < modules.size(); ++index) {
    const std::int32_t volume = detector_.layers()[modules[index].layer].volume_id;
    auto it = std::find_if(modules_by_volume_.begin(), modules_by_volume_.end(),
                           [&](const auto& entry) { return entry.first == volume; });
    if (it == modules_by_volume_.end()) {
      modules_by_volume_.push_back({volume, {}});
      it = modules_by_volume_.end() - 1;
    }
    it->second.push_back(index);
  }
}

void Digitizer::add_cluster(const Module& module, const Layer& layer, double u, double v, const Vector3& direction,
                            Random& random, std::vector<CellRecord>& cells) const {
  const double half_width = module.max_half_width, half_length = module.half_length;
  const std::int32_t channels_u = channel_count(half_width, module.pitch_u);
  const std::int32_t channels_v = channel_count(half_length, module.pitch_v);

  // The straight path through the sensor, parametrised by 3D length from the mid-plane and
  // clipped to the module: its projection on the module gives the cells it crosses.
  const double du = dot3(direction, module.u), dv = dot3(direction, module.v);
  const double dw = std::abs(dot3(direction, module.w));
  const double half_path = dw > 0 ? module.thickness / (2 * dw) : std::numeric_limits<double>::infinity();
  double low = -half_path, high = half_path;
  double u0 = u, v0 = v, u1 = u, v1 = v, path = module.thickness;
  if (clip(u, du, half_width, low, high) && clip(v, dv, half_length, low, high)) {
    u0 = u + low * du;
    v0 = v + low * dv;
    u1 = u + high * du;
    v1 = v + high * dv;
    path = high - low;
  }

  const double a0 = (u0 + half_width) / module.pitch_u, a1 = (u1 + half_width) / module.pitch_u;
  const double b0 = (v0 + half_length) / module.pitch_v, b1 = (v1 + half_length) / module.pitch_v;
  const auto steps = static_cast<std::int64_t>(
      std::max(std::abs(std::floor(a1) - std::floor(a0)), std::abs(std::floor(b1) - std::floor(b0)))) + 1;
  const std::size_t first = cells.size();
  for (std::int64_t i = 0; i < steps; ++i) {
    const double f = (static_cast<double>(i) + 0.5) / static_cast<double>(steps);
    const std::int32_t ch0 = channel(u0 + f * (u1 - u0), half_width, module.pitch_u, channels_u);
    const std::int32_t ch1 = channel(v0 + f * (v1 - v0), half_length, module.pitch_v, channels_v);
    if (cells.size() > first && cells.back().ch0 == ch0 && cells.back().ch1 == ch1) continue;
    cells.push_back({ch0, ch1, 0});
  }
  // Charge sharing (pixels) and capacitive coupling (strips): a channel beside the cluster's ends
  // fires too, on each side independently; pixels share across and along, strips only across.
  const bool pixel = layer.technology == Technology::pixel;
  const double neighbour_probability = pixel ? config_.pixel_charge_sharing : config_.strip_cross_talk;
  const CellRecord start = cells[first], end = cells.back();
  const std::int32_t lowest_u = std::min(start.ch0, end.ch0), highest_u = std::max(start.ch0, end.ch0);
  if (lowest_u > 0 && random.bernoulli(neighbour_probability)) cells.push_back({lowest_u - 1, start.ch1, 0});
  if (highest_u + 1 < channels_u && random.bernoulli(neighbour_probability)) cells.push_back({highest_u + 1, end.ch1, 0});
  if (pixel) {
    const std::int32_t lowest_v = std::min(start.ch1, end.ch1), highest_v = std::max(start.ch1, end.ch1);
    if (lowest_v > 0 && random.bernoulli(neighbour_probability)) cells.push_back({start.ch0, lowest_v - 1, 0});
    if (highest_v + 1 < channels_v && random.bernoulli(neighbour_probability)) cells.push_back({end.ch0, highest_v + 1, 0});
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

bool Digitizer::measure(std::size_t module_index, const Vector3& position, const Vector3& momentum, Random& random,
                        Measurement& measurement, std::vector<CellRecord>& cells) const {
  const Module& module = detector_.modules()[module_index];
  const Layer& layer = detector_.layers()[module.layer];
  if (!random.bernoulli(hit_efficiency(config_, layer.technology))) return false;
  measurement.module_id = module.module_id;
  const Vector3 local{position.x - module.centre[0], position.y - module.centre[1], position.z - module.centre[2]};
  const double u = dot3(local, module.u), v = dot3(local, module.v);
  double measured_u = u, measured_v = v;
  if (config_.smear) {
    // Moved within the module's plane, and kept on the module.
    measured_u = std::clamp(u + random.gaussian() * module.pitch_u * kUniformSigmaPerWidth, -module.half_width_at(v),
                            module.half_width_at(v));
    measured_v = std::clamp(v + random.gaussian() * module.pitch_v * kUniformSigmaPerWidth, -module.half_length,
                            module.half_length);
  }
  measurement.position = on_module(module, measured_u, measured_v);
  const double p = std::sqrt(momentum.x * momentum.x + momentum.y * momentum.y + momentum.z * momentum.z);
  add_cluster(module, layer, u, v, {momentum.x / p, momentum.y / p, momentum.z / p}, random, cells);
  return true;
}

bool Digitizer::noise(std::int32_t volume_id, Random& random, std::size_t& layer_index, Measurement& measurement,
                      std::vector<CellRecord>& cells) const {
  const auto it = std::find_if(modules_by_volume_.begin(), modules_by_volume_.end(),
                               [&](const auto& entry) { return entry.first == volume_id; });
  if (it == modules_by_volume_.end()) return false;
  const auto& candidates = it->second;
  const std::size_t pick = std::min(candidates.size() - 1,
                                    static_cast<std::size_t>(random.uniform() * static_cast<double>(candidates.size())));
  const Module& module = detector_.modules()[candidates[pick]];
  layer_index = module.layer;
  // Uniform on the trapezoid: v from the density proportional to the width at v, by rejection.
  double u = 0, v = 0;
  do {
    v = random.uniform(-module.half_length, module.half_length);
    u = random.uniform(-module.max_half_width, module.max_half_width);
  } while (!module.contains(u, v));
  measurement.module_id = module.module_id;
  measurement.position = on_module(module, u, v);
  add_cluster(module, detector_.layers()[module.layer], u, v, {module.w[0], module.w[1], module.w[2]}, random, cells);
  return true;
}

}  // namespace trackgnn::simulation
