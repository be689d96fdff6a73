// Device compaction of labels into tracks (track_building/device/track_compaction.cu) against TrackCandidates::from_labels on the host.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cuda/cuda_test_support.hpp"
#include "track_building/device/device_track_candidates.hpp"
#include "trackgnn/event/track_candidates.hpp"

namespace trackgnn {
namespace {

// Random labels numbered by first occurrence (as connected components number them): groups of
// sizes 1..max_group scattered over the nodes.
std::vector<std::int32_t> random_labels(testing::FreshRandom& random, std::int64_t num_nodes, std::int64_t max_group,
                                        std::int32_t& num_labels) {
  std::vector<std::int32_t> raw(static_cast<std::size_t>(num_nodes));
  const std::int64_t groups = std::max<std::int64_t>(1, num_nodes / ((max_group + 1) / 2));
  for (auto& label : raw) label = static_cast<std::int32_t>(random.integer(0, groups - 1));
  std::vector<std::int32_t> number(static_cast<std::size_t>(groups), -1);
  std::vector<std::int32_t> labels(raw.size());
  num_labels = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (number[raw[i]] < 0) number[raw[i]] = num_labels++;
    labels[i] = number[raw[i]];
  }
  return labels;
}

TrackCandidates on_device(const std::vector<std::int32_t>& labels, std::int32_t num_labels, std::int64_t min_size) {
  const Buffer<std::int32_t> device_labels = testing::to_device(labels);
  return device_track_candidates(device_labels.data(), static_cast<std::int64_t>(labels.size()), num_labels, min_size,
                                 ExecutionContext{Device::cuda(), nullptr, nullptr});
}

TEST(CudaTrackCompaction, EqualsTheHostCompactionOnRandomLabels) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t num_nodes : {1, 17, 1000, 120000}) {
    for (const std::int64_t max_group : {1, 4, 30}) {
      std::int32_t num_labels = 0;
      const std::vector<std::int32_t> labels = random_labels(random, num_nodes, max_group, num_labels);
      for (const std::int64_t min_size : {1, 3, 5}) {
        const TrackCandidates expected = TrackCandidates::from_labels(labels, static_cast<std::size_t>(min_size));
        EXPECT_EQ(on_device(labels, num_labels, min_size), expected)
            << num_nodes << " nodes, groups up to " << max_group << ", min size " << min_size;
      }
    }
  }
}

TEST(CudaTrackCompaction, NoNodesGiveNoTracks) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  EXPECT_TRUE(on_device({}, 0, 3).empty());
}

TEST(CudaTrackCompaction, RejectsALabelOutOfRange) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  EXPECT_THROW(on_device({0, 1, 5, 1}, 2, 1), std::out_of_range);
  EXPECT_THROW(on_device({0, -1, 1}, 2, 1), std::out_of_range);
  EXPECT_THROW(on_device({0, 1}, 2, 0), std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
