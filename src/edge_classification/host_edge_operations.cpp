// The edge operations on the host: plain loops over edge_arithmetic.hpp's per-edge rules.
#include "edge_classification/edge_arithmetic.hpp"
#include "edge_classification/edge_operations.hpp"

namespace trackgnn {
namespace {

class HostEdgeOperations final : public EdgeOperations {
 public:
  void sigmoid_in_place(float* values, std::int64_t count, Stream) const override {
    for (std::int64_t i = 0; i < count; ++i) values[i] = edges::sigmoid(values[i]);
  }

  std::int64_t keep_passing(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                            std::int64_t* kept_edges, float* kept_scores, Stream) const override {
    std::int64_t kept = 0;
    for (std::int64_t e = 0; e < num_edges; ++e)
      if (edges::passes_cut(scores[e], cut)) {
        kept_edges[kept] = edge_index[e];
        kept_scores[kept] = scores[e];
        ++kept;
      }
    // Targets move up against the kept sources: [2, E] -> [2, kept].
    for (std::int64_t e = 0, t = 0; e < num_edges; ++e)
      if (edges::passes_cut(scores[e], cut)) kept_edges[kept + t++] = edge_index[num_edges + e];
    return kept;
  }

  void average_halves(const float* values, std::int64_t count, float* averages, Stream) const override {
    for (std::int64_t i = 0; i < count; ++i) averages[i] = edges::average(values[i], values[count + i]);
  }

  std::int64_t count_outside_unit_interval(const float* values, std::int64_t count, Stream) const override {
    std::int64_t outside = 0;
    for (std::int64_t i = 0; i < count; ++i) outside += edges::inside_unit_interval(values[i]) ? 0 : 1;
    return outside;
  }

  void slice(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t begin, std::int64_t end,
             std::int64_t* sliced, Stream) const override {
    const std::int64_t count = end - begin;
    for (std::int64_t e = 0; e < count; ++e) {
      sliced[e] = edge_index[begin + e];
      sliced[count + e] = edge_index[num_edges + begin + e];
    }
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOperations, DeviceKind::cpu, HostEdgeOperations);

}  // namespace
}  // namespace trackgnn
