#include "trackgnn/io/event_source.hpp"

#include <algorithm>

#include "trackgnn/io/binary_event.hpp"

namespace trackgnn::io {

std::vector<std::uint64_t> list_events_any_format(const std::filesystem::path& directory) {
  std::vector<std::uint64_t> ids = list_events(directory);
  const std::vector<std::uint64_t> binary = list_binary_events(directory);
  ids.insert(ids.end(), binary.begin(), binary.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Event read_event_any_format(const std::filesystem::path& directory, std::uint64_t event_id,
                            const ReadOptions& options) {
  const auto binary = binary_event_path(directory, event_id);
  if (std::filesystem::exists(binary)) return read_binary_event(binary);
  return read_event(directory, event_id, options);
}

}  // namespace trackgnn::io
