#include "trackgnn/simulation/detector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "io/file_io.hpp"

namespace trackgnn::simulation {

namespace {
constexpr double kTwoPi = 2 * M_PI;
std::vector<Module> tangent_modules(const std::vector<Layer>& layers);
// Azimuth bins of the per-layer module index; a module is listed in every bin it reaches into.
constexpr std::size_t kModuleIndexBins = 256;
// A crossing found on the idealised layer lies within a few mm of the module it hits (the real
// modules are tilted and staggered about the layer); the index widens each module by this much.
constexpr double kModuleIndexMargin = 10.0;  // mm
}

std::string to_string(Technology technology) {
  switch (technology) {
    case Technology::pixel: return "pixel";
    case Technology::short_strip: return "short strip";
    case Technology::long_strip: return "long strip";
  }
  return "unknown";
}

double ModuleRing::module_phi(std::size_t k) const {
  const double bin = kTwoPi / static_cast<double>(modules_in_phi());
  return -M_PI + (static_cast<double>(k) + 0.5) * bin;
}

double Layer::min_extent() const { return rings.front().centre - rings.front().half_length; }
double Layer::max_extent() const { return rings.back().centre + rings.back().half_length; }

std::size_t Layer::module_count() const {
  std::size_t count = 0;
  for (const auto& ring : rings) count += ring.modules_in_phi();
  return count;
}

Detector::Detector(std::vector<Layer> layers, std::vector<Module> modules)
    : layers_(std::move(layers)), modules_(std::move(modules)) {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    auto& layer = layers_[i];
    const auto name = fmt::format("layer (volume {}, layer {})", layer.volume_id, layer.layer_id);
    if (layer.rings.empty()) throw std::invalid_argument(name + " has no modules");
    if (!(layer.thickness > 0) || !(layer.pitch_u > 0) || !(layer.pitch_v > 0))
      throw std::invalid_argument(name + " needs a positive thickness and pitch");
    for (const auto& ring : layer.rings) {
      if (ring.module_ids.empty() || !(ring.half_length > 0) || !(ring.max_half_width > 0))
        throw std::invalid_argument(name + " has an empty or degenerate module ring");
    }
    std::sort(layer.rings.begin(), layer.rings.end(),
              [](const ModuleRing& a, const ModuleRing& b) { return a.centre < b.centre; });
    if (layer.kind == SurfaceKind::cylinder) {
      if (!(layer.position > 0)) throw std::invalid_argument(name + " needs a positive radius");
      cylinders_.push_back(i);
      max_radius_ = std::max(max_radius_, layer.position);
      max_abs_z_ = std::max({max_abs_z_, std::abs(layer.min_extent()), std::abs(layer.max_extent())});
    } else {
      if (!(layer.min_extent() >= 0)) throw std::invalid_argument(name + " reaches below r = 0");
      disks_.push_back(i);
      max_radius_ = std::max(max_radius_, layer.max_extent());
      max_abs_z_ = std::max(max_abs_z_, std::abs(layer.position));
    }
  }
  std::sort(cylinders_.begin(), cylinders_.end(),
            [&](std::size_t a, std::size_t b) { return layers_[a].position < layers_[b].position; });
  std::sort(disks_.begin(), disks_.end(),
            [&](std::size_t a, std::size_t b) { return layers_[a].position < layers_[b].position; });
  if (modules_.empty()) modules_ = tangent_modules(layers_);
  for (const auto& module : modules_) {
    if (module.layer >= layers_.size())
      throw std::invalid_argument(fmt::format("module {} belongs to no layer", module.module_id));
    if (!(module.half_length > 0) || !(module.max_half_width > 0) || !(module.min_half_width > 0) ||
        !(module.thickness > 0) || !(module.pitch_u > 0) || !(module.pitch_v > 0))
      throw std::invalid_argument(fmt::format("module {} needs positive sizes, thickness and pitches", module.module_id));
  }
  index_modules();
}

void Detector::index_modules() {
  modules_by_azimuth_.assign(layers_.size(), std::vector<std::vector<std::size_t>>(kModuleIndexBins));
  const double bin = kTwoPi / static_cast<double>(kModuleIndexBins);
  for (std::size_t index = 0; index < modules_.size(); ++index) {
    const Module& module = modules_[index];
    // The module's azimuth range, seen from the beam: its centre's azimuth, widened by the angle
    // its farthest corner (plus the margin) subtends at the nearest radius it reaches.
    const double centre_r = std::hypot(module.centre[0], module.centre[1]);
    const double reach = std::hypot(module.max_half_width, module.half_length) + kModuleIndexMargin;
    const double half_angle = centre_r > reach ? std::asin(reach / centre_r) : M_PI;
    const double phi = std::atan2(module.centre[1], module.centre[0]);
    const auto first = static_cast<std::int64_t>(std::floor((phi - half_angle + M_PI) / bin));
    const auto last = static_cast<std::int64_t>(std::floor((phi + half_angle + M_PI) / bin));
    const auto bins = static_cast<std::int64_t>(kModuleIndexBins);
    for (std::int64_t k = first; k <= std::min(last, first + bins - 1); ++k)
      modules_by_azimuth_[module.layer][static_cast<std::size_t>(((k % bins) + bins) % bins)].push_back(index);
  }
}

const std::vector<std::size_t>& Detector::modules_near(std::size_t layer, double x, double y) const {
  const double bin = kTwoPi / static_cast<double>(kModuleIndexBins);
  const auto k = static_cast<std::int64_t>(std::floor((std::atan2(y, x) + M_PI) / bin));
  return modules_by_azimuth_[layer][static_cast<std::size_t>(
      std::clamp<std::int64_t>(k, 0, static_cast<std::int64_t>(kModuleIndexBins) - 1))];
}

std::size_t Detector::module_count() const { return modules_.size(); }

namespace {

struct ModuleFrame {
  double centre[3];
  double u[3], v[3], w[3];  // local axes in global coordinates
};

// Local frames as in TrackML's file: barrel u = phi direction, v = +z, w = outward normal; disk
// v = outward radial, w = +-z pointing away from the interaction point, u = v x w.
ModuleFrame module_frame(const Layer& layer, const ModuleRing& ring, std::size_t k) {
  const double phi = ring.module_phi(k);
  const double c = std::cos(phi), s = std::sin(phi);
  if (layer.kind == SurfaceKind::cylinder) {
    return {{layer.position * c, layer.position * s, ring.centre}, {-s, c, 0}, {0, 0, 1}, {c, s, 0}};
  }
  const double side = layer.position < 0 ? -1.0 : 1.0;
  return {{ring.centre * c, ring.centre * s, layer.position}, {side * s, -side * c, 0}, {c, s, 0}, {0, 0, side}};
}

// Neighbouring disk modules overlap, in azimuth within a ring and in radius between rings; real
// disks place them on alternate sides so that they do not touch. The idealised layout does the
// same: rings alternately kDiskRingStagger before and behind the disk's plane, and within a ring
// modules alternately kDiskModuleStagger about the ring's plane (a ring with an odd count has one
// module in it, between two of opposite offset).
constexpr double kDiskRingStagger = 5.0;    // mm along z
constexpr double kDiskModuleStagger = 2.5;  // mm along z
// Barrel rows overlap in z and their modules share a tangent plane; rows alternate in radius.
constexpr double kBarrelRowStagger = 1.0;   // mm

std::vector<Module> tangent_modules(const std::vector<Layer>& layers) {
  std::vector<Module> modules;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    const Layer& layer = layers[index];
    for (std::size_t ring_number = 0; ring_number < layer.rings.size(); ++ring_number) {
      const ModuleRing& ring = layer.rings[ring_number];
      const std::size_t count = ring.modules_in_phi();
      for (std::size_t k = 0; k < count; ++k) {
        ModuleFrame f = module_frame(layer, ring, k);
        if (layer.kind == SurfaceKind::cylinder) {
          const double shift = (ring_number % 2 == 0 ? -1.0 : 1.0) * kBarrelRowStagger;
          for (int i = 0; i < 2; ++i) f.centre[i] += shift * f.w[i];
        } else {
          f.centre[2] += (ring_number % 2 == 0 ? -1.0 : 1.0) * kDiskRingStagger;
          if (!(count % 2 == 1 && k == count - 1)) f.centre[2] += (k % 2 == 0 ? -1.0 : 1.0) * kDiskModuleStagger;
        }
        Module module;
        module.module_id = ring.module_ids[k];
        module.layer = index;
        for (int i = 0; i < 3; ++i) {
          module.centre[i] = f.centre[i];
          module.u[i] = f.u[i];
          module.v[i] = f.v[i];
          module.w[i] = f.w[i];
        }
        module.thickness = layer.thickness;
        module.min_half_width = ring.min_half_width;
        module.max_half_width = ring.max_half_width;
        module.half_length = ring.half_length;
        module.pitch_u = layer.pitch_u;
        module.pitch_v = layer.pitch_v;
        modules.push_back(module);
      }
    }
  }
  return modules;
}

}  // namespace

void Detector::write_csv(const std::filesystem::path& file) const {
  std::string text =
      "volume_id,layer_id,module_id,cx,cy,cz,rot_xu,rot_xv,rot_xw,rot_yu,rot_yv,rot_yw,rot_zu,rot_zv,rot_zw,"
      "module_t,module_minhu,module_maxhu,module_hv,pitch_u,pitch_v\n";
  for (const auto& m : modules_) {
    const Layer& layer = layers_[m.layer];
    fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                   layer.volume_id, layer.layer_id, m.module_id, m.centre[0], m.centre[1], m.centre[2], m.u[0],
                   m.v[0], m.w[0], m.u[1], m.v[1], m.w[1], m.u[2], m.v[2], m.w[2], m.thickness, m.min_half_width,
                   m.max_half_width, m.half_length, m.pitch_u, m.pitch_v);
  }
  io::write_whole_file(file, text);
}

std::filesystem::path default_detector_file() {
  if (const char* from_environment = std::getenv("TRACKGNN_DETECTOR_FILE")) return from_environment;
  if (std::filesystem::exists(TRACKGNN_SOURCE_DETECTOR_FILE)) return TRACKGNN_SOURCE_DETECTOR_FILE;
  return TRACKGNN_INSTALL_DETECTOR_FILE;
}

}  // namespace trackgnn::simulation
