#pragma once
// Operations on a graph's edges and scores between the edge classifiers, on whichever device the
// graph lives: each device has one EdgeOperations implementation (host_edge_operations.cpp,
// device/edge_operations.cu), looked up by the context's device.
#include <cstdint>

#include "core/registry.hpp"
#include "trackgnn/graph/graph.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

// Plain pointers on the implementation's device, sizes and a stream.
class EdgeOperations {
 public:
  static constexpr const char* kind = "edge operations";
  virtual ~EdgeOperations() = default;
  // Logits -> probabilities, in place.
  virtual void sigmoid_in_place(float* values, std::int64_t count, Stream stream) const = 0;
  // Stable compaction of the edges with score >= cut into [2, kept] edges and [kept] scores
  // (capacities 2 * num_edges and num_edges). Returns kept.
  virtual std::int64_t keep_passing(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges,
                                    float cut, std::int64_t* kept_edges, float* kept_scores, Stream stream) const = 0;
  // averages[i] = (values[i] + values[count + i]) / 2 for i < count: values holds 2 * count.
  virtual void average_halves(const float* values, std::int64_t count, float* averages, Stream stream) const = 0;
  virtual std::int64_t count_outside_unit_interval(const float* values, std::int64_t count, Stream stream) const = 0;
  // Columns [begin, end) of a [2, E] edge index as a contiguous [2, end - begin] block.
  virtual void slice(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t begin, std::int64_t end,
                     std::int64_t* sliced, Stream stream) const = 0;
};

namespace edges {

void sigmoid_in_place(Buffer<float>& values, const ExecutionContext& context);

// Keeps the edges whose score is >= cut, in their order; drops the others and their scores.
void keep_edges_passing(Graph& graph, float cut, const ExecutionContext& context);

// [2, E] -> [2, 2E]: the E edges as they are, then the same E reversed (the "doubled" graph of
// trackgnn/models/model_card.hpp's EdgeGraph).
void doubled(const Buffer<std::int64_t>& edge_index, Buffer<std::int64_t>& both_directions,
             const ExecutionContext& context);

// One value per edge from one per direction of the doubled graph: averages[e] is the mean of
// values[e] and values[E + e] (values holds 2E, averages E).
void average_directions(const Buffer<float>& values, float* averages, const ExecutionContext& context);

// How many values are outside [0, 1] (NaN included): what a model said to return probabilities
// must not give.
std::int64_t count_outside_unit_interval(const Buffer<float>& values, const ExecutionContext& context);

// Columns [begin, end) of a [2, E] edge index as a contiguous [2, end - begin] block.
void slice(const Buffer<std::int64_t>& edge_index, std::int64_t begin, std::int64_t end, Buffer<std::int64_t>& sliced,
           const ExecutionContext& context);

}  // namespace edges
}  // namespace trackgnn
