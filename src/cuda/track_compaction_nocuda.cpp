#include <stdexcept>

#include "cuda/track_compaction.hpp"

namespace trackgnn::cuda {

CompactedTracks compact_tracks(const std::int32_t*, std::int64_t, std::int32_t, std::int64_t, std::int32_t*,
                               std::int64_t*, Stream) {
  throw std::runtime_error("compact_tracks on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}

}  // namespace trackgnn::cuda
