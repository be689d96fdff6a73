#pragma once
// Raw pixel/strip cells of the clusters (TrackML -cells.csv), kept so an event round-trips.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trackgnn {

struct Cells {
  std::vector<std::int32_t> hit_index;  // index into the event's spacepoints
  std::vector<std::int32_t> ch0, ch1;   // channel ids in the module's u and v direction
  std::vector<float> value;             // deposited charge (arbitrary units, as in TrackML)

  std::size_t size() const { return hit_index.size(); }
  bool empty() const { return hit_index.empty(); }
};

}  // namespace trackgnn
