#include "trackgnn/event/track_candidates.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace trackgnn {
namespace {

using Labels = std::vector<std::int32_t>;

std::vector<Labels> tracks_of(const TrackCandidates& candidates) {
  std::vector<Labels> tracks;
  for (std::size_t t = 0; t < candidates.size(); ++t)
    tracks.emplace_back(candidates.track_begin(t), candidates.track_end(t));
  return tracks;
}

TEST(TrackCandidates, AddTrackAppendsInCompressedRows) {
  TrackCandidates candidates;
  EXPECT_TRUE(candidates.empty());
  candidates.add_track({4, 2, 9});
  candidates.add_track({});
  candidates.add_track({1});
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates.offsets, (std::vector<std::int64_t>{0, 3, 3, 4}));
  EXPECT_EQ(candidates.track_size(0), 3u);
  EXPECT_EQ(candidates.track_size(1), 0u);
  EXPECT_EQ(tracks_of(candidates), (std::vector<Labels>{{4, 2, 9}, {}, {1}}));
  EXPECT_THROW(candidates.add_track({3, -1}), std::invalid_argument);
  EXPECT_EQ(candidates.size(), 3u) << "a rejected track leaves the candidates unchanged";
}

TEST(TrackCandidates, FromLabelsOrdersTracksByFirstHitAndDropsSmallOnes) {
  //                      0  1   2  3  4  5  6
  const Labels labels = {5, 5, -1, 2, 5, 2, 7};
  const auto candidates = TrackCandidates::from_labels(labels, 2);
  EXPECT_EQ(tracks_of(candidates), (std::vector<Labels>{{0, 1, 4}, {3, 5}}));
  EXPECT_EQ(tracks_of(TrackCandidates::from_labels(labels, 3)), (std::vector<Labels>{{0, 1, 4}}));
  EXPECT_EQ(tracks_of(TrackCandidates::from_labels(labels, 1)), (std::vector<Labels>{{0, 1, 4}, {3, 5}, {6}}));
  EXPECT_EQ(TrackCandidates::from_labels(labels, 0), TrackCandidates::from_labels(labels, 1));
  EXPECT_TRUE(TrackCandidates::from_labels(labels, 4).empty());
}

TEST(TrackCandidates, FromLabelsDoesNotDependOnHowLabelsAreNumbered) {
  const Labels compact = {0, 0, -1, 1, 0, 1, 2};
  const Labels renamed = {2, 2, -1, 0, 2, 0, 1};
  const Labels sparse = {2000000000, 2000000000, -1, 77, 2000000000, 77, 123456};
  const auto expected = TrackCandidates::from_labels(compact, 1);
  EXPECT_EQ(TrackCandidates::from_labels(renamed, 1), expected);
  EXPECT_EQ(TrackCandidates::from_labels(sparse, 1), expected);
}

TEST(TrackCandidates, FromLabelsOfNothing) {
  EXPECT_TRUE(TrackCandidates::from_labels({}, 3).empty());
  EXPECT_TRUE(TrackCandidates::from_labels({-1, -1, -1}, 1).empty());
}

TEST(TrackCandidates, LabelsIsTheInverseOfFromLabels) {
  const Labels labels = {9, 9, -1, 4, 9, 4, -1, 4};
  const auto candidates = TrackCandidates::from_labels(labels, 2);
  const Labels compact = candidates.labels(labels.size());
  EXPECT_EQ(compact, (Labels{0, 0, -1, 1, 0, 1, -1, 1}));
  EXPECT_EQ(TrackCandidates::from_labels(compact, 1), candidates);
  // Spacepoints beyond the last hit of any track are unassigned.
  EXPECT_EQ(candidates.labels(10).back(), -1);
}

TEST(TrackCandidates, LabelsRejectsAHitInTwoTracksAndIndicesOutOfRange) {
  TrackCandidates shared;
  shared.add_track({0, 1});
  shared.add_track({1, 2});
  EXPECT_THROW(shared.labels(3), std::invalid_argument);

  TrackCandidates beyond;
  beyond.add_track({0, 5});
  EXPECT_THROW(beyond.labels(5), std::invalid_argument);
  EXPECT_NO_THROW(beyond.labels(6));
}

}  // namespace
}  // namespace trackgnn
