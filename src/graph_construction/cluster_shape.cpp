#include "trackgnn/graph/cluster_shape.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "io/csv_reader.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {

namespace {

// Exa.TrkX takes the cluster's depth as twice TrackML's module_t.
constexpr double kDepthPerModuleT = 2.0;

struct ChannelRange {
  std::int32_t low_u = std::numeric_limits<std::int32_t>::max();
  std::int32_t high_u = std::numeric_limits<std::int32_t>::min();
  std::int32_t low_v = std::numeric_limits<std::int32_t>::max();
  std::int32_t high_v = std::numeric_limits<std::int32_t>::min();

  bool empty() const { return low_u > high_u; }
  double spanned_u() const { return static_cast<double>(high_u) - low_u + 1; }
  double spanned_v() const { return static_cast<double>(high_v) - low_v + 1; }
};

struct Direction {
  float eta = 0, phi = 0;
};

// The vector's pseudorapidity -ln tan(theta / 2) and azimuth, theta its angle to the third axis.
Direction direction_of(double x, double y, double z) {
  const double transverse = std::hypot(x, y);
  return {static_cast<float>(std::asinh(z / transverse)), static_cast<float>(std::atan2(y, x))};
}

std::string hit_name(const Spacepoints& spacepoints, std::size_t index) {
  return "hit_id " + std::to_string(spacepoints.hit_id[index]) + " (volume " +
         std::to_string(spacepoints.volume_id[index]) + ", layer " + std::to_string(spacepoints.layer_id[index]) +
         ", module " + std::to_string(spacepoints.module_id[index]) + ")";
}

}  // namespace

DetectorModules DetectorModules::read_csv(const std::filesystem::path& file) {
  io::CsvReader reader(file);
  const auto volume_column = reader.column("volume_id"), layer_column = reader.column("layer_id"),
             module_column = reader.column("module_id"), thickness_column = reader.column("module_t"),
             pitch_u_column = reader.column("pitch_u"), pitch_v_column = reader.column("pitch_v");
  const char* const kGlobalAxes = "xyz";
  std::size_t u_columns[3], v_columns[3], w_columns[3];
  for (int row = 0; row < 3; ++row) {
    const std::string prefix = std::string("rot_") + kGlobalAxes[row];
    u_columns[row] = reader.column(prefix + "u");
    v_columns[row] = reader.column(prefix + "v");
    w_columns[row] = reader.column(prefix + "w");
  }
  DetectorModules result;
  while (reader.next()) {
    ModuleGeometry module;
    module.pitch_u = reader.get<double>(pitch_u_column);
    module.pitch_v = reader.get<double>(pitch_v_column);
    module.module_t = reader.get<double>(thickness_column);
    // rot_<global axis><local axis>: the local axes are the rotation's columns.
    for (int row = 0; row < 3; ++row) {
      module.u[row] = reader.get<double>(u_columns[row]);
      module.v[row] = reader.get<double>(v_columns[row]);
      module.w[row] = reader.get<double>(w_columns[row]);
    }
    if (!(module.pitch_u > 0) || !(module.pitch_v > 0) || !(module.module_t > 0))
      reader.fail("pitch_u, pitch_v and module_t must be positive");
    const auto volume = reader.get<std::int32_t>(volume_column);
    const auto layer = reader.get<std::int32_t>(layer_column);
    const auto module_id = reader.get<std::int64_t>(module_column);
    if (result.find(volume, layer, module_id) != nullptr)
      reader.fail("module (" + std::to_string(volume) + ", " + std::to_string(layer) + ", " + std::to_string(module_id) +
                  ") is listed twice");
    result.add(volume, layer, module_id, module);
  }
  return result;
}

void DetectorModules::add(std::int32_t volume_id, std::int32_t layer_id, std::int64_t module_id,
                          const ModuleGeometry& module) {
  modules_[{volume_id, layer_id, module_id}] = module;
}

const ModuleGeometry* DetectorModules::find(std::int32_t volume_id, std::int32_t layer_id,
                                            std::int64_t module_id) const {
  const auto found = modules_.find({volume_id, layer_id, module_id});
  return found == modules_.end() ? nullptr : &found->second;
}

ClusterShapes cluster_shapes(const Spacepoints& spacepoints, const Cells& cells, const DetectorModules& modules) {
  const std::size_t n = spacepoints.size();
  std::vector<ChannelRange> ranges(n);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const auto hit = static_cast<std::size_t>(cells.hit_index[c]);
    if (hit >= n) throw std::invalid_argument("cell " + std::to_string(c) + " names spacepoint " + std::to_string(hit) +
                                              " of " + std::to_string(n));
    ChannelRange& range = ranges[hit];
    range.low_u = std::min(range.low_u, cells.ch0[c]);
    range.high_u = std::max(range.high_u, cells.ch0[c]);
    range.low_v = std::min(range.low_v, cells.ch1[c]);
    range.high_v = std::max(range.high_v, cells.ch1[c]);
  }
  ClusterShapes shapes;
  for (auto* column : {&shapes.lx, &shapes.ly, &shapes.lz, &shapes.leta, &shapes.lphi, &shapes.geta, &shapes.gphi})
    column->resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (ranges[i].empty())
      throw std::invalid_argument(hit_name(spacepoints, i) + " has no cells: its cluster-shape features are undefined");
    const ModuleGeometry* module = modules.find(spacepoints.volume_id[i], spacepoints.layer_id[i], spacepoints.module_id[i]);
    if (module == nullptr)
      throw std::invalid_argument(hit_name(spacepoints, i) + " is on a module the detector description lacks");
    const double lx = ranges[i].spanned_u() * module->pitch_u;
    const double ly = ranges[i].spanned_v() * module->pitch_v;
    const double lz = kDepthPerModuleT * module->module_t;
    const Direction local = direction_of(lx, ly, lz);
    const Direction global = direction_of(lx * module->u[0] + ly * module->v[0] + lz * module->w[0],
                                          lx * module->u[1] + ly * module->v[1] + lz * module->w[1],
                                          lx * module->u[2] + ly * module->v[2] + lz * module->w[2]);
    shapes.lx[i] = static_cast<float>(lx);
    shapes.ly[i] = static_cast<float>(ly);
    shapes.lz[i] = static_cast<float>(lz);
    shapes.leta[i] = local.eta;
    shapes.lphi[i] = local.phi;
    shapes.geta[i] = global.eta;
    shapes.gphi[i] = global.phi;
  }
  return shapes;
}

}  // namespace trackgnn
