// Damaged binary events are InputErrors (line 0: the whole file), never a crash or a wrong event.
#include "trackgnn/io/binary_event.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "io_test_support.hpp"
#include "random_event.hpp"

namespace trackgnn::io {
namespace {

using testing::expect_input_error;
using testing::TempDirectory;

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class DamagedBinaryEvent : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::RandomEventMaker maker(11);
    write_binary_event(maker.make(5, 100, 10, true, true), file);
    intact = bytes_of(file);
  }
  void expect_rejected(const std::string& damaged, const std::string& says) {
    testing::write_text(file, damaged);
    expect_input_error([&] { read_binary_event(file); }, file, 0, says);
  }
  TempDirectory directory;
  std::filesystem::path file = binary_event_path(directory.path(), 5);
  std::string intact;
};

TEST_F(DamagedBinaryEvent, IntactFileReads) {
  EXPECT_EQ(file.filename(), "event000000005.tgnevent");
  const Event event = read_binary_event(file);
  EXPECT_EQ(event.event_id, 5u);
  EXPECT_EQ(event.spacepoints.size(), 100u);
  EXPECT_EQ(event.cells.size(), 200u);
  ASSERT_TRUE(event.truth.has_value());
  EXPECT_EQ(event.truth->particles.size(), 10u);
}

// A copy under another event's name would write its tracks over that event's: refused. A name
// that is not an event file's (a user's own) is read as it is.
TEST_F(DamagedBinaryEvent, RenamedToAnotherEventIsRefused) {
  const std::filesystem::path renamed = binary_event_path(directory.path(), 2);
  std::filesystem::copy_file(file, renamed);
  expect_input_error([&] { read_binary_event(renamed); }, renamed, 0, "holds event 5 but is named for event 2");
  const std::filesystem::path other = directory / "my-event.tgnevent";
  std::filesystem::copy_file(file, other);
  EXPECT_EQ(read_binary_event(other).event_id, 5u);
}

TEST_F(DamagedBinaryEvent, Truncated) {
  expect_rejected(intact.substr(0, intact.size() - 1), "truncated");
  expect_rejected(intact.substr(0, 20), "shorter than the 56-byte header");
  expect_rejected("", "truncated");
}

TEST_F(DamagedBinaryEvent, TrailingBytes) { expect_rejected(intact + "x", "corrupt"); }

TEST_F(DamagedBinaryEvent, WrongMagicOrVersion) {
  std::string damaged = intact;
  damaged[0] = 'X';
  expect_rejected(damaged, "wrong magic");
  damaged = intact;
  damaged[8] = 2;  // the format version follows the 8 magic bytes
  expect_rejected(damaged, "format version 2");
}

TEST_F(DamagedBinaryEvent, FlippedPayloadByte) {
  std::string damaged = intact;
  damaged[damaged.size() / 2] ^= 0x10;
  expect_rejected(damaged, "checksum");
}

TEST_F(DamagedBinaryEvent, HugeCountsInTheHeader) {
  std::string damaged = intact;
  for (std::size_t byte = 24; byte < 32; ++byte) damaged[byte] = '\xff';  // num_hits
  expect_rejected(damaged, "truncated or corrupt");
}

TEST(BinaryEvent, MissingFileAndDirectory) {
  TempDirectory directory;
  expect_input_error([&] { read_binary_event(directory / "event000000001.tgnevent"); },
                     directory / "event000000001.tgnevent", 0, "cannot open");
  expect_input_error([&] { list_binary_events(directory / "absent"); }, directory / "absent", 0, "no such directory");
}

TEST(BinaryEvent, ListsOnlyCanonicalBinaryEventNames) {
  TempDirectory directory;
  for (const char* name : {"event000000003.tgnevent", "event000000010.tgnevent", "event1.tgnevent",
                           "event000000004-hits.csv", "event000000005.tgnevent.partial", "notes.txt"})
    testing::write_text(directory / name, "");
  EXPECT_EQ(list_binary_events(directory.path()), (std::vector<std::uint64_t>{3, 10}));
}

}  // namespace
}  // namespace trackgnn::io
