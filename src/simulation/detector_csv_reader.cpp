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

// A module as the file gives it (its layer index is set once the layers are known), and the line
// it came from.
struct ModuleRecord {
  Module module;
  std::size_t line = 0;

  double normal_z() const { return module.w[2]; }  // rot_zw
  double radius() const { return std::hypot(module.centre[0], module.centre[1]); }
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
  layer.kind = std::abs(first.normal_z()) > kDiskNormalThreshold ? SurfaceKind::disk : SurfaceKind::cylinder;
  layer.thickness = first.module.thickness;
  layer.pitch_u = first.module.pitch_u;
  layer.pitch_v = first.module.pitch_v;
  const bool disk = layer.kind == SurfaceKind::disk;
  for (const auto& record : modules) {
    if ((std::abs(record.normal_z()) > kDiskNormalThreshold) != disk)
      throw InputError(file, record.line, "layer mixes barrel and disk modules");
    if (record.module.pitch_u != layer.pitch_u || record.module.pitch_v != layer.pitch_v ||
        record.module.thickness != layer.thickness)
      throw InputError(file, record.line, "module pitch or thickness differs from the rest of its layer");
    if (!(record.module.half_length > 0) || !(record.module.max_half_width > 0) || !(record.module.pitch_u > 0) ||
        !(record.module.pitch_v > 0) || !(record.module.thickness > 0))
      throw InputError(file, record.line, "module sizes, pitches and thickness must be positive");
  }

  auto along = [disk](const ModuleRecord& m) { return disk ? m.radius() : m.module.centre[2]; };
  std::vector<std::size_t> order(modules.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return along(modules[a]) < along(modules[b]); });

  double position_sum = 0;
  for (std::size_t begin = 0; begin < order.size();) {
    const ModuleRecord& start = modules[order[begin]];
    std::size_t end = begin;
    double centre_sum = 0;
    while (end < order.size() && along(modules[order[end]]) - along(start) < start.module.half_length / 2) {
      centre_sum += along(modules[order[end]]);
      ++end;
    }
    ModuleRing ring;
    ring.centre = centre_sum / static_cast<double>(end - begin);
    ring.half_length = start.module.half_length;
    ring.min_half_width = start.module.min_half_width;
    ring.max_half_width = start.module.max_half_width;
    ring.module_ids.assign(end - begin, 0);
    const double bin = 2 * M_PI / static_cast<double>(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const ModuleRecord& record = modules[order[i]];
      const double phi = std::atan2(record.module.centre[1], record.module.centre[0]);
      const auto slot = static_cast<std::int64_t>(std::lround((phi + M_PI) / bin - 0.5));
      const auto k = static_cast<std::size_t>((slot % static_cast<std::int64_t>(ring.module_ids.size()) +
                                               static_cast<std::int64_t>(ring.module_ids.size())) %
                                              static_cast<std::int64_t>(ring.module_ids.size()));
      if (ring.module_ids[k] != 0)
        throw InputError(file, record.line, "modules of this ring do not tile the azimuth evenly (two in one bin)");
      ring.module_ids[k] = record.module.module_id;
      position_sum += disk ? record.module.centre[2] : record.radius();
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
    ModuleRecord record;
    Module& module = record.module;
    module.module_id = reader.get<std::int64_t>(module_column);
    module.centre[0] = reader.get<double>(cx_column);
    module.centre[1] = reader.get<double>(cy_column);
    module.centre[2] = reader.get<double>(cz_column);
    // rot_<global axis><local axis>: the local axes u, v, w are the rotation's columns.
    for (int row = 0; row < 3; ++row) {
      module.u[row] = reader.get<double>(rotation_columns[row][0]);
      module.v[row] = reader.get<double>(rotation_columns[row][1]);
      module.w[row] = reader.get<double>(rotation_columns[row][2]);
    }
    module.thickness = reader.get<double>(thickness_column);
    module.min_half_width = reader.get<double>(min_hu_column);
    module.max_half_width = reader.get<double>(max_hu_column);
    module.half_length = reader.get<double>(hv_column);
    module.pitch_u = reader.get<double>(pitch_u_column);
    module.pitch_v = reader.get<double>(pitch_v_column);
    record.line = reader.line();
    if (module.module_id <= 0) reader.fail("module_id must be positive");
    const auto key = std::make_pair(reader.get<std::int32_t>(volume_column), reader.get<std::int32_t>(layer_column));
    layers[key].push_back(record);
  }
  if (layers.empty()) throw InputError(file.string(), 0, "no modules");

  std::vector<Layer> result;
  std::vector<Module> modules;
  for (const auto& [key, records] : layers) {
    result.push_back(build_layer(file.string(), key.first, key.second, records));
    for (const auto& record : records) {
      modules.push_back(record.module);
      modules.back().layer = result.size() - 1;
    }
  }
  return Detector(std::move(result), std::move(modules));
}

}  // namespace trackgnn::simulation
