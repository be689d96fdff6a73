#include "io/hit_lookup.hpp"

#include <stdexcept>
#include <string>

namespace trackgnn::io {

HitLookup::HitLookup(const Spacepoints& spacepoints) {
  reserve(spacepoints.size());
  for (std::size_t i = 0; i < spacepoints.size(); ++i)
    if (!insert(spacepoints.hit_id[i], static_cast<std::int32_t>(i)))
      throw std::invalid_argument("spacepoints hold hit_id " + std::to_string(spacepoints.hit_id[i]) + " twice");
}

}  // namespace trackgnn::io
