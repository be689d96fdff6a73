#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {
namespace {

using testing::expect_input_error;
using testing::TempDirectory;
using testing::write_text;

Spacepoints five_hits() {
  Spacepoints hits;
  for (const std::uint64_t id : {10, 20, 30, 40, 50}) hits.push_back(id, 1.0f, 2.0f, 3.0f, 8, 2, 1);
  hits.derive_cylindrical();
  return hits;
}

TEST(TracksCsv, WritesEveryHitWithItsTrackOrMinusOne) {
  TrackCandidates tracks;
  tracks.add_track({3, 4});
  tracks.add_track({0, 1});
  TempDirectory directory;
  write_tracks(directory.path(), 2, five_hits(), tracks);
  std::ifstream in(directory / "event000000002-tracks.csv");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "hit_id,track_id\n10,1\n20,1\n30,-1\n40,0\n50,0\n");
}

TEST(TracksCsv, RoundTripKeepsTrackOrder) {
  TrackCandidates tracks;
  tracks.add_track({3, 4});
  tracks.add_track({0, 1, 2});
  TempDirectory directory;
  write_tracks(directory.path(), 2, five_hits(), tracks);
  EXPECT_EQ(read_tracks(directory.path(), 2, five_hits()), tracks);

  TrackCandidates none;
  write_tracks(directory.path(), 3, five_hits(), none);
  EXPECT_TRUE(read_tracks(directory.path(), 3, five_hits()).empty());
}

// Each writer stages its file under a name of its own: another run's half-written file (here
// under the name a shared staging scheme would use) is neither written into nor published, and
// no staging file is left behind.
TEST(TracksCsv, WritersNeverShareAStagingFile) {
  TempDirectory directory;
  const std::string foreign = "hit_id,track_id\n10,7\n";
  write_text(directory / "event000000002-tracks.csv.partial", foreign);
  TrackCandidates tracks;
  tracks.add_track({0, 1});
  write_tracks(directory.path(), 2, five_hits(), tracks);
  write_tracks(directory.path(), 2, five_hits(), tracks);
  EXPECT_EQ(read_tracks(directory.path(), 2, five_hits()), tracks);
  std::ifstream in(directory / "event000000002-tracks.csv.partial");
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), foreign);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 2u) << "the tracks file and the foreign staging file only";
}

TEST(TracksCsv, ReadsTracksWithSparseIdsAndUnlistedHits) {
  TempDirectory directory;
  write_text(directory / "event000000002-tracks.csv", "track_id,hit_id\n900,50\n7,20\n900,30\n7,10\n");
  const TrackCandidates tracks = read_tracks(directory.path(), 2, five_hits());
  TrackCandidates expected;
  expected.add_track({0, 1});
  expected.add_track({2, 4});
  EXPECT_EQ(tracks, expected);
}

TEST(TracksCsv, WriterRejectsAHitInTwoTracks) {
  TrackCandidates shared;
  shared.add_track({0, 1});
  shared.add_track({1, 2});
  TempDirectory directory;
  EXPECT_THROW(write_tracks(directory.path(), 2, five_hits(), shared), std::invalid_argument);
}

TEST(TracksCsv, BadFiles) {
  TempDirectory directory;
  const auto file = directory / "event000000002-tracks.csv";
  const auto read = [&] { read_tracks(directory.path(), 2, five_hits()); };
  expect_input_error(read, file, 0, "cannot open");
  write_text(file, "hit_id,track_id\n10,0\n60,0\n");
  expect_input_error(read, file, 3, "hit_id 60 is not in the event");
  write_text(file, "hit_id,track_id\n10,0\n20,0\n10,1\n");
  expect_input_error(read, file, 4, "duplicate hit_id 10");
  write_text(file, "hit_id,track_id\n10,0\n20,-2\n");
  expect_input_error(read, file, 3, "track_id -2 is negative");
  write_text(file, "hit_id\n10\n");
  expect_input_error(read, file, 1, "missing column 'track_id'");
}

}  // namespace
}  // namespace trackgnn::io
