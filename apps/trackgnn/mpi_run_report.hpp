#pragma once
// Combines the event records of every rank of a `trackgnn run` on rank 0, so the timing and
// throughput table counts each event exactly once whatever the number of processes.
#include <string>
#include <vector>

#include "mpi_process_group.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/pipeline/event_runner.hpp"

namespace trackgnn::cli {

struct RankReport {
  int rank = 0;
  std::string device;
  std::size_t events = 0;
  double wall_seconds = 0;
};

struct CombinedRun {
  EventRunSummary summary;        // every rank's records; wall time of the slowest rank
  std::vector<RankReport> ranks;  // in rank order
};

// Collective: every rank calls it. On rank 0 returns the combined run and checks that the ranks'
// events are disjoint and number `expected_events` (std::runtime_error otherwise); elsewhere
// returns an empty run.
CombinedRun combine_ranks(ProcessGroup& group, const EventRunSummary& local, Device device, std::size_t expected_events);

// Which of `events` (the whole run, in dispatch order) this rank takes: every size-th one,
// starting at its rank, so event sizes that drift along the list spread over all ranks.
std::vector<std::uint64_t> events_of_rank(const std::vector<std::uint64_t>& events, int rank, int size);

}  // namespace trackgnn::cli
