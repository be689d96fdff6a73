// A card for models shaped like the field's exports (tests/foreign_models/fixtures, written by
// make_foreign_models.py: other features with offsets, cluster-shape ones included, a
// 2-dimensional embedding, a float64 filter, a GNN on the doubled graph that returns
// probabilities) runs end to end with
// `trackgnn run` on a simulated pileup-10 event; the pipeline's scores are what the models give
// under the card's conventions, recomputed here with libtorch directly.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/io_test_support.hpp"
#include "card_pipeline.hpp"
#include "trackgnn/graph/cluster_shape.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/simulation/detector.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;
using testing::run_cli;

const fs::path kFixtures = fs::path(TRACKGNN_SOURCE_DIR) / "tests" / "foreign_models" / "fixtures";
constexpr std::uint64_t kEventId = 1;
// The hand-set networks are not trained: on this event they reconstruct 32% of the pT > 1 GeV
// particles (connected components merge neighbouring tracks). The filter's cut is loose, so the
// GNN's probabilities decide: passed through a second sigmoid they would all lie in [0.5, 0.73],
// every edge would pass the cut of 0.5, and the efficiency would fall to 1.4%.
constexpr double kMinimumTrackEfficiency = 0.15;
// The features here are (value - offset) / scale, the pipeline's multiply by 1 / scale: they
// differ in the last bit, which the hand-set weights (up to 420 per unit of phi) amplify.
constexpr float kScoreTolerance = 1e-4f;

std::string quoted(const fs::path& path) { return "\"" + path.string() + "\""; }

class ForeignCard : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = std::make_unique<TempDirectory>();
    const auto simulated = run_cli("simulate --events 1 --pileup 10 --seed 5 --quiet --output " + quoted(events()),
                                   scratch_->path());
    ASSERT_EQ(simulated.status, 0) << simulated.output;
    ASSERT_TRUE(fs::exists(events() / "event000000001-cells.csv")) << "the foreign card's features need cells";
  }
  static void TearDownTestSuite() { scratch_.reset(); }

  static fs::path events() { return scratch_->path() / "events"; }
  static const TempDirectory& scratch() { return *scratch_; }

 private:
  static std::unique_ptr<TempDirectory> scratch_;
};

std::unique_ptr<TempDirectory> ForeignCard::scratch_;

TEST_F(ForeignCard, RunsEndToEndAndWritesTracks) {
  const fs::path tracks = scratch().path() / "tracks";
  const auto run = run_cli("run --quiet --models " + quoted(kFixtures) + " --input " + quoted(events()) +
                               " --output " + quoted(tracks),
                           scratch().path());
  ASSERT_EQ(run.status, 0) << run.output;
  const fs::path file = tracks / "event000000001-tracks.csv";
  ASSERT_TRUE(fs::exists(file)) << run.output;

  const Event event = io::read_event(events(), kEventId);
  const TrackCandidates candidates = io::read_tracks(tracks, kEventId, event.spacepoints);
  EXPECT_GT(candidates.size(), 0u) << "no track candidates";

  const fs::path metrics = scratch().path() / "metrics.json";
  const auto eval = run_cli("eval --input " + quoted(events()) + " --tracks " + quoted(tracks) + " --json " +
                                quoted(metrics),
                            scratch().path());
  ASSERT_EQ(eval.status, 0) << eval.output;
  nlohmann::json json;
  std::ifstream(metrics) >> json;
  ASSERT_TRUE(json["track_efficiency"].is_number()) << json.dump(2);
  EXPECT_GT(json["track_efficiency"].get<double>(), kMinimumTrackEfficiency) << json.dump(2);
}

// The pipeline's filter and GNN scores against the models run here by hand: features computed
// from the spacepoints with the card's offsets and scales, the filter on float64 features with the
// sigmoid applied, the GNN on the doubled graph with its two probabilities per edge averaged and
// no sigmoid.
TEST_F(ForeignCard, PipelineScoresFollowTheCardsConventions) {
  const Event event = io::read_event(events(), kEventId);
  const auto pipeline = Pipeline::from_card(kFixtures);
  const auto result = testing::run_keeping_stage_graphs(*pipeline, event.spacepoints, event.cells);
  ASSERT_EQ(result.stage_graphs.size(), 3u);
  const StageGraph& filtered = result.stage_graphs[1];
  const StageGraph& gnn = result.stage_graphs[2];
  const auto num_edges = static_cast<std::int64_t>(filtered.edge_scores.size());
  ASSERT_GT(num_edges, 0);
  ASSERT_EQ(gnn.edge_index, filtered.edge_index) << "the card says the GNN keeps its edges";

  const Spacepoints& hits = event.spacepoints;
  const auto n = static_cast<std::int64_t>(hits.size());
  const ModelCard& card = pipeline->card();
  const ClusterShapes shapes =
      cluster_shapes(hits, event.cells, DetectorModules::read_csv(simulation::default_detector_file()));
  const std::map<std::string, const std::vector<float>*> columns{
      {"r", &hits.r},       {"phi", &hits.phi},
      {"z", &hits.z},       {"eta", &hits.eta},
      {"cell_count", &hits.cell_count}, {"cell_value", &hits.cell_value},
      {"leta", &shapes.leta}, {"gphi", &shapes.gphi}};
  torch::Tensor x = torch::empty({n, card.num_features()});
  auto rows = x.accessor<float, 2>();
  for (std::int64_t f = 0; f < card.num_features(); ++f) {
    const FeatureSpec& feature = card.features[f];
    ASSERT_EQ(columns.count(feature.name), 1u) << "a feature this test does not compute: " << feature.name;
    const std::vector<float>& column = *columns.at(feature.name);
    ASSERT_EQ(column.size(), hits.size()) << feature.name;
    for (std::int64_t i = 0; i < n; ++i) rows[i][f] = (column[i] - feature.offset) / feature.scale;
  }
  const torch::Tensor edges =
      torch::tensor(filtered.edge_index, torch::kLong).reshape({2, num_edges});
  torch::NoGradGuard no_grad;

  torch::jit::Module filter = torch::jit::load((kFixtures / "filter.pt").string());
  const torch::Tensor filter_logits = filter.forward({x.to(torch::kDouble), edges}).toTensor().reshape({-1});
  const torch::Tensor expected_filter = torch::sigmoid(filter_logits).to(torch::kFloat);
  for (std::int64_t e = 0; e < num_edges; ++e) {
    EXPECT_NEAR(filtered.edge_scores[e], expected_filter[e].item<float>(), kScoreTolerance) << "filter edge " << e;
    EXPECT_GE(filtered.edge_scores[e], card.filter.cut) << "filter edge " << e << " kept under the cut";
  }

  torch::jit::Module network = torch::jit::load((kFixtures / "gnn.pt").string());
  const torch::Tensor doubled = torch::cat({edges, edges.flip(0)}, 1);
  const torch::Tensor per_direction = network.forward({x, doubled}).toTensor().reshape({2, num_edges});
  const torch::Tensor expected_gnn = per_direction.mean(0);
  for (std::int64_t e = 0; e < num_edges; ++e)
    EXPECT_NEAR(gnn.edge_scores[e], expected_gnn[e].item<float>(), kScoreTolerance) << "GNN edge " << e;
}

TEST_F(ForeignCard, EventWithoutCellsIsRefusedForClusterShapeFeatures) {
  const Event event = io::read_event(events(), kEventId);
  const auto pipeline = Pipeline::from_card(kFixtures);
  try {
    pipeline->run(event.spacepoints);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("cluster-shape features"), std::string::npos) << error.what();
  }
}

TEST_F(ForeignCard, NativeBackendRefusesTheForeignNetworksNamingTheFile) {
  const auto run = run_cli("run --quiet --backend native --models " + quoted(kFixtures) + " --input " +
                               quoted(events()) + " --output " + quoted(scratch().path() / "native-tracks"),
                           scratch().path());
  EXPECT_NE(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("embedding.pt"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--backend torchscript"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(scratch().path() / "native-tracks" / "event000000001-tracks.csv")) << run.output;
}

TEST_F(ForeignCard, DescribePrintsWhatTheCardExpects) {
  const auto described = run_cli("models describe " + quoted(kFixtures), scratch().path());
  ASSERT_EQ(described.status, 0) << described.output;
  for (const std::string expected :
       {"foreign-handset", "(value - offset) / scale", "cell_count", "cell_value", "from -cells.csv", "500",
        "doubled (each edge in both directions", "probabilities (taken as they are", "logits (the pipeline applies",
        "leta", "from -cells.csv and the detector's modules", "detectors.csv shipped with trackgnn",
        "[N, 2]", "k = 32", "connected_components", "backend torchscript", "filter.pt", "matches"})
    EXPECT_NE(described.output.find(expected), std::string::npos) << expected << " missing from:\n" << described.output;
}

TEST_F(ForeignCard, ModelsCheckRunsTheForeignCard) {
  const auto checked = run_cli("models check " + quoted(kFixtures), scratch().path());
  EXPECT_EQ(checked.status, 0) << checked.output;
  EXPECT_NE(checked.output.find("torchscript"), std::string::npos) << checked.output;
}

}  // namespace
}  // namespace trackgnn
