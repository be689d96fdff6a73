#pragma once
#include <cstdint>
#include <optional>

#include "trackgnn/event/cells.hpp"
#include "trackgnn/event/spacepoints.hpp"
#include "trackgnn/event/truth.hpp"

namespace trackgnn {

struct Event {
  std::uint64_t event_id = 0;
  Spacepoints spacepoints;
  Cells cells;                 // empty when the event has no -cells.csv
  std::optional<Truth> truth;  // present when the event came with -truth.csv and -particles.csv
};

}  // namespace trackgnn
