#include "mpi_run_report.hpp"

#include <algorithm>
#include <stdexcept>

namespace trackgnn::cli {
namespace {

// A record travels as doubles: id, spacepoints, tracks, then the seconds of each stage.
constexpr std::size_t kRecordHeader = 3;
std::size_t record_width() { return kRecordHeader + kStages.size(); }

void append(std::vector<double>& values, const EventRecord& record) {
  values.push_back(static_cast<double>(record.event_id));
  values.push_back(static_cast<double>(record.spacepoints));
  values.push_back(static_cast<double>(record.tracks));
  for (const Stage stage : kStages) values.push_back(record.stage_times.seconds(stage));
}

EventRecord record_at(const double* values) {
  EventRecord record;
  record.event_id = static_cast<std::uint64_t>(values[0]);
  record.spacepoints = static_cast<std::size_t>(values[1]);
  record.tracks = static_cast<std::size_t>(values[2]);
  for (std::size_t s = 0; s < kStages.size(); ++s)
    if (values[kRecordHeader + s] != 0) record.stage_times.add(kStages[s], values[kRecordHeader + s]);
  return record;
}

}  // namespace

std::vector<std::uint64_t> events_of_rank(const std::vector<std::uint64_t>& events, int rank, int size) {
  if (size < 1 || rank < 0 || rank >= size)
    throw std::invalid_argument("rank " + std::to_string(rank) + " outside a group of " + std::to_string(size));
  std::vector<std::uint64_t> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < events.size(); i += static_cast<std::size_t>(size))
    mine.push_back(events[i]);
  return mine;
}

CombinedRun combine_ranks(ProcessGroup& group, const EventRunSummary& local, Device device, std::size_t expected_events) {
  std::vector<double> records;
  for (const auto& record : local.records) append(records, record);
  const std::vector<double> all_records = group.gather(records);
  // Per rank: events, wall time, device kind and index.
  const std::vector<double> all_ranks = group.gather({static_cast<double>(local.events()), local.wall_seconds,
                                                      device.is_cuda() ? 1.0 : 0.0, static_cast<double>(device.index)});
  CombinedRun combined;
  if (group.rank() != 0) return combined;

  for (std::size_t offset = 0; offset + record_width() <= all_records.size(); offset += record_width())
    combined.summary.records.push_back(record_at(all_records.data() + offset));
  auto& gathered = combined.summary.records;
  std::sort(gathered.begin(), gathered.end(), [](const auto& a, const auto& b) { return a.event_id < b.event_id; });
  const auto duplicate = std::adjacent_find(gathered.begin(), gathered.end(),
                                            [](const auto& a, const auto& b) { return a.event_id == b.event_id; });
  if (duplicate != gathered.end())
    throw std::runtime_error("event " + std::to_string(duplicate->event_id) + " was run by more than one rank");
  if (gathered.size() != expected_events)
    throw std::runtime_error("the ranks ran " + std::to_string(gathered.size()) + " events, expected " +
                             std::to_string(expected_events));

  constexpr std::size_t kRankFields = 4;
  for (std::size_t r = 0; r * kRankFields < all_ranks.size(); ++r) {
    const double* fields = all_ranks.data() + r * kRankFields;
    const Device rank_device = fields[2] != 0 ? Device::cuda(static_cast<int>(fields[3])) : Device::cpu();
    combined.ranks.push_back({static_cast<int>(r), rank_device.str(), static_cast<std::size_t>(fields[0]), fields[1]});
    combined.summary.wall_seconds = std::max(combined.summary.wall_seconds, fields[1]);
  }
  return combined;
}

}  // namespace trackgnn::cli
