// Detector::from_csv: every module as the file gives it, plus the layer description that orders
// a particle's crossings. Modules are grouped by (volume_id, layer_id); a layer is a disk when
// its modules face along z, otherwise a cylinder. Within a layer, modules whose centres lie within
// half a module length of each other (in z for a barrel, r for a disk) form a ring; TrackML's
// rows overlap by a few mm and are a full module length apart, so this separates them cleanly.
// Each ring must tile the azimuth evenly, one module per bin, as the layer description assumes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "io/csv_reader.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/simulation/detector.hpp"

namespace trackgnn::simulation {

namespace {

struct ModuleRecord {
  std::int64_t module_id = 0;
  double cx = 0, cy = 0, cz = 0;
  double normal_z = 0;  // rot_zw: the z component of the module normal
  double rotation[3][3] = {};  // rot_xu ... rot_zw: global axis (row) by local axis (column)
  double thickness = 0, min_half_width = 0, max_half_width = 0, half_length = 0, pitch_u = 0, pitch_v = 0;
  std::size_t line = 0;
};

// TrackML's volume ids: negative endcap, barrel, positive endcap of each sensor technology.
bool technology_of_volume(std::int32_t volume_id, Technology& technology) {
  switch (volume_id) {
    case 7: case 8: case 9: technology = Technology::pixel; return true;
    case 12: case 13: case 14: technology = Technology::short_strip; return true;
    case 16: case 17: case 18: technology = Technology::long_strip; return true;
    default: return false;
  }
}

// A module faces along z when its normal is closer to the z axis than to the transverse plane.
constexpr double kDiskNormalThreshold = M_SQRT1_2;

Layer build_layer(const std::string& file, std::int32_t volume_id, std::int32_t layer_id,
                  const std::vector<ModuleRecord>& modules) {
  const ModuleRecord& first = modules.front();
  Layer layer;
  layer.volume_id = volume_id;
  layer.layer_id = layer_id;
  if (!technology_of_volume(volume_id, layer.technology))
    throw InputError(file, first.line, "volume_id " + std::to_string(volume_id) + " is not a TrackML volume");
  layer.kind = std::abs(first.normal_z) > kDiskNormalThreshold ? SurfaceKind::disk : SurfaceKind::cylinder;
  layer.thickness = first.thickness;
  layer.pitch_u = first.pitch_u;
  layer.pitch_v = first.pitch_v;
  const bool disk = layer.kind == SurfaceKind::disk;
  for (const auto& module : modules) {
    if ((std::abs(module.normal_z) > kDiskNormalThreshold) != disk)
      throw InputError(file, module.line, "layer mixes barrel and disk modules");
    if (module.pitch_u != layer.pitch_u || module.pitch_v != layer.pitch_v || module.thickness != layer.thickness)
      throw InputError(file, module.line, "module pitch or thickness differs from the rest of its layer");
    if (!(module.half_length > 0) || !(module.max_half_width > 0) || !(module.pitch_u > 0) || !(module.pitch_v > 0) ||
        !(module.thickness > 0))
      throw InputError(file, module.line, "module sizes, pitches and thickness must be positive");
  }

  auto along = [disk](const ModuleRecord& m) { return disk ? std::hypot(m.cx, m.cy) : m.cz; };
  std::vector<std::size_t> order(modules.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return along(modules[a]) < along(modules[b]); });

  double position_sum = 0;
  for (std::size_t begin = 0; begin < order.size();) {
    const ModuleRecord& start = modules[order[begin]];
    std::size_t end = begin;
    double centre_sum = 0;
    while (end < order.size() && along(modules[order[end]]) - along(start) < start.half_length / 2) {
      centre_sum += along(modules[order[end]]);
      ++end;
    }
    ModuleRing ring;
    ring.centre = centre_sum / static_cast<double>(end - begin);
    ring.half_length = start.half_length;
    ring.min_half_width = start.min_half_width;
    ring.max_half_width = start.max_half_width;
    ring.module_ids.assign(end - begin, 0);
    const double bin = 2 * M_PI / static_cast<double>(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const ModuleRecord& module = modules[order[i]];
      const double phi = std::atan2(module.cy, module.cx);
      const auto slot = static_cast<std::int64_t>(std::lround((phi + M_PI) / bin - 0.5));
      const auto k = static_cast<std::size_t>((slot % static_cast<std::int64_t>(ring.module_ids.size()) +
                                               static_cast<std::int64_t>(ring.module_ids.size())) %
                                              static_cast<std::int64_t>(ring.module_ids.size()));
      if (ring.module_ids[k] != 0)
        throw InputError(file, module.line, "modules of this ring do not tile the azimuth evenly (two in one bin)");
      ring.module_ids[k] = module.module_id;
      position_sum += disk ? module.cz : std::hypot(module.cx, module.cy);
    }
    layer.rings.push_back(std::move(ring));
    begin = end;
  }
  layer.position = position_sum / static_cast<double>(modules.size());
  return layer;
}

}  // namespace

Detector Detector::from_csv(const std::filesystem::path& file) {
  io::CsvReader reader(file);
  const auto volume_column = reader.column("volume_id");
  const auto layer_column = reader.column("layer_id");
  const auto module_column = reader.column("module_id");
  const auto cx_column = reader.column("cx"), cy_column = reader.column("cy"), cz_column = reader.column("cz");
  const auto normal_column = reader.column("rot_zw");
  std::size_t rotation_columns[3][3];
  const char* const kAxes = "xyz";
  const char* const kLocal = "uvw";
  for (int row = 0; row < 3; ++row)
    for (int column = 0; column < 3; ++column)
      rotation_columns[row][column] = reader.column(std::string("rot_") + kAxes[row] + kLocal[column]);
  const auto thickness_column = reader.column("module_t");
  const auto min_hu_column = reader.column("module_minhu"), max_hu_column = reader.column("module_maxhu");
  const auto hv_column = reader.column("module_hv");
  const auto pitch_u_column = reader.column("pitch_u"), pitch_v_column = reader.column("pitch_v");

  std::map<std::pair<std::int32_t, std::int32_t>, std::vector<ModuleRecord>> layers;
  while (reader.next()) {
    ModuleRecord module;
    module.module_id = reader.get<std::int64_t>(module_column);
    module.cx = reader.get<double>(cx_column);
    module.cy = reader.get<double>(cy_column);
    module.cz = reader.get<double>(cz_column);
    module.normal_z = reader.get<double>(normal_column);
    for (int row = 0; row < 3; ++row)
      for (int column = 0; column < 3; ++column)
        module.rotation[row][column] = reader.get<double>(rotation_columns[row][column]);
    module.thickness = reader.get<double>(thickness_column);
    module.min_half_width = reader.get<double>(min_hu_column);
    module.max_half_width = reader.get<double>(max_hu_column);
    module.half_length = reader.get<double>(hv_column);
    module.pitch_u = reader.get<double>(pitch_u_column);
    module.pitch_v = reader.get<double>(pitch_v_column);
    module.line = reader.line();
    if (module.module_id <= 0) reader.fail("module_id must be positive");
    const auto key = std::make_pair(reader.get<std::int32_t>(volume_column), reader.get<std::int32_t>(layer_column));
    layers[key].push_back(module);
  }
  if (layers.empty()) throw InputError(file.string(), 0, "no modules");

  std::vector<Layer> result;
  std::vector<Module> modules;
  for (const auto& [key, records] : layers) {
    result.push_back(build_layer(file.string(), key.first, key.second, records));
    for (const auto& record : records) {
      Module module;
      module.module_id = record.module_id;
      module.layer = result.size() - 1;
      module.centre[0] = record.cx;
      module.centre[1] = record.cy;
      module.centre[2] = record.cz;
      for (int row = 0; row < 3; ++row) {
        module.u[row] = record.rotation[row][0];
        module.v[row] = record.rotation[row][1];
        module.w[row] = record.rotation[row][2];
      }
      module.thickness = record.thickness;
      module.min_half_width = record.min_half_width;
      module.max_half_width = record.max_half_width;
      module.half_length = record.half_length;
      module.pitch_u = record.pitch_u;
      module.pitch_v = record.pitch_v;
      modules.push_back(module);
    }
  }
  return Detector(std::move(result), std::move(modules));
}

}  // namespace trackgnn::simulation
