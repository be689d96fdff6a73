// A directory may hold CSV events, binary events or both: each event is listed once, and the
// binary form wins where it exists.
#include <gtest/gtest.h>

#include "io/io_test_support.hpp"
#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/event_source.hpp"

namespace trackgnn::io {
namespace {

using testing::TempDirectory;
constexpr std::uint64_t kCsvEvent = testing::kSmallEventId;

TEST(EventSource, ListsEachEventOnceWhateverItsForm) {
  TempDirectory directory;
  testing::write_small_event(directory.path());
  Event event = read_event(directory.path(), kCsvEvent);
  write_binary_event(event, binary_event_path(directory.path(), kCsvEvent));  // both forms
  event.event_id = kCsvEvent + 5;
  write_binary_event(event, binary_event_path(directory.path(), kCsvEvent + 5));  // binary only
  EXPECT_EQ(list_events_any_format(directory.path()), (std::vector<std::uint64_t>{kCsvEvent, kCsvEvent + 5}));
}

TEST(EventSource, PrefersTheBinaryFormAndFallsBackToCsv) {
  TempDirectory directory;
  testing::write_small_event(directory.path());
  const Event from_csv = read_event_any_format(directory.path(), kCsvEvent);
  testing::expect_events_equal(from_csv, read_event(directory.path(), kCsvEvent));

  Event shifted = from_csv;
  shifted.spacepoints.x[0] += 1.0f;  // so the test can tell which file was read
  write_binary_event(shifted, binary_event_path(directory.path(), kCsvEvent));
  EXPECT_EQ(read_event_any_format(directory.path(), kCsvEvent).spacepoints.x[0], shifted.spacepoints.x[0]);
}

// Unrelated entries, a dangling link among them, are not events; an event whose hits file is
// missing, or is a directory, while its other files are there is an error naming the hits file.
TEST(EventSource, SkipsUnrelatedEntriesAndRefusesAnEventWithoutItsHits) {
  TempDirectory directory;
  testing::write_small_event(directory.path());
  std::filesystem::create_symlink(directory / "nowhere", directory / "dangling");
  std::filesystem::create_symlink(directory / "event000000009-hits.csv", directory / "event000000009-hits.csv.link");
  EXPECT_EQ(list_events_any_format(directory.path()), (std::vector<std::uint64_t>{kCsvEvent}));

  const auto prefix = directory / "event000000008";
  std::filesystem::copy_file(directory / "event000000007-truth.csv", prefix.string() + "-truth.csv");
  const auto hits = prefix.string() + "-hits.csv";
  testing::expect_input_error([&] { list_events_any_format(directory.path()); }, hits, 0, "missing or not a file");
  std::filesystem::create_directory(hits);
  testing::expect_input_error([&] { list_events_any_format(directory.path()); }, hits, 0, "missing or not a file");
}

}  // namespace
}  // namespace trackgnn::io
