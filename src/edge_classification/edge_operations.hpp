#pragma once
// Operations on a graph's edges between stages, on whichever device the graph lives:
// host loops here, the kernels of src/cuda/edge_ops.cu on a cuda device.
#include <cstdint>

#include "trackgnn/graph/graph.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn::edges {

void sigmoid_in_place(Buffer<float>& values, const ExecutionContext& context);

// Undirected pairs -> directed edges from the inner hit (smaller r, then smaller index) outwards.
void orient_inner_to_outer(Graph& graph, const ExecutionContext& context);

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

}  // namespace trackgnn::edges
