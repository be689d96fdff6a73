// Many events in flight: the tracks of every event equal the single-thread result whatever the
// threads, compute slots (streams) and readers; the first failure stops the run with its error.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "throughput_test_support.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/pipeline/event_runner.hpp"

namespace trackgnn {
namespace {

using io::testing::TempDirectory;
using testing::TracksByEvent;

constexpr std::size_t kStressEvents = 200;

// The events are simulated once for the whole file: they are the expensive part.
class EventRunner : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    events_ = new TempDirectory;
    testing::write_small_events(events_->path(), kStressEvents);
    CardOptions options;
    options.time_stages = true;
    pipeline_ = Pipeline::from_card(testing::kTestModels, options).release();
  }
  static void TearDownTestSuite() {
    delete pipeline_;
    delete events_;
  }

  static EventRunOptions options(std::size_t threads) {
    EventRunOptions options;
    options.input = events_->path();
    options.event_ids = io::list_events(events_->path());
    options.threads = threads;
    return options;
  }

  static TracksByEvent run(const EventRunOptions& options, EventRunSummary* summary = nullptr) {
    TracksByEvent tracks;
    std::mutex mutex;
    const EventRunSummary result = run_events(*pipeline_, options, [&](const EventOutcome& outcome) {
      std::lock_guard<std::mutex> lock(mutex);  // the runner already serialises; the test does not rely on it
      EXPECT_TRUE(tracks.emplace(outcome.event.event_id, outcome.result.tracks).second)
          << "event " << outcome.event.event_id << " reported twice";
    });
    if (summary) *summary = result;
    return tracks;
  }

  static TempDirectory* events_;
  static Pipeline* pipeline_;
};

TempDirectory* EventRunner::events_ = nullptr;
Pipeline* EventRunner::pipeline_ = nullptr;

TEST_F(EventRunner, FourThreadsGiveEveryEventTheSingleThreadTracks) {
  EventRunSummary serial_summary;
  const TracksByEvent serial = run(options(1), &serial_summary);
  ASSERT_EQ(serial.size(), kStressEvents);
  // The formula models find real structure: a few tracks per pileup vertex, not zero, not noise.
  EXPECT_GT(serial_summary.tracks(), kStressEvents * 10);
  EXPECT_GT(serial_summary.spacepoints(), kStressEvents * 500);

  EventRunSummary parallel_summary;
  const TracksByEvent parallel = run(options(4), &parallel_summary);
  ASSERT_EQ(parallel.size(), kStressEvents);
  for (const auto& [event_id, tracks] : serial) EXPECT_EQ(parallel.at(event_id), tracks) << "event " << event_id;

  ASSERT_EQ(parallel_summary.events(), kStressEvents);
  for (std::size_t i = 0; i < kStressEvents; ++i) {
    EXPECT_EQ(parallel_summary.records[i].event_id, serial_summary.records[i].event_id);
    EXPECT_EQ(parallel_summary.records[i].tracks, serial_summary.records[i].tracks);
    EXPECT_GT(parallel_summary.records[i].stage_times.seconds(Stage::reading), 0.0);
    // Poisson pileup leaves some events empty: zero tracks without running a stage.
    if (serial_summary.records[i].spacepoints > 0)
      EXPECT_GT(parallel_summary.records[i].stage_times.seconds(Stage::build_edges), 0.0);
  }
  EXPECT_EQ(parallel_summary.timing().events(), kStressEvents);
}

TEST_F(EventRunner, FewerStreamsAndReadersThanThreadsChangeNothing) {
  EventRunOptions narrow = options(4);
  narrow.event_ids.resize(40);
  narrow.streams = 1;
  narrow.readers = 1;
  narrow.read_ahead = 1;
  EventRunOptions serial = narrow;
  serial.threads = 1;
  EXPECT_EQ(run(narrow), run(serial));
}

TEST_F(EventRunner, WrittenTracksReadBackAsComputed) {
  TempDirectory output;
  EventRunOptions written = options(3);
  written.event_ids.resize(12);
  written.output = output.path();
  const TracksByEvent computed = run(written);
  for (const auto& [event_id, tracks] : computed) {
    const Event event = io::read_event(events_->path(), event_id, {false, false});
    EXPECT_EQ(io::read_tracks(output.path(), event_id, event.spacepoints), tracks) << "event " << event_id;
  }
}

TEST_F(EventRunner, ABrokenEventStopsTheRunWithItsFileAndLine) {
  TempDirectory broken;
  const std::vector<std::uint64_t> ids{1, 2, 3, 4, 5, 6};
  for (auto id : ids)
    for (const char* kind : {"hits", "cells"})
      std::filesystem::copy_file(events_->path() / (io::event_prefix(id) + "-" + kind + ".csv"),
                                 broken.path() / (io::event_prefix(id) + "-" + kind + ".csv"));
  const auto bad_file = broken.path() / (io::event_prefix(4) + "-hits.csv");
  {
    std::ofstream append(bad_file, std::ios::app);
    append << "999999999,1.0,not-a-number,3.0,8,2,1\n";
  }
  EventRunOptions run_options;
  run_options.input = broken.path();
  run_options.event_ids = ids;
  run_options.threads = 3;
  try {
    run_events(*pipeline_, run_options);
    FAIL() << "the broken event did not stop the run";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), bad_file.string());
    EXPECT_GT(error.line(), 1u);
  }
}

TEST_F(EventRunner, ResolvesDefaultCountsFromThreads) {
  EventRunOptions defaults;
  defaults.threads = 6;
  EXPECT_EQ(defaults.resolved_streams(), 6u);
  EXPECT_EQ(defaults.resolved_readers(), 6u);
  EXPECT_EQ(defaults.resolved_read_ahead(), 6u);
  defaults.streams = 9;  // more slots than threads could never be used
  EXPECT_EQ(defaults.resolved_streams(), 6u);
  defaults.threads = 0;
  EXPECT_THROW(defaults.resolved_streams(), std::invalid_argument);
}

TEST(DeviceForLocalRank, CpuStaysCpuAndCudaNeedsADevice) {
  EXPECT_EQ(device_for_local_rank(Device::cpu(), 3), Device::cpu());
  if (cuda_available()) {
    const Device device = device_for_local_rank(Device::cuda(0), 1);
    EXPECT_TRUE(device.is_cuda());
  } else {
    EXPECT_THROW(device_for_local_rank(Device::cuda(0), 0), std::runtime_error);
  }
}

}  // namespace
}  // namespace trackgnn
