// The memory model: sizes parsed, an event that cannot fit refused with the memory it needs, the
// filter's chunks chosen from the memory given leaving the tracks unchanged, and the estimate
// against the peak the process really reaches.
#include "trackgnn/models/memory_budget.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "card_pipeline.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn {
namespace {

const Event& pileup_20_event() {
  static const Event event = [] {
    simulation::SimulationConfig simulation;
    simulation.pileup = 20;
    simulation.seed = 21;
    return simulation::Simulator(simulation::Detector::from_csv(simulation::default_detector_file()), simulation)
        .simulate(1);
  }();
  return event;
}

// Peak resident memory of this process (VmHWM), after resetting it to the current size.
void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }
std::uint64_t resident_kib(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string name;
  std::uint64_t kib = 0;
  while (status >> name)
    if (name == key + ":" && status >> kib) return kib * 1024;
  return 0;
}

TEST(MemorySize, ParsesUnitsAndRefusesNonsense) {
  EXPECT_EQ(parse_memory_size("8GiB"), std::uint64_t{8} << 30);
  EXPECT_EQ(parse_memory_size("8 gib"), std::uint64_t{8} << 30);
  EXPECT_EQ(parse_memory_size("512MB"), 512000000u);
  EXPECT_EQ(parse_memory_size("2.5G"), std::uint64_t{5} << 29);
  EXPECT_EQ(parse_memory_size("1000000"), 1000000u);
  for (const char* bad : {"", "abc", "8 parsecs", "-1GiB", "0", "nan", "1e30GiB"})
    EXPECT_THROW(parse_memory_size(bad), std::invalid_argument) << bad;
  EXPECT_EQ(format_bytes(std::uint64_t{3} << 29), "1.5 GiB");
}

TEST(MemoryBudget, AnEventThatCannotFitIsRefusedWithTheMemoryItNeeds) {
  CardOptions config;
  config.memory_limit = std::uint64_t{1} << 20;
  const auto pipeline = Pipeline::from_card({}, config);
  try {
    pipeline->run(pileup_20_event().spacepoints);
    FAIL() << "expected a MemoryBudgetError";
  } catch (const MemoryBudgetError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("graph building needs about"), std::string::npos) << message;
    EXPECT_NE(message.find("1.0 MiB may be used (the --memory-limit)"), std::string::npos) << message;
  }
  // Enough for graph building and the filter in chunks, too little for the GNN's whole graph.
  config.memory_limit = std::uint64_t{80} << 20;
  config.memory.minimum_chunk_edges = 1000;
  try {
    Pipeline::from_card({}, config)->run(pileup_20_event().spacepoints);
    FAIL() << "expected a MemoryBudgetError";
  } catch (const MemoryBudgetError& error) {
    EXPECT_NE(std::string(error.what()).find("GNN needs about"), std::string::npos) << error.what();
  }
}

TEST(MemoryBudget, FilterChunksChosenFromTheLimitGiveTheUnchunkedTracks) {
  CardOptions unchunked;
  unchunked.edge_chunk_size = std::int64_t{1} << 40;
  const auto reference =
      testing::run_keeping_stage_graphs(*Pipeline::from_card({}, unchunked), pileup_20_event().spacepoints);
  const auto candidate_edges = reference.stage_graphs[0].edge_index.size() / 2;
  ASSERT_GT(candidate_edges, 100000u);

  CardOptions limited;
  limited.memory.minimum_chunk_edges = 1000;
  limited.memory.gnn_activations_per_edge = 0;  // the GNN's need is not what this test limits
  limited.memory.gnn_activations_per_node = 0;
  // Room for about a tenth of the candidate edges per filter call.
  const auto probe = Pipeline::from_card({}, limited);
  const StageMemory memory = estimate_stage_memory(
      probe->card(), {},
      {static_cast<std::int64_t>(pileup_20_event().spacepoints.size()), static_cast<std::int64_t>(candidate_edges), 0},
      limited.memory);
  limited.memory_limit = std::max(memory.graph_building.total(), memory.filter.held + memory.filter.working / 10);
  const PipelineResult chunked = Pipeline::from_card({}, limited)->run(pileup_20_event().spacepoints);
  EXPECT_GT(reference.tracks.size(), 100u);
  EXPECT_EQ(chunked.tracks.offsets, reference.tracks.offsets);
  EXPECT_EQ(chunked.tracks.hits, reference.tracks.hits);
}

// The estimate is an upper bound that is not absurdly loose: the measured peak of a pileup-20
// event on the CPU (resident memory above what the process held before) lies between a quarter
// of the estimated peak and the estimate.
TEST(MemoryBudget, EstimateBoundsTheMeasuredPeakWithinAFactorOfFour) {
  CardOptions config;
  config.edge_chunk_size = std::int64_t{1} << 40;  // one filter call: the peak the estimate describes
  const auto pipeline_owner = Pipeline::from_card({}, config);
  const Pipeline& pipeline = *pipeline_owner;
  const Event& event = pileup_20_event();
  pipeline.run(event.spacepoints);  // the first call's one-time allocations are not the event's
  reset_peak_memory();
  const std::uint64_t before = resident_kib("VmRSS");
  const auto result = testing::run_keeping_stage_graphs(pipeline, event.spacepoints);
  const std::uint64_t peak = resident_kib("VmHWM");
  ASSERT_GT(peak, before);
  const std::uint64_t measured = peak - before;
  const EventSizes sizes{static_cast<std::int64_t>(event.spacepoints.size()),
                         static_cast<std::int64_t>(result.stage_graphs[0].edge_index.size() / 2),
                         static_cast<std::int64_t>(result.stage_graphs[1].edge_index.size() / 2)};
  const std::uint64_t estimated = estimate_stage_memory(pipeline.card(), {256, 64}, sizes, config.memory).peak();
  RecordProperty("measured_bytes", std::to_string(measured));
  RecordProperty("estimated_bytes", std::to_string(estimated));
  EXPECT_GE(estimated, measured) << "measured " << format_bytes(measured) << ", estimated " << format_bytes(estimated);
  EXPECT_LE(estimated, 4 * measured) << "measured " << format_bytes(measured) << ", estimated "
                                     << format_bytes(estimated);
}

}  // namespace
}  // namespace trackgnn
