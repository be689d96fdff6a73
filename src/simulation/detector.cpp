#include "trackgnn/simulation/detector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/file_io.hpp"

namespace trackgnn::simulation {

namespace {
constexpr double kTwoPi = 2 * M_PI;
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

std::size_t ModuleRing::phi_bin(double phi) const {
  const auto n = modules_in_phi();
  const double bin = kTwoPi / static_cast<double>(n);
  const auto k = static_cast<std::int64_t>(std::floor((phi + M_PI) / bin));
  // phi = pi exactly (or a rounding step past it) belongs to the last bin.
  return static_cast<std::size_t>(std::clamp<std::int64_t>(k, 0, static_cast<std::int64_t>(n) - 1));
}

double Layer::min_extent() const { return rings.front().centre - rings.front().half_length; }
double Layer::max_extent() const { return rings.back().centre + rings.back().half_length; }

const ModuleRing& Layer::ring_at(double coordinate) const {
  const ModuleRing* nearest = &rings.front();
  for (const auto& ring : rings) {
    if (std::abs(ring.centre - coordinate) < std::abs(nearest->centre - coordinate)) nearest = &ring;
  }
  return *nearest;
}

std::size_t Layer::module_count() const {
  std::size_t count = 0;
  for (const auto& ring : rings) count += ring.modules_in_phi();
  return count;
}

Detector::Detector(std::vector<Layer> layers) : layers_(std::move(layers)) {
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
}

std::size_t Detector::module_count() const {
  std::size_t count = 0;
  for (const auto& layer : layers_) count += layer.module_count();
  return count;
}

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

}  // namespace

void Detector::write_csv(const std::filesystem::path& file) const {
  std::string text =
      "volume_id,layer_id,module_id,cx,cy,cz,rot_xu,rot_xv,rot_xw,rot_yu,rot_yv,rot_yw,rot_zu,rot_zv,rot_zw,"
      "module_t,module_minhu,module_maxhu,module_hv,pitch_u,pitch_v\n";
  for (const auto& layer : layers_) {
    for (const auto& ring : layer.rings) {
      for (std::size_t k = 0; k < ring.modules_in_phi(); ++k) {
        const ModuleFrame f = module_frame(layer, ring, k);
        fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       layer.volume_id, layer.layer_id, ring.module_ids[k], f.centre[0], f.centre[1], f.centre[2],
                       f.u[0], f.v[0], f.w[0], f.u[1], f.v[1], f.w[1], f.u[2], f.v[2], f.w[2], layer.thickness,
                       ring.min_half_width, ring.max_half_width, ring.half_length, layer.pitch_u, layer.pitch_v);
      }
    }
  }
  io::write_whole_file(file, text);
}

}  // namespace trackgnn::simulation
