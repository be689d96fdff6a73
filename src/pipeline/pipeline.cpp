#include "trackgnn/pipeline/pipeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "pipeline/stage_clock.hpp"
#include "trackgnn/graph/cluster_shape.hpp"
#include "trackgnn/graph/node_features.hpp"
#include "trackgnn/simulation/simulator.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

namespace {

template <typename T>
void copy_to_host(const Buffer<T>& source, Buffer<T>& host) {
  host.resize(source.size());
  memory::copy(host.data(), Device::cpu(), source.data(), source.device(), source.size() * sizeof(T), source.stream());
}

}  // namespace

Pipeline::Pipeline(std::unique_ptr<GraphBuilder> graph_builder,
                   std::vector<std::unique_ptr<EdgeClassifier>> classifiers,
                   std::unique_ptr<TrackBuilder> track_builder, PipelineOptions options)
    : options_(std::move(options)),
      graph_builder_(std::move(graph_builder)),
      classifiers_(std::move(classifiers)),
      track_builder_(std::move(track_builder)) {
  if (options_.device.is_cuda() && !cuda_available())
    throw std::runtime_error("device " + options_.device.str() +
                             " requested but no CUDA device is available (or trackgnn was built without CUDA)");
  if (!graph_builder_ || !track_builder_) throw std::invalid_argument("a pipeline needs a graph builder and a track builder");
  for (const auto& classifier : classifiers_)
    if (!classifier) throw std::invalid_argument("a pipeline's edge classifiers must not be null");
  if (needs_cluster_shapes(options_.features))
    modules_ = std::make_unique<DetectorModules>(DetectorModules::read_csv(options_.detector_file));
}

Pipeline::~Pipeline() = default;

const ModelCard& Pipeline::card() const {
  if (!card_) throw std::logic_error("this pipeline was composed from stages, not made from a model card");
  return *card_;
}

void Pipeline::warm_up(const std::vector<Stream>& streams) const {
  const WarmUp& plan = options_.warm_up;
  if (plan.events == 0 || streams.empty()) return;
  simulation::SimulationConfig config;
  config.seed = plan.seed;
  config.pileup = plan.pileup;
  const simulation::Simulator simulator(simulation::Detector::from_csv(simulation::default_detector_file()), config);
  // Made once for every stream, on every core: a pileup-200 event takes about a second on one.
  std::vector<Event> events(plan.events);
  simulator.simulate_events(0, plan.events, std::max(1u, std::thread::hardware_concurrency()),
                            [&](std::size_t index, Event event) { events[index] = std::move(event); });
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.spacepoints.size() > b.spacepoints.size(); });
  for (Stream stream : streams)
    for (const Event& event : events) run(event.spacepoints, event.cells, stream);
}

PipelineResult Pipeline::run(const Spacepoints& spacepoints, Stream stream, const GraphInspector& inspect) const {
  return run(spacepoints, Cells{}, stream, inspect);
}

PipelineResult Pipeline::run(const Spacepoints& spacepoints, const Cells& cells, Stream stream,
                             const GraphInspector& inspect) const {
  PipelineResult result;
  std::optional<StageClock> clock;
  if (options_.time_stages) clock.emplace(result.stage_times, options_.device, stream);
  const ExecutionContext context{options_.device, stream, clock ? &*clock : nullptr};
  Graph graph(options_.device, stream);
  // The caller's look at the graph, outside every stage's time.
  const auto inspect_after = [&](Stage stage) {
    if (!inspect) return;
    inspect(stage, graph);
    if (clock) clock->restart();
  };
  {
    std::vector<float> features;
    std::vector<float> positions;
    std::optional<ClusterShapes> shapes;
    if (modules_) {
      if (cells.empty() && !spacepoints.empty())
        throw std::invalid_argument("the node features include cluster-shape features, computed from the event's "
                                    "cells, and the event has none (no -cells.csv, or a caller that passes "
                                    "spacepoints only)");
      shapes = cluster_shapes(spacepoints, cells, *modules_);
    }
    build_node_features(spacepoints, options_.features, features, positions, shapes ? &*shapes : nullptr);
    graph.num_nodes = static_cast<std::int64_t>(spacepoints.size());
    graph.num_features = static_cast<std::int64_t>(options_.features.size());
    graph.node_features.copy_from_host(features.data(), features.size());
    graph.node_positions.copy_from_host(positions.data(), positions.size());
  }
  context.end_of(Stage::data_loading);
  if (graph.num_nodes == 0) return result;

  graph_builder_->build(graph, context);
  context.end_of(Stage::build_edges);
  inspect_after(Stage::build_edges);
  for (const auto& classifier : classifiers_) {
    classifier->classify(graph, context);
    context.end_of(classifier->stage());
    inspect_after(classifier->stage());
  }
  if (!options_.label_on_host || !graph.device().is_cuda()) {
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

}  // namespace trackgnn
