#pragma once
// The simulated detector: TrackML's layout idealised to one cylinder per barrel layer and one
// plane disk per endcap layer, each segmented into modules by rows (barrel: phi x z) or rings
// (disk: phi x r), with TrackML's volume / layer / module ids. Units: mm.
//
// Two levels: layers (one cylinder or disk each) order a particle's crossings, and modules (flat
// rectangles and trapezoids with their own position and rotation) are what a crossing actually
// hits. Neighbouring modules of a layer overlap, so a particle can leave two hits on one layer,
// as in real data.
//
// Sources: Detector::trackml() carries numbers read off the official TrackML detectors.csv
// (18,728 modules) and places each module tangent to its idealised layer; Detector::from_csv()
// takes every module as the file gives it (position, rotation, size, thickness, pitch), so the
// real file's tilts and staggering are simulated exactly. default_detector_file() is the real
// file shipped with trackgnn.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trackgnn::simulation {

enum class SurfaceKind { cylinder, disk };
// Sensor technology, which fixes the response (efficiency, material) taken from the configuration.
enum class Technology { pixel, short_strip, long_strip };

std::string to_string(Technology technology);

// One row of barrel modules at a fixed z, or one ring of disk modules at a fixed radius. Module k
// covers azimuth [-pi + k * 2pi / n, -pi + (k + 1) * 2pi / n), centred in its bin.
struct ModuleRing {
  double centre = 0;          // barrel: z of the module centres; disk: radius of the module centres
  double half_length = 0;     // along z (barrel) or r (disk): TrackML module_hv
  double min_half_width = 0;  // across, at the end nearest the beam (disk) / everywhere (barrel): module_minhu
  double max_half_width = 0;  // across, at the outer end: module_maxhu
  std::vector<std::int64_t> module_ids;  // by azimuth bin; size is the number of modules in phi

  std::size_t modules_in_phi() const { return module_ids.size(); }
  // Azimuth of the centre of bin `k`.
  double module_phi(std::size_t k) const;
};

struct Layer {
  std::int32_t volume_id = 0;
  std::int32_t layer_id = 0;
  SurfaceKind kind = SurfaceKind::cylinder;
  Technology technology = Technology::pixel;
  double position = 0;              // cylinder: radius; disk: z
  double thickness = 0;             // sensor thickness: TrackML module_t
  double pitch_u = 0, pitch_v = 0;  // channel pitch across / along the module
  std::vector<ModuleRing> rings;    // ordered by centre

  // Active extent: z range of a cylinder, r range of a disk.
  double min_extent() const;
  double max_extent() const;
  bool covers(double coordinate) const { return coordinate >= min_extent() && coordinate <= max_extent(); }
  std::size_t module_count() const;
};

// One sensor module, as a record of TrackML's detectors.csv: a flat rectangle (barrel) or
// trapezoid (disk) whose local axes u (across), v (along) and w (normal) are the columns of the
// file's rotation. The trapezoid is module_minhu wide at v = -half_length, module_maxhu at
// +half_length.
struct Module {
  std::int64_t module_id = 0;
  std::size_t layer = 0;  // index into Detector::layers()
  double centre[3] = {0, 0, 0};
  double u[3] = {1, 0, 0}, v[3] = {0, 1, 0}, w[3] = {0, 0, 1};
  double thickness = 0, min_half_width = 0, max_half_width = 0, half_length = 0;
  double pitch_u = 0, pitch_v = 0;

  double half_width_at(double local_v) const {
    return min_half_width + (max_half_width - min_half_width) * (local_v + half_length) / (2 * half_length);
  }
  bool contains(double local_u, double local_v) const {
    return local_v >= -half_length && local_v <= half_length && local_u >= -half_width_at(local_v) &&
           local_u <= half_width_at(local_v);
  }
};

class Detector {
 public:
  Detector() = default;
  // Without modules, each ring's modules are placed tangent to their layer at the centre of
  // their azimuth bin.
  explicit Detector(std::vector<Layer> layers, std::vector<Module> modules = {});

  // The built-in TrackML description (see the file comment for its source).
  static Detector trackml();
  // Derives the description from a TrackML detectors.csv. Throws InputError (file, line) for an
  // unreadable file or a record that is malformed or does not fit the barrel/disk segmentation.
  static Detector from_csv(const std::filesystem::path& file);

  const std::vector<Layer>& layers() const { return layers_; }
  // Indices into layers(): cylinders by radius, disks by z.
  const std::vector<std::size_t>& cylinders() const { return cylinders_; }
  const std::vector<std::size_t>& disks() const { return disks_; }
  std::size_t module_count() const;
  const std::vector<Module>& modules() const { return modules_; }
  // Indices into modules() of the modules of `layer` that may contain a point near (x, y, z) of
  // that layer: a superset, found from the point's azimuth; the caller tests each exactly.
  const std::vector<std::size_t>& modules_near(std::size_t layer, double x, double y) const;
  // Largest |z| and r of any active surface: a particle beyond both has left the detector.
  double max_abs_z() const { return max_abs_z_; }
  double max_radius() const { return max_radius_; }

  // Writes one detectors.csv record per module (TrackML columns).
  void write_csv(const std::filesystem::path& file) const;

 private:
  void index_modules();

  std::vector<Layer> layers_;
  std::vector<Module> modules_;
  // Per layer, per azimuth bin of width 2 pi / kModuleIndexBins: the modules that reach into it.
  std::vector<std::vector<std::vector<std::size_t>>> modules_by_azimuth_;
  std::vector<std::size_t> cylinders_;
  std::vector<std::size_t> disks_;
  double max_abs_z_ = 0;
  double max_radius_ = 0;
};

// The real TrackML detectors.csv shipped with trackgnn: $TRACKGNN_DETECTOR_FILE, else the copy in
// the source tree, else the installed copy.
std::filesystem::path default_detector_file();

}  // namespace trackgnn::simulation
