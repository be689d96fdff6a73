#pragma once
// Cluster-shape node features of TrackML events as Exa.TrkX and acorn compute them: from each
// hit's cells (-cells.csv) the number of channels its cluster spans along the module's two axes,
// and from the module's pitches, thickness and rotation (detectors.csv) that extent in mm and its
// direction, in the module's frame and in the global one.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <tuple>
#include <vector>

#include "trackgnn/event/cells.hpp"
#include "trackgnn/event/spacepoints.hpp"

namespace trackgnn {

struct ModuleGeometry {
  double pitch_u = 0, pitch_v = 0;      // mm per channel across the module (ch0) and along it (ch1)
  double module_t = 0;                  // TrackML's module_t, mm
  std::array<double, 3> u{}, v{}, w{};  // the module's local axes in global coordinates
};

// The modules of a detector by (volume_id, layer_id, module_id).
class DetectorModules {
 public:
  // A TrackML detectors.csv: volume_id, layer_id, module_id, rot_xu ... rot_zw, module_t,
  // pitch_u and pitch_v (other columns ignored). InputError (file, line) for a malformed record,
  // a module listed twice, or a pitch or thickness that is not positive.
  static DetectorModules read_csv(const std::filesystem::path& file);

  void add(std::int32_t volume_id, std::int32_t layer_id, std::int64_t module_id, const ModuleGeometry& module);
  // nullptr when the detector has no such module.
  const ModuleGeometry* find(std::int32_t volume_id, std::int32_t layer_id, std::int64_t module_id) const;
  std::size_t size() const { return modules_.size(); }

 private:
  std::map<std::tuple<std::int32_t, std::int32_t, std::int64_t>, ModuleGeometry> modules_;
};

// Per spacepoint. With n_u and n_v the channels the cluster spans (largest minus smallest ch0,
// resp. ch1, plus one):
struct ClusterShapes {
  std::vector<float> lx, ly, lz;  // n_u * pitch_u, n_v * pitch_v, 2 * module_t: mm, in the module's frame
  std::vector<float> leta, lphi;  // pseudorapidity and azimuth of (lx, ly, lz) in the module's frame
  std::vector<float> geta, gphi;  // of the same vector in global coordinates (lx u + ly v + lz w)
};

// std::invalid_argument naming the hit when a spacepoint has no cells or its module is not in
// `modules`.
ClusterShapes cluster_shapes(const Spacepoints& spacepoints, const Cells& cells, const DetectorModules& modules);

}  // namespace trackgnn
