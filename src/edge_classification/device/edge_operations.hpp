#pragma once
// The edge operations' kernels, so that an event never leaves the GPU between the classifiers.
// Plain pointers on the device, sizes and a stream; edge_operations.cu also registers them as
// the cuda EdgeOperations (edge_classification/edge_operations.hpp).
#include <cstdint>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// Logits -> probabilities, in place.
void sigmoid_in_place(float* values, std::int64_t count, Stream stream);

// Stable compaction of the edges with score >= cut: writes the kept edges as [2, kept]
// (kept sources, then kept targets) to kept_edge_index (capacity 2 * num_edges) and their
// scores to kept_scores (capacity num_edges). Returns the number kept (synchronises the stream).
std::int64_t select_edges(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                          std::int64_t* kept_edge_index, float* kept_scores, Stream stream);

// averages[i] = (values[i] + values[count + i]) / 2 for i < count: values holds 2 * count.
void average_halves(const float* values, std::int64_t count, float* averages, Stream stream);

// Copies columns [begin, end) of a [2, E] edge index into a contiguous [2, end - begin] block.
void slice_edges(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t begin, std::int64_t end,
                 std::int64_t* sliced, Stream stream);

}  // namespace trackgnn::cuda
