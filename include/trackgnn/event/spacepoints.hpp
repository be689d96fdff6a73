#pragma once
// Spacepoints of one event as a structure of arrays. Units: mm (TrackML convention).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trackgnn {

struct Spacepoints {
  std::vector<std::uint64_t> hit_id;
  std::vector<float> x, y, z;          // mm
  std::vector<float> r, phi, eta;      // derived by derive_cylindrical(): mm, rad in (-pi, pi], pseudorapidity
  std::vector<std::int32_t> volume_id, layer_id;
  std::vector<std::int64_t> module_id;
  // Cell (cluster) features from -cells.csv; empty when the event has none.
  std::vector<float> cell_count;       // number of cells in the cluster
  std::vector<float> cell_value;       // summed charge

  std::size_t size() const { return hit_id.size(); }
  bool empty() const { return hit_id.empty(); }
  bool has_cells() const { return !cell_count.empty(); }

  void reserve(std::size_t n);
  void push_back(std::uint64_t id, float hx, float hy, float hz, std::int32_t volume, std::int32_t layer,
                 std::int64_t module);
  // Fills r, phi, eta from x, y, z.
  void derive_cylindrical();
};

}  // namespace trackgnn
