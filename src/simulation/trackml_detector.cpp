// The built-in TrackML detector. Every number here was read off the official TrackML
// detectors.csv (../shared/data/trackml-sample/detectors.csv; see /work/shared/README.md for its
// provenance). Layer radii and disk positions are the nominal values about which the file's
// modules are staggered (by up to 1.5 mm in r in the barrels, 5.5 mm in z on the disks; the
// means differ from these by at most 1.1 mm). Module sizes (module_minhu/maxhu/hv), thicknesses
// (module_t), pitches and module counts are the file's exactly. Barrel module ids follow the
// file's rule (row in z, then azimuth bin: id = row * n_phi + bin + 1); disk module ids are
// numbered ring by ring from the beam outwards, then by azimuth bin (the file's disk numbering
// follows no simple rule; Detector::from_csv keeps the file's ids).
#include <vector>

#include "trackgnn/simulation/detector.hpp"

namespace trackgnn::simulation {

namespace {

struct SensorSpec {
  Technology technology;
  double thickness, pitch_u, pitch_v;
};

struct BarrelSpec {
  std::int32_t volume_id;
  SensorSpec sensor;
  double module_half_width, module_half_length;
  int rows;                 // module rows in z
  double first_row_z, row_spacing;
  std::vector<std::pair<double, int>> radius_and_modules_in_phi;  // one per layer, layer ids 2, 4, ...
};

struct RingSpec {
  double radius;
  int modules_in_phi;
  double min_half_width, max_half_width;
};

struct EndcapSpec {
  std::int32_t volume_id;
  SensorSpec sensor;
  double module_half_length;  // radial
  std::vector<RingSpec> rings;
  std::vector<double> z;      // one per layer, layer ids 2, 4, ... in increasing z
};

constexpr std::int32_t kFirstLayerId = 2;
constexpr std::int32_t kLayerIdStep = 2;

const SensorSpec kPixel{Technology::pixel, 0.15, 0.05, 0.05625};
const SensorSpec kShortStrip{Technology::short_strip, 0.25, 0.08, 1.2};
const SensorSpec kLongStripBarrel{Technology::long_strip, 0.35, 0.12, 10.8};
const SensorSpec kLongStripEndcap{Technology::long_strip, 0.35, 0.12, 10.4};

Layer barrel_layer(const BarrelSpec& spec, std::int32_t layer_id, double radius, int modules_in_phi) {
  Layer layer{spec.volume_id, layer_id, SurfaceKind::cylinder, spec.sensor.technology, radius,
              spec.sensor.thickness, spec.sensor.pitch_u, spec.sensor.pitch_v, {}};
  for (int row = 0; row < spec.rows; ++row) {
    ModuleRing ring{spec.first_row_z + row * spec.row_spacing, spec.module_half_length, spec.module_half_width,
                    spec.module_half_width, {}};
    for (int k = 0; k < modules_in_phi; ++k) ring.module_ids.push_back(std::int64_t{row} * modules_in_phi + k + 1);
    layer.rings.push_back(std::move(ring));
  }
  return layer;
}

Layer endcap_layer(const EndcapSpec& spec, std::int32_t layer_id, double z) {
  Layer layer{spec.volume_id, layer_id, SurfaceKind::disk, spec.sensor.technology, z,
              spec.sensor.thickness, spec.sensor.pitch_u, spec.sensor.pitch_v, {}};
  std::int64_t next_id = 1;
  for (const auto& ring_spec : spec.rings) {
    ModuleRing ring{ring_spec.radius, spec.module_half_length, ring_spec.min_half_width, ring_spec.max_half_width, {}};
    for (int k = 0; k < ring_spec.modules_in_phi; ++k) ring.module_ids.push_back(next_id++);
    layer.rings.push_back(std::move(ring));
  }
  return layer;
}

}  // namespace

Detector Detector::trackml() {
  const std::vector<BarrelSpec> barrels{
      {8, kPixel, 8.4, 36, 14, -455, 70, {{32, 16}, {72, 32}, {116, 52}, {172, 78}}},
      {13, kShortStrip, 24, 54, 21, -1030, 103, {{260, 40}, {360, 56}, {500, 78}, {660, 102}}},
      {17, kLongStripBarrel, 24, 54, 21, -1030, 103, {{820, 120}, {1020, 152}}},
  };
  const std::vector<double> pixel_disk_z{600, 700, 820, 960, 1100, 1300, 1500};
  const std::vector<double> strip_disk_z{1220, 1500, 1800, 2150, 2550, 2950};
  const std::vector<RingSpec> pixel_rings{{66, 40, 8.4, 8.4}, {140, 68, 8.4, 8.4}};
  const std::vector<RingSpec> short_strip_rings{{318, 54, 16.4, 24.2}, {470, 56, 24.2, 32.2}, {622, 60, 32.2, 40.0}};
  const std::vector<RingSpec> long_strip_rings{{828, 48, 54.0, 64.2}, {942, 50, 66.0, 72.0}};
  auto mirrored = [](const std::vector<double>& z) {
    std::vector<double> negative;
    for (auto it = z.rbegin(); it != z.rend(); ++it) negative.push_back(-*it);
    return negative;
  };
  // TrackML volumes: negative endcap, barrel, positive endcap for each technology.
  const std::vector<EndcapSpec> endcaps{
      {7, kPixel, 36, pixel_rings, mirrored(pixel_disk_z)},
      {9, kPixel, 36, pixel_rings, pixel_disk_z},
      {12, kShortStrip, 78, short_strip_rings, mirrored(strip_disk_z)},
      {14, kShortStrip, 78, short_strip_rings, strip_disk_z},
      {16, kLongStripEndcap, 78, long_strip_rings, mirrored(strip_disk_z)},
      {18, kLongStripEndcap, 78, long_strip_rings, strip_disk_z},
  };

  std::vector<Layer> layers;
  for (const auto& spec : barrels) {
    std::int32_t layer_id = kFirstLayerId;
    for (const auto& [radius, modules_in_phi] : spec.radius_and_modules_in_phi) {
      layers.push_back(barrel_layer(spec, layer_id, radius, modules_in_phi));
      layer_id += kLayerIdStep;
    }
  }
  for (const auto& spec : endcaps) {
    std::int32_t layer_id = kFirstLayerId;
    for (double z : spec.z) {
      layers.push_back(endcap_layer(spec, layer_id, z));
      layer_id += kLayerIdStep;
    }
  }
  return Detector(std::move(layers));
}

}  // namespace trackgnn::simulation
