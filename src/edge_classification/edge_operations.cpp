#include "edge_classification/edge_operations.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "edge_classification/device/edge_operations.hpp"

namespace trackgnn::edges {

void sigmoid_in_place(Buffer<float>& values, const ExecutionContext& context) {
  const auto count = static_cast<std::int64_t>(values.size());
  if (context.device.is_cuda()) return cuda::sigmoid_in_place(values.data(), count, context.stream);
  for (auto& value : values) value = 1.0f / (1.0f + std::exp(-value));
}

void orient_inner_to_outer(Graph& graph, const ExecutionContext& context) {
  const std::int64_t num_edges = graph.num_edges();
  std::int64_t* edge_index = graph.edge_index.data();
  const float* positions = graph.node_positions.data();
  if (context.device.is_cuda())
    return cuda::orient_edges_inner_to_outer(edge_index, num_edges, positions, context.stream);
  for (std::int64_t e = 0; e < num_edges; ++e) {
    std::int64_t& source = edge_index[e];
    std::int64_t& target = edge_index[num_edges + e];
    const float source_r = positions[3 * source];
    const float target_r = positions[3 * target];
    if (target_r < source_r || (target_r == source_r && target < source)) std::swap(source, target);
  }
}

void keep_edges_passing(Graph& graph, float cut, const ExecutionContext& context) {
  const std::int64_t num_edges = graph.num_edges();
  Buffer<std::int64_t> kept_edges(graph.edge_index.device(), context.stream);
  Buffer<float> kept_scores(graph.edge_scores.device(), context.stream);
  kept_edges.resize(static_cast<std::size_t>(2 * num_edges));
  kept_scores.resize(static_cast<std::size_t>(num_edges));
  std::int64_t kept = 0;
  if (context.device.is_cuda()) {
    kept = cuda::select_edges(graph.edge_index.data(), graph.edge_scores.data(), num_edges, cut, kept_edges.data(),
                              kept_scores.data(), context.stream);
  } else {
    const std::int64_t* edge_index = graph.edge_index.data();
    for (std::int64_t e = 0; e < num_edges; ++e)
      if (graph.edge_scores[e] >= cut) {
        kept_edges[kept] = edge_index[e];
        kept_scores[kept] = graph.edge_scores[e];
        ++kept;
      }
    // Targets move up against the kept sources: [2, E] -> [2, kept].
    for (std::int64_t e = 0, t = 0; e < num_edges; ++e)
      if (graph.edge_scores[e] >= cut) kept_edges[kept + t++] = edge_index[num_edges + e];
  }
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
  const auto num_edges = static_cast<std::int64_t>(values.size() / 2);
  if (context.device.is_cuda()) return cuda::average_halves(values.data(), num_edges, averages, context.stream);
  for (std::int64_t e = 0; e < num_edges; ++e) averages[e] = 0.5f * (values[e] + values[num_edges + e]);
}

std::int64_t count_outside_unit_interval(const Buffer<float>& values, const ExecutionContext& context) {
  const auto outside = [](const float* begin, const float* end) {
    return static_cast<std::int64_t>(std::count_if(begin, end, [](float value) { return !(value >= 0.0f && value <= 1.0f); }));
  };
  if (!context.device.is_cuda()) return outside(values.begin(), values.end());
  const std::vector<float> on_host = values.to_host();
  return outside(on_host.data(), on_host.data() + on_host.size());
}

void slice(const Buffer<std::int64_t>& edge_index, std::int64_t begin, std::int64_t end, Buffer<std::int64_t>& sliced,
           const ExecutionContext& context) {
  const auto num_edges = static_cast<std::int64_t>(edge_index.size() / 2);
  const std::int64_t count = end - begin;
  sliced.resize(static_cast<std::size_t>(2 * count));
  if (context.device.is_cuda())
    return cuda::slice_edges(edge_index.data(), num_edges, begin, end, sliced.data(), context.stream);
  for (std::int64_t e = 0; e < count; ++e) {
    sliced[e] = edge_index[begin + e];
    sliced[count + e] = edge_index[num_edges + begin + e];
  }
}

}  // namespace trackgnn::edges
