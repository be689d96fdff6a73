#include "trackgnn/io/stage_edges.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "io_test_support.hpp"

namespace trackgnn::io {
namespace {

using testing::expect_input_error;
using testing::TempDirectory;
using testing::write_text;

Spacepoints four_hits() {
  Spacepoints hits;
  for (const std::uint64_t id : {11, 22, 33, 44}) hits.push_back(id, 1.0f, 0.0f, 0.0f, 8, 2, 1);
  hits.derive_cylindrical();
  return hits;
}

TEST(StageEdges, WritesHitIdsAndScores) {
  TempDirectory directory;
  // Edges 0->1, 1->2, 2->3 as [2, E].
  write_stage_edges(directory.path(), 8, four_hits(), "filtering", {0, 1, 2, 1, 2, 3}, {0.25f, 0.5f, 0.9f});
  std::ifstream in(directory / "event000000008-edges-filtering.csv");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "hit_id_1,hit_id_2,score\n11,22,0.25\n22,33,0.5\n33,44,0.9\n");
  const StageEdges back = read_stage_edges(directory.path(), 8, four_hits(), "filtering");
  EXPECT_EQ(back.edge_index, (std::vector<std::int64_t>{0, 1, 2, 1, 2, 3}));
  EXPECT_EQ(back.scores, (std::vector<float>{0.25f, 0.5f, 0.9f}));
  EXPECT_EQ(back.num_edges(), 3);
}

TEST(StageEdges, UnscoredEdgesGetScoreOne) {
  TempDirectory directory;
  write_stage_edges(directory.path(), 8, four_hits(), "build_edges", {3, 0}, {});
  const StageEdges back = read_stage_edges(directory.path(), 8, four_hits(), "build_edges");
  EXPECT_EQ(back.edge_index, (std::vector<std::int64_t>{3, 0}));
  EXPECT_EQ(back.scores, std::vector<float>{1.0f});

  write_stage_edges(directory.path(), 8, four_hits(), "gnn", {}, {});
  EXPECT_EQ(read_stage_edges(directory.path(), 8, four_hits(), "gnn").num_edges(), 0);
}

TEST(StageEdges, WriterRejectsBadArguments) {
  TempDirectory directory;
  const auto hits = four_hits();
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {0, 1, 2}, {}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {0, 1}, {0.5f, 0.5f}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {0, 4}, {}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {-1, 0}, {}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {0, 1}, {1.5f}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "gnn", {0, 1}, {std::nanf("")}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "../gnn", {0, 1}, {}), std::invalid_argument);
  EXPECT_THROW(write_stage_edges(directory.path(), 8, hits, "", {0, 1}, {}), std::invalid_argument);
}

TEST(StageEdges, BadFiles) {
  TempDirectory directory;
  const auto file = directory / "event000000008-edges-gnn.csv";
  const auto read = [&] { read_stage_edges(directory.path(), 8, four_hits(), "gnn"); };
  expect_input_error(read, file, 0, "cannot open");
  write_text(file, "hit_id_1,hit_id_2,score\n11,22,0.5\n11,99,0.5\n");
  expect_input_error(read, file, 3, "hit_id 99 is not in the event");
  write_text(file, "hit_id_1,hit_id_2,score\n11,22,1.5\n");
  expect_input_error(read, file, 2, "outside [0, 1]");
  write_text(file, "hit_id_1,hit_id_2,score\n11,22,nan\n");
  expect_input_error(read, file, 2, "not finite");
  write_text(file, "hit_id_1,score\n11,0.5\n");
  expect_input_error(read, file, 1, "missing column 'hit_id_2'");
}

}  // namespace
}  // namespace trackgnn::io
