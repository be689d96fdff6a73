#include "trackgnn/track/track_builder.hpp"

#include "track_building/track_builder_registry.hpp"

namespace trackgnn {

std::unique_ptr<TrackBuilder> make_track_builder(const TrackBuildingCard& config, Device device) {
  return TrackBuilderRegistry::instance().create(config.builder, device, config);
}

}  // namespace trackgnn
