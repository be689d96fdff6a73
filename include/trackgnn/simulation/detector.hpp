#pragma once
// The simulated detector: TrackML's layout idealised to one cylinder per barrel layer and one
// plane disk per endcap layer, each segmented into modules by rows (barrel: phi x z) or rings
// (disk: phi x r), with TrackML's volume / layer / module ids. Units: mm.
//
// Sources: Detector::trackml() carries numbers read off the official TrackML detectors.csv
// (../shared/data/trackml-sample/detectors.csv, 18,728 modules); Detector::from_csv() derives
// the same description from such a file. What the idealisation drops: module tilt, the
// few-mm radial / z staggering of neighbouring modules, and the trapezoid corners of disk modules.
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
  std::size_t phi_bin(double phi) const;
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
  // The ring whose centre is nearest `coordinate` (z for a cylinder, r for a disk).
  const ModuleRing& ring_at(double coordinate) const;
  std::size_t module_count() const;
};

class Detector {
 public:
  Detector() = default;
  explicit Detector(std::vector<Layer> layers);

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
  // Largest |z| and r of any active surface: a particle beyond both has left the detector.
  double max_abs_z() const { return max_abs_z_; }
  double max_radius() const { return max_radius_; }

  // Writes one detectors.csv record per module (TrackML columns, module centres and local frames
  // of the idealised surfaces: u across, v along z (barrel) or outward in r (disk)).
  void write_csv(const std::filesystem::path& file) const;

 private:
  std::vector<Layer> layers_;
  std::vector<std::size_t> cylinders_;
  std::vector<std::size_t> disks_;
  double max_abs_z_ = 0;
  double max_radius_ = 0;
};

}  // namespace trackgnn::simulation
