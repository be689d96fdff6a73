#include "core/built_without_cuda.hpp"
#include "track_building/device/track_compaction.hpp"

namespace trackgnn::cuda {

CompactedTracks compact_tracks(const std::int32_t*, std::int64_t, std::int32_t, std::int64_t, std::int32_t*,
                               std::int64_t*, Stream) {
  throw_built_without_cuda("compact_tracks");
}

}  // namespace trackgnn::cuda
