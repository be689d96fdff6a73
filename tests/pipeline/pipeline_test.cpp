// The whole chain on the shipped models: structure of the output, equivalence of the radius
// searches, thread-safety, and clear errors for missing or mismatched models.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <set>

#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/graph/metric_learning.hpp"
#include "trackgnn/models/model_edge_classifier.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/track/track_builder.hpp"
#include "card_pipeline.hpp"
#include "temp_directory.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

const fs::path kSampleDirectory = fs::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample";
const fs::path kModelDirectory = fs::path(TRACKGNN_SOURCE_DIR) / "models" / "default";

// Spacepoints spread like a small detector: a few layers of hits on helix-like lines.
Spacepoints synthetic_event(unsigned seed, std::size_t tracks) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> angle(-3.14159f, 3.14159f);
  std::uniform_real_distribution<float> slope(-2.0f, 2.0f);
  const float layers[] = {32.f, 72.f, 116.f, 172.f, 260.f, 360.f, 500.f, 660.f};
  Spacepoints spacepoints;
  std::uint64_t hit_id = 1;
  for (std::size_t t = 0; t < tracks; ++t) {
    const float phi0 = angle(generator);
    const float cot_theta = slope(generator);
    for (float r : layers) {
      const float phi = phi0 + 1e-4f * r;
      spacepoints.push_back(hit_id++, r * std::cos(phi), r * std::sin(phi), r * cot_theta, 8, 2, 1);
    }
  }
  spacepoints.derive_cylindrical();
  return spacepoints;
}

void expect_valid_tracks(const TrackCandidates& tracks, std::size_t num_spacepoints, std::int64_t min_size) {
  std::set<std::int32_t> seen;
  for (std::size_t t = 0; t < tracks.size(); ++t) {
    EXPECT_GE(static_cast<std::int64_t>(tracks.track_size(t)), min_size);
    for (auto hit = tracks.track_begin(t); hit != tracks.track_end(t); ++hit) {
      EXPECT_GE(*hit, 0);
      EXPECT_LT(static_cast<std::size_t>(*hit), num_spacepoints);
      EXPECT_TRUE(seen.insert(*hit).second) << "hit " << *hit << " is in two tracks";
    }
  }
}

TEST(Pipeline, RunsTheShippedModelsEndToEnd) {
  CardOptions options;
  options.time_stages = true;
  const auto pipeline = Pipeline::from_card(kModelDirectory, options);
  const Spacepoints spacepoints = synthetic_event(1, 80);
  const PipelineResult result = pipeline->run(spacepoints);
  expect_valid_tracks(result.tracks, spacepoints.size(), pipeline->card().track_building.min_track_size);
  for (const Stage stage : {Stage::data_loading, Stage::embedding, Stage::build_edges, Stage::filtering, Stage::gnn,
                            Stage::labeling})
    EXPECT_GT(result.stage_times.seconds(stage), 0.0) << stage_title(stage);
  // Reading is the event runner's, not the pipeline's.
  EXPECT_EQ(result.stage_times.seconds(Stage::reading), 0.0);
}

TEST(Pipeline, TimesNothingUnlessAsked) {
  const PipelineResult result = Pipeline::from_card(kModelDirectory)->run(synthetic_event(1, 80));
  EXPECT_TRUE(result.stage_times.entries().empty());
}

TEST(Pipeline, RealTrackMLEventGivesValidTracks) {
  if (!fs::exists(kSampleDirectory)) GTEST_SKIP() << "no real TrackML sample at " << kSampleDirectory;
  const Event event = io::read_event(kSampleDirectory, 1);
  const auto result = testing::run_keeping_stage_graphs(*Pipeline::from_card(kModelDirectory), event.spacepoints);
  expect_valid_tracks(result.tracks, event.spacepoints.size(), 3);
  ASSERT_EQ(result.stage_graphs.size(), 3u);
  EXPECT_GT(result.stage_graphs[0].edge_index.size(), 0u);
  // Every edge points outwards: the source hit is at smaller r.
  const auto& edges = result.stage_graphs[0].edge_index;
  const std::size_t num_edges = edges.size() / 2;
  for (std::size_t e = 0; e < num_edges; ++e)
    ASSERT_LE(event.spacepoints.r[edges[e]], event.spacepoints.r[edges[num_edges + e]]);
}

TEST(Pipeline, GridAndBruteForceSearchesGiveIdenticalTracks) {
  CardOptions grid;
  grid.radius_search = "grid";
  CardOptions brute = grid;
  brute.radius_search = "brute_force";
  const Spacepoints spacepoints = synthetic_event(2, 60);
  EXPECT_EQ(Pipeline::from_card(kModelDirectory, grid)->run(spacepoints).tracks,
            Pipeline::from_card(kModelDirectory, brute)->run(spacepoints).tracks);
}

TEST(Pipeline, WarmUpRunsSimulatedEventsAndLeavesTheTracksAlone) {
  const Spacepoints spacepoints = synthetic_event(7, 120);
  CardOptions warmed;
  warmed.warm_up = {2, 1.0, 5};  // two small simulated events
  const auto pipeline = Pipeline::from_card(kModelDirectory, warmed);
  EXPECT_EQ(pipeline->options().warm_up.events, 2u);
  EXPECT_NO_THROW(pipeline->warm_up());
  EXPECT_EQ(pipeline->run(spacepoints).tracks, Pipeline::from_card(kModelDirectory)->run(spacepoints).tracks);
}

TEST(Pipeline, FilterChunkingDoesNotChangeTheTracks) {
  CardOptions chunked;
  chunked.edge_chunk_size = 997;
  const Spacepoints spacepoints = synthetic_event(5, 60);
  const auto a = testing::run_keeping_stage_graphs(*Pipeline::from_card(kModelDirectory), spacepoints);
  const auto b = testing::run_keeping_stage_graphs(*Pipeline::from_card(kModelDirectory, chunked), spacepoints);
  EXPECT_EQ(a.tracks, b.tracks);
  EXPECT_EQ(a.stage_graphs[1].edge_index, b.stage_graphs[1].edge_index);
}

TEST(Pipeline, ConcurrentEventsOnOnePipelineEqualSequentialOnes) {
  const auto pipeline_owner = Pipeline::from_card(kModelDirectory);
  const Pipeline& pipeline = *pipeline_owner;
  std::vector<Spacepoints> events;
  std::vector<TrackCandidates> sequential;
  for (unsigned seed = 0; seed < 8; ++seed) {
    events.push_back(synthetic_event(10 + seed, 20 + 5 * seed));
    sequential.push_back(pipeline.run(events.back()).tracks);
  }
  std::vector<std::future<TrackCandidates>> futures;
  for (const auto& event : events)
    futures.push_back(std::async(std::launch::async, [&pipeline, &event] { return pipeline.run(event).tracks; }));
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(futures[i].get(), sequential[i]) << "event " << i;
}

TEST(Pipeline, EmptyEventGivesNoTracks) {
  EXPECT_TRUE(Pipeline::from_card(kModelDirectory)->run(Spacepoints{}).tracks.empty());
}

// Every hit at one position (a degenerate event): the radius search measures about n (k + 1)
// distances instead of n^2, and every pair it finds joins two hits at one place, which no track
// has as consecutive hits: the graph is left without edges and the event without tracks.
TEST(Pipeline, EveryHitAtOnePlaceLeavesNoEdge) {
  constexpr std::uint64_t kHits = 2000;
  const auto pipeline = Pipeline::from_card(kModelDirectory);
  Spacepoints spacepoints;
  for (std::uint64_t hit_id = 1; hit_id <= kHits; ++hit_id)
    spacepoints.push_back(hit_id, 31.5f, 29.0f, -100.25f, 8, 4, 88);
  spacepoints.derive_cylindrical();
  const auto result = testing::run_keeping_stage_graphs(*pipeline, spacepoints);
  ASSERT_FALSE(result.stage_graphs.empty());
  const StageGraph& built = result.stage_graphs.front();
  ASSERT_EQ(built.stage, Stage::build_edges);
  EXPECT_EQ(built.edge_index.size(), 0u);
  EXPECT_TRUE(result.tracks.empty());
}

// The stages a host builds from the card itself, the way the installed-package example does.
std::unique_ptr<Pipeline> composed_from(const ModelCard& card, bool with_gnn) {
  const auto spec = [&](const ModelFiles& files) {
    return ModelSpec{card.model_file(files, card.backend), Device::cpu(), card.precision, card.num_features()};
  };
  MetricLearningConfig graph_building;
  graph_building.embedding = spec(card.embedding.files);
  graph_building.embedding_dim = card.embedding.output_dim;
  graph_building.radius = card.embedding.radius;
  graph_building.max_neighbours = card.embedding.max_neighbours;
  graph_building.radius_search = card.radius_search;
  std::vector<std::unique_ptr<EdgeClassifier>> classifiers;
  ModelEdgeClassifierConfig filter{Stage::filtering, card.backend, spec(card.filter.files), card.filter, true};
  classifiers.push_back(make_model_edge_classifier(filter));
  if (with_gnn) {
    ModelEdgeClassifierConfig gnn{Stage::gnn, card.backend, spec(card.gnn.files), card.gnn, false};
    classifiers.push_back(make_model_edge_classifier(gnn));
  }
  PipelineOptions options;
  options.features = card.features;
  return std::make_unique<Pipeline>(make_metric_learning_graph_builder(graph_building), std::move(classifiers),
                                    make_track_builder(card.track_building, Device::cpu()), options);
}

TEST(Pipeline, ComposedFromItsStagesEqualsTheCardsPipeline) {
  const ModelCard card = ModelCard::load(kModelDirectory);
  const Spacepoints spacepoints = synthetic_event(3, 60);
  const TrackCandidates from_card = Pipeline::from_card(kModelDirectory)->run(spacepoints).tracks;
  ASSERT_GT(from_card.size(), 0u);
  const auto composed = composed_from(card, true);
  EXPECT_EQ(composed->run(spacepoints).tracks, from_card);
  EXPECT_THROW(composed->card(), std::logic_error);
}

TEST(Pipeline, InspectorSeesTheGraphAfterEveryStage) {
  const ModelCard card = ModelCard::load(kModelDirectory);
  const auto filter_only = composed_from(card, false);
  std::vector<Stage> seen;
  std::vector<std::int64_t> edges;
  filter_only->run(synthetic_event(3, 60), nullptr, [&](Stage stage, const Graph& graph) {
    seen.push_back(stage);
    edges.push_back(graph.num_edges());
  });
  EXPECT_EQ(seen, (std::vector<Stage>{Stage::build_edges, Stage::filtering}));
  ASSERT_EQ(edges.size(), 2u);
  // The filter prunes: fewer edges after it than graph building made.
  EXPECT_GT(edges[0], edges[1]);
}

TEST(Pipeline, NeedsAGraphBuilderAndATrackBuilder) {
  const ModelCard card = ModelCard::load(kModelDirectory);
  EXPECT_THROW(Pipeline(nullptr, {}, make_track_builder(card.track_building, Device::cpu()), PipelineOptions{}),
               std::invalid_argument);
}

TEST(Pipeline, MissingModelDirectoryIsAClearError) {
  try {
    Pipeline::from_card("/nonexistent/models");
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/models"), std::string::npos) << error.what();
  }
}

TEST(Pipeline, ModelNotMatchingTheCardIsAClearError) {
  // A card that claims four features for models trained on three.
  const testing::TempDirectory scratch;
  const fs::path directory = scratch / "models";
  fs::copy(kModelDirectory, directory);
  std::ifstream in(directory / "card.json");
  std::string card((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string features = "\"features\": [";
  card.insert(card.find(features) + features.size(), "{\"name\": \"eta\", \"scale\": 1.0}, ");
  std::ofstream(directory / "card.json") << card;
  try {
    Pipeline::from_card(directory);
    FAIL() << "expected an error";
  } catch (const ModelError& error) {
    EXPECT_NE(std::string(error.what()).find("embedding.pt"), std::string::npos) << error.what();
  }
}

TEST(Pipeline, CudaWithoutADeviceIsAClearError) {
  if (cuda_available()) GTEST_SKIP() << "a CUDA device is present";
  CardOptions options;
  options.device = Device::cuda();
  EXPECT_THROW(Pipeline::from_card(kModelDirectory, options), std::runtime_error);
}

}  // namespace
}  // namespace trackgnn
