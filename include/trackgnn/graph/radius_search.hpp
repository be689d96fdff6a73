#pragma once
// Fixed-radius neighbour search in embedding space. Every method returns the same edge set:
// for each point its max_neighbours nearest others within `radius` (ties broken by index), the
// union of these relations taken as undirected pairs (i < j), sorted by (i, j).
#include <cstdint>
#include <memory>
#include <string>

#include "trackgnn/core/buffer.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct RadiusSearchParams {
  float radius = 0;
  std::int64_t max_neighbours = 0;
};

class RadiusSearch {
 public:
  static constexpr const char* kind = "radius search";
  virtual ~RadiusSearch() = default;
  virtual std::string name() const = 0;
  // points: [n, dim] row-major on the context's device. edges: [2, E] on the same device.
  virtual void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
                      Buffer<std::int64_t>& edges, const ExecutionContext& context) const = 0;
};

}  // namespace trackgnn
