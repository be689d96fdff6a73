#pragma once
// A compact binary form of an Event (eventNNNNNNNNN.tgnevent) that loads an order of magnitude
// faster than CSV: a header (magic, format version, flags, event id, hit/cell/particle counts,
// payload checksum) followed by the columns as little-endian arrays. r, phi, eta are derived
// again on reading, as for CSV. A file that is truncated, has the wrong magic or version,
// fails its checksum, or holds an out-of-range cell index is an InputError.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "trackgnn/event/event.hpp"

namespace trackgnn::io {

// directory / "eventNNNNNNNNN.tgnevent"
std::filesystem::path binary_event_path(const std::filesystem::path& directory, std::uint64_t event_id);

// Writes `event` to `file` (creating its directory). Columns of unequal length are
// std::invalid_argument; a file that cannot be written is std::runtime_error.
void write_binary_event(const Event& event, const std::filesystem::path& file);

Event read_binary_event(const std::filesystem::path& file);

// Event ids with a .tgnevent file in `directory`, ascending. Throws InputError if the directory
// does not exist.
std::vector<std::uint64_t> list_binary_events(const std::filesystem::path& directory);

}  // namespace trackgnn::io
