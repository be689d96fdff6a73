// write -> read gives back exactly the same event, in CSV and in the binary form.
#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "random_event.hpp"
#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {
namespace {

using testing::expect_events_equal;
using testing::RandomEventMaker;
using testing::TempDirectory;

const std::filesystem::path kSampleDirectory = std::filesystem::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample";

TEST(CsvRoundTrip, RandomFloatsOfEveryMagnitudeComeBackExactly) {
  RandomEventMaker maker(2024);
  const Event original = maker.make(12, 2000, 50, true, true);
  TempDirectory directory;
  write_event(original, directory.path());
  expect_events_equal(original, read_event(directory.path(), 12));
}

TEST(CsvRoundTrip, ExtremeFloatsComeBackExactly) {
  Event original;
  original.event_id = 3;
  const float extremes[] = {-0.0f,
                            std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::min(),
                            std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::lowest(),
                            1e-30f,
                            16777217.0f,
                            0.1f};
  std::uint64_t id = 1;
  for (const float value : extremes) original.spacepoints.push_back(id++, value, -value, value, 0, 0, 0);
  original.spacepoints.derive_cylindrical();
  TempDirectory directory;
  write_event(original, directory.path());
  const Event back = read_event(directory.path(), 3);
  expect_events_equal(original, back);
  EXPECT_TRUE(std::signbit(back.spacepoints.x[0])) << "-0 keeps its sign";
}

TEST(CsvRoundTrip, EventWithoutCellsOrTruthWritesOnlyHitsAndRemovesStaleFiles) {
  RandomEventMaker maker(5);
  TempDirectory directory;
  write_event(maker.make(4, 30, 3, true, true), directory.path());
  const Event bare = maker.make(4, 20, 0, false, false);
  write_event(bare, directory.path());
  EXPECT_FALSE(std::filesystem::exists(directory / "event000000004-cells.csv"));
  EXPECT_FALSE(std::filesystem::exists(directory / "event000000004-truth.csv"));
  EXPECT_FALSE(std::filesystem::exists(directory / "event000000004-particles.csv"));
  expect_events_equal(bare, read_event(directory.path(), 4));
}

TEST(CsvRoundTrip, EmptyEvent) {
  Event empty;
  empty.event_id = 9;
  empty.truth.emplace();
  TempDirectory directory;
  write_event(empty, directory.path());
  expect_events_equal(empty, read_event(directory.path(), 9));
}

TEST(CsvRoundTrip, WriterRejectsColumnsOfUnequalLength) {
  RandomEventMaker maker(6);
  Event broken = maker.make(1, 10, 2, false, true);
  broken.truth->weight.pop_back();
  TempDirectory directory;
  EXPECT_THROW(write_event(broken, directory.path()), std::invalid_argument);
}

TEST(BinaryRoundTrip, RandomEventComesBackExactly) {
  RandomEventMaker maker(99);
  TempDirectory directory;
  for (const bool cells : {false, true})
    for (const bool truth : {false, true}) {
      const Event original = maker.make(77, 500, 20, cells, truth);
      const auto file = binary_event_path(directory.path(), 77);
      write_binary_event(original, file);
      expect_events_equal(original, read_binary_event(file));
    }
  Event empty;
  write_binary_event(empty, directory / "empty.tgnevent");
  expect_events_equal(empty, read_binary_event(directory / "empty.tgnevent"));
}

TEST(RoundTrip, RealSampleEventInBothForms) {
  if (!std::filesystem::exists(kSampleDirectory / "event000000001-hits.csv"))
    GTEST_SKIP() << "no TrackML sample at " << kSampleDirectory << " (it comes with ../shared)";
  const Event original = read_event(kSampleDirectory, 1);
  TempDirectory directory;
  write_event(original, directory.path());
  const Event from_csv = read_event(directory.path(), 1);
  expect_events_equal(original, from_csv);

  write_binary_event(original, binary_event_path(directory.path(), 1));
  expect_events_equal(original, read_binary_event(binary_event_path(directory.path(), 1)));
  EXPECT_EQ(list_binary_events(directory.path()), std::vector<std::uint64_t>{1});
  EXPECT_EQ(list_events(directory.path()), std::vector<std::uint64_t>{1});
}

}  // namespace
}  // namespace trackgnn::io
