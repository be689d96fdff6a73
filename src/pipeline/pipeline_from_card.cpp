// Pipeline::from_card: the stages a model card describes, with the caller's departures from it.
#include <stdexcept>

#include "trackgnn/graph/metric_learning.hpp"
#include "trackgnn/models/model_edge_classifier.hpp"
#include "trackgnn/pipeline/pipeline.hpp"
#include "trackgnn/track/track_builder.hpp"

namespace trackgnn {

namespace {

ModelCard card_with(const std::filesystem::path& directory, const CardOptions& options) {
  ModelCard card = ModelCard::load(directory.empty() ? default_model_directory() : directory);
  if (options.backend) card.backend = *options.backend;
  if (options.radius_search) card.radius_search = *options.radius_search;
  if (options.precision) card.precision = *options.precision;
  if (options.track_builder) card.track_building.builder = *options.track_builder;
  if (options.edge_chunk_size) {
    if (*options.edge_chunk_size < 0) throw std::invalid_argument("edge chunk size must be >= 0");
    card.filter.edge_chunk_size = *options.edge_chunk_size;
  }
  return card;
}

ModelSpec model_spec(const ModelCard& card, const ModelFiles& files, Device device) {
  return {card.model_file(files, card.backend), device, card.precision, card.num_features()};
}

ModelEdgeClassifierConfig classifier_config(const ModelCard& card, Stage stage, const EdgeClassifierCard& classifier,
                                            Device device, const MemoryBudget& memory) {
  ModelEdgeClassifierConfig config;
  config.stage = stage;
  config.backend = card.backend;
  config.model = model_spec(card, classifier.files, device);
  config.card = classifier;
  // The GNN passes messages over the whole graph: it cannot score it in chunks.
  config.chunkable = stage != Stage::gnn;
  config.memory = memory;
  return config;
}

}  // namespace

std::unique_ptr<Pipeline> Pipeline::from_card(const std::filesystem::path& directory, const CardOptions& options) {
  if (options.device.is_cuda() && !cuda_available())
    throw std::runtime_error("device " + options.device.str() +
                             " requested but no CUDA device is available (or trackgnn was built without CUDA)");
  if (options.memory_limit && *options.memory_limit == 0) throw std::invalid_argument("memory limit must be > 0");
  const ModelCard card = card_with(directory, options);
  const MemoryBudget memory{card, options.memory, options.memory_limit};

  MetricLearningConfig graph_building;
  graph_building.backend = card.backend;
  graph_building.embedding = model_spec(card, card.embedding.files, options.device);
  graph_building.embedding_dim = card.embedding.output_dim;
  graph_building.radius = card.embedding.radius;
  graph_building.max_neighbours = card.embedding.max_neighbours;
  graph_building.radius_search = card.radius_search;
  graph_building.memory = memory;
  // Built in pipeline order, so that a model that does not match the card is reported first.
  auto graph_builder = make_metric_learning_graph_builder(graph_building);

  std::vector<std::unique_ptr<EdgeClassifier>> classifiers;
  classifiers.push_back(
      make_model_edge_classifier(classifier_config(card, Stage::filtering, card.filter, options.device, memory)));
  classifiers.push_back(
      make_model_edge_classifier(classifier_config(card, Stage::gnn, card.gnn, options.device, memory)));

  PipelineOptions pipeline_options;
  pipeline_options.device = options.device;
  pipeline_options.features = card.features;
  if (needs_cluster_shapes(card.features)) pipeline_options.detector_file = card.detector_file();
  pipeline_options.label_on_host = options.label_on_host;
  pipeline_options.time_stages = options.time_stages;
  pipeline_options.warm_up = options.warm_up;
  const Device labeling_device = options.label_on_host ? Device::cpu() : options.device;

  auto track_builder = make_track_builder(card.track_building, labeling_device);
  auto pipeline = std::make_unique<Pipeline>(std::move(graph_builder), std::move(classifiers), std::move(track_builder),
                                             std::move(pipeline_options));
  pipeline->card_ = card;
  pipeline->warm_up();
  return pipeline;
}

}  // namespace trackgnn
