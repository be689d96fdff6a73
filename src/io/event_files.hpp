#pragma once
// Names of an event's files: eventNNNNNNNNN-<kind>.csv.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace trackgnn::io {

// directory / "eventNNNNNNNNN-<kind>.csv"
std::filesystem::path event_csv_path(const std::filesystem::path& directory, std::uint64_t event_id,
                                     std::string_view kind);

// The id of a file named "event<digits><suffix>" (the canonical nine-digit spelling), or nothing
// for any other name.
std::optional<std::uint64_t> event_id_of(std::string_view name, std::string_view suffix);

// Event ids of the files in `directory` named "event<digits><suffix>", ascending. Throws
// InputError if the directory does not exist.
std::vector<std::uint64_t> list_event_files(const std::filesystem::path& directory, std::string_view suffix);

}  // namespace trackgnn::io
