#include "io/event_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {

namespace {

constexpr std::string_view kEventPrefix = "event";

}  // namespace

std::optional<std::uint64_t> event_id_of(std::string_view name, std::string_view suffix) {
  if (name.size() <= kEventPrefix.size() + suffix.size()) return std::nullopt;
  if (name.substr(0, kEventPrefix.size()) != kEventPrefix) return std::nullopt;
  if (name.substr(name.size() - suffix.size()) != suffix) return std::nullopt;
  const std::string_view digits = name.substr(kEventPrefix.size(), name.size() - kEventPrefix.size() - suffix.size());
  std::uint64_t id = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  // Only the canonical spelling, so that the id leads back to this very file.
  if (digits != event_prefix(id).substr(kEventPrefix.size())) return std::nullopt;
  return id;
}

std::string event_prefix(std::uint64_t event_id) { return fmt::format("{}{:09d}", kEventPrefix, event_id); }

std::filesystem::path event_csv_path(const std::filesystem::path& directory, std::uint64_t event_id,
                                     std::string_view kind) {
  return directory / fmt::format("{}-{}.csv", event_prefix(event_id), kind);
}

std::vector<std::uint64_t> list_event_files(const std::filesystem::path& directory, std::string_view suffix) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) throw InputError(directory.string(), 0, "no such directory");
  std::vector<std::uint64_t> ids;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    // Entries that cannot be inspected (a dangling or looping link, no permission) are not events.
    std::error_code unreadable;
    if (!entry.is_regular_file(unreadable)) continue;
    if (const auto id = event_id_of(entry.path().filename().string(), suffix)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::uint64_t> list_events(const std::filesystem::path& directory) {
  const std::vector<std::uint64_t> ids = list_event_files(directory, "-hits.csv");
  // An event whose other files are there but whose hits file is missing (or is not a file) is an
  // error, not an event to skip in silence; a binary copy of the event stands in for its CSV.
  for (const char* kind : {"cells", "truth", "particles"}) {
    for (const std::uint64_t id : list_event_files(directory, std::string("-") + kind + ".csv")) {
      std::error_code error;
      if (std::binary_search(ids.begin(), ids.end(), id) ||
          std::filesystem::is_regular_file(binary_event_path(directory, id), error))
        continue;
      throw InputError(event_csv_path(directory, id, "hits").string(), 0,
                       fmt::format("missing or not a file, while the event's {} file is there", kind));
    }
  }
  return ids;
}

}  // namespace trackgnn::io
