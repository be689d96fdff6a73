#pragma once
// What the host framework holds per event, in its own types: trackgnn appears only inside the
// algorithm that calls it (gnn_track_finding.hpp).
#include <cstdint>
#include <vector>

namespace host {

struct SpacePoint {
  std::uint64_t source_link = 0;  // the framework's handle back to its measurement
  double x = 0, y = 0, z = 0;     // mm
  std::int32_t volume_id = 0, layer_id = 0;
  std::int64_t module_id = 0;
};

using ProtoTrack = std::vector<std::uint64_t>;  // source links of one track candidate

struct EventData {
  std::uint64_t event_number = 0;
  std::vector<SpacePoint> spacepoints;
};

}  // namespace host
