// Every kind of bad CSV input is an InputError naming the file and the 1-based line (the header
// is line 1; line 0 means the whole file).
#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {
namespace {

using testing::expect_input_error;
using testing::kSmallEventId;
using testing::TempDirectory;
using testing::write_small_event;
using testing::write_text;

class BadCsv : public ::testing::Test {
 protected:
  void SetUp() override { write_small_event(directory.path()); }
  std::filesystem::path file(const std::string& kind) const { return directory / ("event000000007-" + kind + ".csv"); }
  // Replaces one file of the small event and expects reading the event to fail there.
  void expect_error(const std::string& kind, const std::string& text, std::size_t line, const std::string& says,
                    const ReadOptions& options = {}) {
    write_text(file(kind), text);
    expect_input_error([&] { read_event(directory.path(), kSmallEventId, options); }, file(kind), line, says);
  }
  TempDirectory directory;
};

const std::string kHitsHeader = "hit_id,x,y,z,volume_id,layer_id,module_id\n";

TEST_F(BadCsv, TheSmallEventItselfIsValid) {
  const Event event = read_event(directory.path(), kSmallEventId);
  ASSERT_EQ(event.spacepoints.size(), 3u);
  EXPECT_EQ(event.spacepoints.cell_count, (std::vector<float>{1, 2, 1}));
  EXPECT_EQ(event.spacepoints.cell_value, (std::vector<float>{0.25f, 0.625f, 1.0f}));
  EXPECT_EQ(event.cells.hit_index, (std::vector<std::int32_t>{0, 1, 1, 2}));
  ASSERT_TRUE(event.truth.has_value());
  EXPECT_EQ(event.truth->particle_id, (std::vector<std::uint64_t>{4505867370102784u, 4505867370102784u, 0u}));
  EXPECT_FLOAT_EQ(event.spacepoints.r[2], 500.0f);
}

TEST_F(BadCsv, MissingColumn) {
  expect_error("hits", "hit_id,x,y,volume_id,layer_id,module_id\n1,1,2,7,2,1\n", 1, "missing column 'z'");
  write_small_event(directory.path());
  expect_error("truth", "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz\n1,0,1,1,1,1,1,1\n", 1, "missing column 'weight'");
}

TEST_F(BadCsv, NonNumericField) {
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,abc,3,7,2,1\n5,1,2,3,7,2,1\n", 3,
               "column 'y': 'abc' is not a number");
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2 5,3,7,2,1\n", 3, "is not a number");
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2,,7,2,1\n", 3, "column 'z' is empty");
}

TEST_F(BadCsv, NotANumberOrInfinite) {
  expect_error("hits", kHitsHeader + "1,nan,2,3,7,2,1\n", 2, "not finite");
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2,3,7,2,1\n5,1,-inf,3,7,2,1\n", 4, "not finite");
  write_small_event(directory.path());
  expect_error("cells", "hit_id,ch0,ch1,value\n1,1,1,0.5\n2,1,1,inf\n", 3, "column 'value': 'inf' is not finite");
  expect_error("hits", kHitsHeader + "1,1e39,2,3,7,2,1\n", 2, "out of range");
}

TEST_F(BadCsv, IntegerColumns) {
  expect_error("hits", kHitsHeader + "1,1,2,3,7.5,2,1\n", 2, "column 'volume_id': '7.5' is not an integer");
  expect_error("hits", kHitsHeader + "-1,1,2,3,7,2,1\n", 2, "column 'hit_id': '-1' is out of range");
  expect_error("hits", kHitsHeader + "1,1,2,3,7,99999999999,1\n", 2, "column 'layer_id'");
  // An integral value written as a float (pandas does this after a NaN) is accepted.
  write_text(file("hits"), kHitsHeader + "1,1,2,3,7.0,2,1e2\n2,1,2,3,7,2,1\n5,1,2,3,7,2,1\n");
  const Event event = read_event(directory.path(), kSmallEventId);
  EXPECT_EQ(event.spacepoints.volume_id[0], 7);
  EXPECT_EQ(event.spacepoints.module_id[0], 100);
}

TEST_F(BadCsv, TruncatedLine) {
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2,3\n5,1,2,3,7,2,1\n", 3, "expected 7 fields");
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2,3,7,2,1,8\n", 3, "found 8");
}

TEST_F(BadCsv, FileCutInTheMiddleOfItsLastRecord) {
  expect_error("truth", testing::kTruth.substr(0, testing::kTruth.size() - 8), 4, "truncated last line");
  // Without a final newline but complete, the last record is fine.
  write_small_event(directory.path());
  write_text(file("hits"), testing::kHits.substr(0, testing::kHits.size() - 1));
  EXPECT_EQ(read_event(directory.path(), kSmallEventId).spacepoints.size(), 3u);
}

// A file without a final newline is read whole, its last record checked like every other, and a
// warning names the file and that record's line: a cut inside the last field cannot be told from
// a writer that left the newline out.
TEST_F(BadCsv, MissingFinalNewlineIsReadWithAWarningNamingTheLastLine) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(read_event(directory.path(), kSmallEventId).spacepoints.size(), 3u);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << "every file of the small event ends with a newline";

  write_text(file("hits"), testing::kHits.substr(0, testing::kHits.size() - 1));
  ::testing::internal::CaptureStderr();
  const Event event = read_event(directory.path(), kSmallEventId);
  const std::string warning = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(event.spacepoints.size(), 3u);
  EXPECT_EQ(event.spacepoints.module_id[2], 1021);
  EXPECT_NE(warning.find(file("hits").string() + ":4: the file does not end with a newline"), std::string::npos)
      << warning;
}

TEST_F(BadCsv, FileCutInsideItsLastField) {
  const std::string complete_hits = testing::kHits.substr(0, testing::kHits.size() - 1);  // ends "...,13,6,1021"
  // Cut inside the module id: a valid record, read as it stands, with the warning.
  write_text(file("hits"), complete_hits.substr(0, complete_hits.size() - 2));
  ::testing::internal::CaptureStderr();
  const Event event = read_event(directory.path(), kSmallEventId);
  const std::string warning = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(event.spacepoints.module_id[2], 10);
  EXPECT_NE(warning.find(file("hits").string() + ":4: the file does not end with a newline, so its last record may "
                                                 "have been cut short"),
            std::string::npos)
      << warning;
  // Cut right after a comma, or before it: the field count and the number format are checked.
  expect_error("hits", complete_hits.substr(0, complete_hits.size() - 4), 4, "column 'module_id' is empty");
  expect_error("hits", complete_hits.substr(0, complete_hits.size() - 5), 4, "truncated last line: expected 7 fields");
  write_small_event(directory.path());
  const std::string truth_but_its_last_record = testing::kTruth.substr(0, testing::kTruth.rfind("5,0,"));
  expect_error("truth", truth_but_its_last_record + "5,0,300,400,1200,0,0,0,6.96929e-", 4,
               "column 'weight': '6.96929e-' is not a number");
}

TEST_F(BadCsv, EmptyAndHeaderOnlyHitsFiles) {
  expect_error("hits", "", 0, "empty file");
  // A header alone is an event without hits, whose cells and truth must then be empty too.
  write_text(file("hits"), kHitsHeader);
  write_text(file("cells"), "hit_id,ch0,ch1,value\n");
  write_text(file("truth"), "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n");
  const Event event = read_event(directory.path(), kSmallEventId);
  EXPECT_TRUE(event.spacepoints.empty());
  ASSERT_TRUE(event.truth.has_value());
  EXPECT_TRUE(event.truth->empty());
  EXPECT_EQ(event.truth->particles.size(), 1u);
}

TEST_F(BadCsv, MissingHitsFile) {
  std::filesystem::remove(file("hits"));
  expect_input_error([&] { read_event(directory.path(), kSmallEventId); }, file("hits"), 0, "missing hits file");
  expect_input_error([&] { read_event(directory / "no-such-directory", kSmallEventId); },
                     directory / "no-such-directory" / "event000000007-hits.csv", 0, "missing hits file");
  expect_input_error([&] { list_events(directory / "no-such-directory"); }, directory / "no-such-directory", 0,
                     "no such directory");
}

TEST_F(BadCsv, DuplicateHitId) {
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n2,1,2,3,7,2,1\n1,1,2,3,7,2,1\n", 4, "duplicate hit_id 1");
  // Far apart ids take the hash-map lookup instead of the flat table; same check.
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n900000000000,1,2,3,7,2,1\n\n900000000000,1,2,3,7,2,1\n", 5,
               "duplicate hit_id 900000000000");
  write_small_event(directory.path());
  expect_error("truth", testing::kTruth + "2,0,1,1,1,1,1,1,1\n", 5, "duplicate hit_id 2");
}

TEST_F(BadCsv, CellsNamingAnUnknownHit) {
  expect_error("cells", "hit_id,ch0,ch1,value\n1,1,1,0.5\n3,1,1,0.5\n", 3, "hit_id 3 is not in the hits file");
}

TEST_F(BadCsv, TruthNamingAnUnknownHit) {
  expect_error("truth", testing::kTruth + "6,0,1,1,1,1,1,1,1\n", 5, "hit_id 6 is not in the hits file");
}

TEST_F(BadCsv, TruthMissingSomeHits) {
  expect_error("truth",
               "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n"
               "2,0,1,1,1,1,1,1,1\n",
               0, "2 hits of the hits file have no truth record (the first is hit_id 1)");
}

TEST_F(BadCsv, TruthNamingAParticleMissingFromParticles) {
  expect_error("truth", "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n1,0,1,1,1,1,1,1,1\n2,42,1,1,1,1,1,1,1\n", 3,
               "particle_id 42 is not in event000000007-particles.csv");
}

TEST_F(BadCsv, DuplicateOrNoiseParticle) {
  expect_error("particles", testing::kParticles + "4505867370102784,13,0,0,0,1,1,1,1,0\n", 3,
               "duplicate particle_id 4505867370102784");
  expect_error("particles", testing::kParticles + "0,13,0,0,0,1,1,1,1,0\n", 3, "reserved for noise");
}

TEST_F(BadCsv, HalfOfTheTruth) {
  std::filesystem::remove(file("particles"));
  expect_input_error([&] { read_event(directory.path(), kSmallEventId); }, file("particles"), 0,
                     "missing particles file");
  ReadOptions without_truth;
  without_truth.truth = false;
  EXPECT_FALSE(read_event(directory.path(), kSmallEventId, without_truth).truth.has_value());

  std::filesystem::remove(file("truth"));
  EXPECT_FALSE(read_event(directory.path(), kSmallEventId).truth.has_value()) << "no truth at all is fine";
  ReadOptions require;
  require.require_truth = true;
  expect_input_error([&] { read_event(directory.path(), kSmallEventId, require); }, file("truth"), 0,
                     "missing truth file");
}

TEST_F(BadCsv, HeaderProblems) {
  expect_error("cells", "hit_id,ch0,ch1,value,ch0\n1,1,1,0.5,1\n", 1, "names column 'ch0' twice");
  expect_error("cells", "hit_id,,ch0,ch1,value\n1,1,1,1,0.5\n", 1, "empty column name");
}

TEST_F(BadCsv, AnyColumnOrderExtraColumnsCrlfAndBlankLinesAreFine) {
  write_text(file("hits"),
             "\xEF\xBB\xBFmodule_id,layer_id,volume_id,comment,z,y,x,hit_id\r\n"
             "1,2,7,first,-1502.5,-11.3673,-76.566,1\r\n"
             "\r\n"
             "88,4,8,second, -100.25 ,+29.0,31.5,2\r\n"
             "1021,6,13,third,1200,400,300,5\r\n\r\n");
  const Event event = read_event(directory.path(), kSmallEventId);
  ASSERT_EQ(event.spacepoints.size(), 3u);
  EXPECT_EQ(event.spacepoints.hit_id, (std::vector<std::uint64_t>{1, 2, 5}));
  EXPECT_EQ(event.spacepoints.x[0], -76.566f);
  EXPECT_EQ(event.spacepoints.y[1], 29.0f);
  EXPECT_EQ(event.spacepoints.z[1], -100.25f);
  EXPECT_EQ(event.spacepoints.module_id[2], 1021);
  // A blank line still counts for the line numbers of errors after it.
  expect_error("hits", kHitsHeader + "1,1,2,3,7,2,1\n\n2,x,2,3,7,2,1\n", 4, "'x' is not a number");
}

// Quoted fields (a comma inside quotes included) and numbers below the smallest float are what
// they say; a control character in a bad field is shown, not a place where the message ends.
TEST_F(BadCsv, QuotedFieldsTinyNumbersAndControlCharacters) {
  write_text(file("hits"),
             "\"hit_id\",\"x\",\"y\",\"z\",\"volume_id\",\"layer_id\",\"module_id\",\"note\"\n"
             "\"1\",\"-76.566\",1e-50,3,7,2,1,\"a, b\"\n"
             "2,31.5,-4e-310,-100.25,8,4,88,\n"
             "5,300,400,1200,13,6,1021,\"\"\n");
  const Event event = read_event(directory.path(), kSmallEventId);
  ASSERT_EQ(event.spacepoints.size(), 3u);
  EXPECT_EQ(event.spacepoints.x[0], -76.566f);
  EXPECT_EQ(event.spacepoints.y[0], 0.0f) << "1e-50 is below the smallest float";
  EXPECT_LE(event.spacepoints.y[1], 0.0f);
  EXPECT_EQ(event.spacepoints.module_id[1], 88);

  static const char kWithNul[] = "1,1,2,3,7,2,1\n2,1,x\0y,3,7,2,1\n";
  expect_error("hits", kHitsHeader + std::string(kWithNul, sizeof kWithNul - 1), 3,
               "column 'y': 'x\\x00y' is not a number");
  expect_error("hits", kHitsHeader + "1,1e400,2,3,7,2,1\n", 2, "out of range");
}

}  // namespace
}  // namespace trackgnn::io
