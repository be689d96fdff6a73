#include "edge_classification/edge_operations.hpp"

#include <utility>

namespace trackgnn::edges {

void sigmoid_in_place(Buffer<float>& values, const ExecutionContext& context) {
  PerDevice<EdgeOperations>::on(context.device)
      .sigmoid_in_place(values.data(), static_cast<std::int64_t>(values.size()), context.stream);
}

void keep_edges_passing(Graph& graph, float cut, const ExecutionContext& context) {
  const std::int64_t num_edges = graph.num_edges();
  Buffer<std::int64_t> kept_edges(graph.edge_index.device(), context.stream);
  Buffer<float> kept_scores(graph.edge_scores.device(), context.stream);
  kept_edges.resize(static_cast<std::size_t>(2 * num_edges));
  kept_scores.resize(static_cast<std::size_t>(num_edges));
  const std::int64_t kept = PerDevice<EdgeOperations>::on(context.device)
                                .keep_passing(graph.edge_index.data(), graph.edge_scores.data(), num_edges, cut,
                                              kept_edges.data(), kept_scores.data(), context.stream);
  kept_edges.resize(static_cast<std::size_t>(2 * kept));
  kept_scores.resize(static_cast<std::size_t>(kept));
  graph.edge_index = std::move(kept_edges);
  graph.edge_scores = std::move(kept_scores);
}

void doubled(const Buffer<std::int64_t>& edge_index, Buffer<std::int64_t>& both_directions,
             const ExecutionContext& context) {
  const std::size_t num_edges = edge_index.size() / 2;
  const std::size_t bytes = num_edges * sizeof(std::int64_t);
  both_directions.resize(4 * num_edges);
  const Device device = edge_index.device();
  const std::int64_t* sources = edge_index.data();
  const std::int64_t* targets = edge_index.data() + num_edges;
  std::int64_t* out = both_directions.data();
  // Row 0: sources, then targets; row 1: targets, then sources.
  memory::copy(out, both_directions.device(), sources, device, bytes, context.stream);
  memory::copy(out + num_edges, both_directions.device(), targets, device, bytes, context.stream);
  memory::copy(out + 2 * num_edges, both_directions.device(), targets, device, bytes, context.stream);
  memory::copy(out + 3 * num_edges, both_directions.device(), sources, device, bytes, context.stream);
}

void average_directions(const Buffer<float>& values, float* averages, const ExecutionContext& context) {
  PerDevice<EdgeOperations>::on(context.device)
      .average_halves(values.data(), static_cast<std::int64_t>(values.size() / 2), averages, context.stream);
}

std::int64_t count_outside_unit_interval(const Buffer<float>& values, const ExecutionContext& context) {
  return PerDevice<EdgeOperations>::on(context.device)
      .count_outside_unit_interval(values.data(), static_cast<std::int64_t>(values.size()), context.stream);
}

void slice(const Buffer<std::int64_t>& edge_index, std::int64_t begin, std::int64_t end, Buffer<std::int64_t>& sliced,
           const ExecutionContext& context) {
  sliced.resize(static_cast<std::size_t>(2 * (end - begin)));
  PerDevice<EdgeOperations>::on(context.device)
      .slice(edge_index.data(), static_cast<std::int64_t>(edge_index.size() / 2), begin, end, sliced.data(),
             context.stream);
}

}  // namespace trackgnn::edges
