// Every shipped model directory (models/*/ with a card.json) gives the same numbers through ONNX Runtime as through
// TorchScript on a real TrackML event: each model's outputs on the same inputs within
// kTolerance, and the same edges, scores and track candidates from the whole pipeline. The GNN
// comparison is where a wrong scatter-add export would show: real graphs have many edges into
// the same spacepoint.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models_onnx/onnx_test_support.hpp"
#include "card_pipeline.hpp"
#include "trackgnn/graph/node_features.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/pipeline/pipeline.hpp"

namespace trackgnn {
namespace {

constexpr float kTolerance = 1e-4f;
constexpr std::uint64_t kSampleEvent = 1;
// Every 8th spacepoint of the sample event: still the whole detector, and 8 times fewer edges,
// so that both backends run the pipeline in seconds on a CPU.
constexpr std::size_t kSpacepointStride = 8;
// Near-ties (two neighbours at the same distance when at most k are kept, a pair at the radius)
// may resolve differently at a 1e-6 difference of the embedding; allow that many edges, no more.
constexpr double kMaxEdgeSetDifference = 1e-3;

std::vector<std::string> shipped_model_directories() {
  std::vector<std::string> names;
  const auto root = std::filesystem::path(TRACKGNN_SOURCE_DIR) / "models";
  if (std::filesystem::is_directory(root))
    for (const auto& entry : std::filesystem::directory_iterator(root))
      if (std::filesystem::exists(entry.path() / "card.json")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}
std::filesystem::path model_directory(const std::string& name) {
  return std::filesystem::path(TRACKGNN_SOURCE_DIR) / "models" / name;
}
std::filesystem::path sample_events() { return std::filesystem::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample"; }

Spacepoints every_nth(const Spacepoints& all, std::size_t stride) {
  Spacepoints sample;
  for (std::size_t i = 0; i < all.size(); i += stride) {
    sample.push_back(all.hit_id[i], all.x[i], all.y[i], all.z[i], all.volume_id[i], all.layer_id[i], all.module_id[i]);
    if (all.has_cells()) {
      sample.cell_count.push_back(all.cell_count[i]);
      sample.cell_value.push_back(all.cell_value[i]);
    }
  }
  sample.derive_cylindrical();
  return sample;
}

float max_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  float largest = 0.0f;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
  return largest;
}

using EdgeScores = std::map<std::pair<std::int64_t, std::int64_t>, float>;

EdgeScores scores_by_edge(const StageGraph& graph) {
  EdgeScores result;
  const std::size_t num_edges = graph.edge_index.size() / 2;
  for (std::size_t e = 0; e < num_edges; ++e)
    result[{graph.edge_index[e], graph.edge_index[num_edges + e]}] = graph.edge_scores.empty() ? 0.0f : graph.edge_scores[e];
  return result;
}

std::size_t targets_with_several_edges(const std::vector<std::int64_t>& edge_index) {
  std::map<std::int64_t, int> incoming;
  for (std::size_t e = edge_index.size() / 2; e < edge_index.size(); ++e) ++incoming[edge_index[e]];
  return static_cast<std::size_t>(std::count_if(incoming.begin(), incoming.end(), [](auto& n) { return n.second > 1; }));
}

struct SharedRun {
  ModelCard card;
  Spacepoints spacepoints;
  std::vector<float> features, positions;
  std::optional<testing::RecordedRun> torchscript, onnx;  // run on first use
};

// Parameter: the name of a directory under models/.
class OnnxVersusTorchScript : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { runs_.clear(); }

  // The event is read once per model directory, the pipelines run once when a test needs them.
  void SetUp() override {
    TRACKGNN_SKIP_WITHOUT_ONNX();
    if (!std::filesystem::exists(sample_events() / (io::event_prefix(kSampleEvent) + "-hits.csv")))
      GTEST_SKIP() << "no TrackML sample event in " << sample_events() << " (../shared is absent)";
    auto& run = runs_[GetParam()];
    if (run.spacepoints.empty()) {
      run.card = ModelCard::load(model_directory(GetParam()));
      run.spacepoints = every_nth(io::read_event(sample_events(), kSampleEvent).spacepoints, kSpacepointStride);
      build_node_features(run.spacepoints, run.card.features, run.features, run.positions);
    }
    run_ = &run;
  }

  const testing::RecordedRun& pipeline(const std::string& backend) const {
    auto& result = backend == "onnx" ? run_->onnx : run_->torchscript;
    if (!result) result = run_pipeline(backend);
    return *result;
  }

  testing::RecordedRun run_pipeline(const std::string& backend) const {
    CardOptions options;
    options.backend = backend;
    return testing::run_keeping_stage_graphs(*Pipeline::from_card(model_directory(GetParam()), options),
                                             run_->spacepoints);
  }

  ModelSpec spec(const ModelFiles& files, const std::string& backend) const {
    ModelSpec result;
    result.file = run_->card.model_file(files, backend);
    result.num_features = run_->card.num_features();
    return result;
  }

  std::int64_t num_nodes() const { return static_cast<std::int64_t>(run_->spacepoints.size()); }

  std::vector<float> edge_logits(const ModelFiles& files, const std::string& backend,
                                 const std::vector<std::int64_t>& edge_index) const {
    auto model = ModelBackendRegistry::instance().create(backend)->load_edge_model(spec(files, backend));
    const auto num_edges = static_cast<std::int64_t>(edge_index.size() / 2);
    std::vector<float> logits(static_cast<std::size_t>(num_edges), NAN);
    model->forward(run_->features.data(), num_nodes(), run_->card.num_features(), edge_index.data(), num_edges,
                   logits.data(), ExecutionContext{});
    return logits;
  }

  static const StageGraph& stage(const testing::RecordedRun& result, const std::string& name) {
    for (const auto& graph : result.stage_graphs)
      if (stage_key(graph.stage) == name) return graph;
    throw std::runtime_error("the pipeline kept no '" + name + "' graph");
  }

  static std::map<std::string, SharedRun> runs_;
  SharedRun* run_ = nullptr;
};

std::map<std::string, SharedRun> OnnxVersusTorchScript::runs_;

TEST_P(OnnxVersusTorchScript, EmbeddingAgrees) {
  std::vector<std::vector<float>> embeddings;
  for (const std::string backend : {"torchscript", "onnx"}) {
    auto model = ModelBackendRegistry::instance().create(backend)->load_node_model(spec(run_->card.embedding.files, backend));
    ASSERT_EQ(model->output_dim(), run_->card.embedding.output_dim) << backend;
    embeddings.emplace_back(static_cast<std::size_t>(num_nodes() * model->output_dim()), NAN);
    model->forward(run_->features.data(), num_nodes(), run_->card.num_features(), embeddings.back().data(),
                   ExecutionContext{});
  }
  EXPECT_LE(max_abs_difference(embeddings[0], embeddings[1]), kTolerance);
}

// The filter on the event's candidate edges, the GNN on the edges the filter kept: the inputs
// each stage sees in the pipeline, the same for both backends.
TEST_P(OnnxVersusTorchScript, FilterAndGnnLogitsAgreeOnTheEventsGraphs) {
  const auto& candidates = stage(pipeline("torchscript"), "build_edges").edge_index;
  const auto& filtered = stage(pipeline("torchscript"), "filtering").edge_index;
  ASSERT_GT(filtered.size(), 0u) << "the filter kept no edges: nothing to compare the GNN on";
  ASSERT_GT(targets_with_several_edges(filtered), 0u) << "no spacepoint with two incoming edges: scatter-add untested";
  EXPECT_LE(max_abs_difference(edge_logits(run_->card.filter.files, "torchscript", candidates),
                               edge_logits(run_->card.filter.files, "onnx", candidates)),
            kTolerance)
      << candidates.size() / 2 << " candidate edges";
  EXPECT_LE(max_abs_difference(edge_logits(run_->card.gnn.files, "torchscript", filtered),
                               edge_logits(run_->card.gnn.files, "onnx", filtered)),
            kTolerance)
      << filtered.size() / 2 << " edges into the GNN";
}

TEST_P(OnnxVersusTorchScript, PipelineKeepsTheSameEdgesAndFindsIdenticalTracks) {
  const auto& torchscript = pipeline("torchscript");
  const auto& onnx = pipeline("onnx");
  ASSERT_EQ(torchscript.stage_graphs.size(), onnx.stage_graphs.size());
  for (std::size_t index = 0; index < onnx.stage_graphs.size(); ++index) {
    auto expected = scores_by_edge(torchscript.stage_graphs[index]);
    auto actual = scores_by_edge(onnx.stage_graphs[index]);
    const std::string name = stage_key(onnx.stage_graphs[index].stage);
    std::size_t only_one = 0;
    float largest = 0.0f;
    for (const auto& [edge, score] : expected) {
      auto found = actual.find(edge);
      if (found == actual.end()) ++only_one;
      else largest = std::max(largest, std::abs(found->second - score));
    }
    for (const auto& entry : actual) only_one += expected.count(entry.first) == 0 ? 1 : 0;
    EXPECT_LE(static_cast<double>(only_one), kMaxEdgeSetDifference * static_cast<double>(expected.size()))
        << name << ": " << only_one << " of " << expected.size() << " edges kept by one backend only";
    EXPECT_LE(largest, kTolerance) << name << ": scores of the edges both kept";
  }
  EXPECT_FALSE(torchscript.tracks.empty()) << "no tracks: the comparison below would prove nothing";
  EXPECT_TRUE(onnx.tracks == torchscript.tracks) << onnx.tracks.size() << " tracks vs " << torchscript.tracks.size();
}

INSTANTIATE_TEST_SUITE_P(ShippedModels, OnnxVersusTorchScript, ::testing::ValuesIn(shipped_model_directories()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OnnxVersusTorchScript);

}  // namespace
}  // namespace trackgnn
