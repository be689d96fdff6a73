#include "trackgnn/pipeline/pipeline.hpp"

#include <optional>
#include <stdexcept>

#include "edge_classification/model_edge_classifier.hpp"
#include "pipeline/stage_clock.hpp"
#include "trackgnn/graph/cluster_shape.hpp"
#include "trackgnn/graph/node_features.hpp"
#include "trackgnn/pipeline/stage_settings.hpp"
#include "trackgnn/stages.hpp"
#include "trackgnn/track/track_builder_registry.hpp"

namespace trackgnn {

namespace {

StageSettings resolve(const PipelineConfig& config) {
  if (config.device.is_cuda() && !cuda_available())
    throw std::runtime_error("device " + config.device.str() +
                             " requested but no CUDA device is available (or trackgnn was built without CUDA)");
  StageSettings settings;
  settings.device = config.device;
  settings.card = ModelCard::load(config.model_directory.empty() ? default_model_directory() : config.model_directory);
  if (config.backend) settings.card.backend = *config.backend;
  if (config.radius_search) settings.card.radius_search = *config.radius_search;
  if (config.precision) settings.card.precision = *config.precision;
  if (config.track_builder) settings.card.track_building.builder = *config.track_builder;
  if (config.edge_chunk_size) {
    if (*config.edge_chunk_size < 0) throw std::invalid_argument("edge chunk size must be >= 0");
    settings.card.filter.edge_chunk_size = *config.edge_chunk_size;
  }
  return settings;
}

StageGraph snapshot(const std::string& stage, const Graph& graph, float cut) {
  return {stage, graph.edge_index.to_host(), graph.edge_scores.to_host(), cut};
}

template <typename T>
void copy_to_host(const Buffer<T>& source, Buffer<T>& host) {
  host.resize(source.size());
  memory::copy(host.data(), Device::cpu(), source.data(), source.device(), source.size() * sizeof(T), source.stream());
}

}  // namespace

Pipeline::Pipeline(const PipelineConfig& config) : config_(config) {
  const StageSettings settings = resolve(config);
  card_ = settings.card;
  graph_builder_ = GraphBuilderRegistry::instance().create("metric_learning", settings);
  filter_ = std::make_unique<ModelEdgeClassifier>(Stage::filtering, settings, card_.filter, true);
  gnn_ = std::make_unique<ModelEdgeClassifier>(Stage::gnn, settings, card_.gnn, false);
  track_builder_ = TrackBuilderRegistry::instance().create(card_.track_building.builder, labeling_device(),
                                                           card_.track_building);
  if (needs_cluster_shapes(card_.features))
    modules_ = std::make_unique<DetectorModules>(DetectorModules::read_csv(card_.detector_file()));
}

Pipeline::~Pipeline() = default;

PipelineResult Pipeline::run(const Spacepoints& spacepoints, Stream stream) const {
  return run(spacepoints, Cells{}, stream);
}

PipelineResult Pipeline::run(const Spacepoints& spacepoints, const Cells& cells, Stream stream) const {
  PipelineResult result;
  std::optional<StageClock> clock;
  if (config_.time_stages) clock.emplace(result.stage_times, config_.device, stream);
  const ExecutionContext context{config_.device, stream, clock ? &*clock : nullptr};
  Graph graph(config_.device, stream);
  // Copies for the caller, outside every stage's time.
  const auto keep_snapshot = [&](Stage stage, float cut) {
    if (!config_.keep_stage_graphs) return;
    result.stage_graphs.push_back(snapshot(stage_key(stage), graph, cut));
    if (clock) clock->restart();
  };
  {
    std::vector<float> features;
    std::vector<float> positions;
    std::optional<ClusterShapes> shapes;
    if (modules_) {
      if (cells.empty() && !spacepoints.empty())
        throw std::invalid_argument("the model card " + (card_.directory / "card.json").string() +
                                    " has cluster-shape features, computed from the event's cells, and the event has "
                                    "none (no -cells.csv, or a caller that passes spacepoints only)");
      shapes = cluster_shapes(spacepoints, cells, *modules_);
    }
    build_node_features(spacepoints, card_.features, features, positions, shapes ? &*shapes : nullptr);
    graph.num_nodes = static_cast<std::int64_t>(spacepoints.size());
    graph.num_features = card_.num_features();
    graph.node_features.copy_from_host(features.data(), features.size());
    graph.node_positions.copy_from_host(positions.data(), positions.size());
  }
  context.end_of(Stage::data_loading);
  if (graph.num_nodes == 0) return result;

  graph_builder_->build(graph, context);
  context.end_of(Stage::build_edges);
  keep_snapshot(Stage::build_edges, 0.0f);
  filter_->classify(graph, context);
  context.end_of(filter_->stage());
  keep_snapshot(filter_->stage(), card_.filter.cut);
  gnn_->classify(graph, context);
  context.end_of(gnn_->stage());
  keep_snapshot(gnn_->stage(), card_.track_building.score_cut);
  if (labeling_device() == graph.device()) {
    result.tracks = track_builder_->build(graph, context);
    context.end_of(Stage::labeling);
    return result;
  }
  // The copies are part of the stage's cost: they are what labelling on the host means.
  Graph host_graph;
  host_graph.num_nodes = graph.num_nodes;
  copy_to_host(graph.edge_index, host_graph.edge_index);
  copy_to_host(graph.edge_scores, host_graph.edge_scores);
  result.tracks = track_builder_->build(host_graph, {Device::cpu(), nullptr, nullptr});
  context.end_of(Stage::labeling);
  return result;
}

Device Pipeline::labeling_device() const { return config_.label_on_host ? Device::cpu() : config_.device; }

}  // namespace trackgnn
