#pragma once
// Events from a directory in whichever form it holds them: the binary eventNNNNNNNNN.tgnevent
// when present (an order of magnitude faster to load), else the TrackML CSV files.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {

// Ids of the events with CSV hits or a binary file, ascending, each once.
std::vector<std::uint64_t> list_events_any_format(const std::filesystem::path& directory);

// The binary file when it exists, else the CSV files (read as `options` says; a binary event
// carries whatever it was written with).
Event read_event_any_format(const std::filesystem::path& directory, std::uint64_t event_id,
                            const ReadOptions& options = {});

}  // namespace trackgnn::io
