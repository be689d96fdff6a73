#pragma once
// A radius search that runs one of the GPU searches of this folder (radius_search_cuda.hpp,
// radius_search_grid.hpp), which share one signature: each registered CUDA search is this adapter
// around its function.
#include <cstdint>
#include <string>
#include <utility>

#include "graph_construction/device/radius_search_cuda.hpp"
#include "graph_construction/radius_search_registry.hpp"

namespace trackgnn {

class CudaFunctionRadiusSearch final : public RadiusSearch {
 public:
  using Function = std::int64_t (*)(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                    std::int64_t max_neighbours, const cuda::EdgeAllocator& allocate_edges,
                                    Stream stream);

  CudaFunctionRadiusSearch(std::string name, Function function) : name_(std::move(name)), function_(function) {}

  std::string name() const override { return name_; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext& context) const override {
    function_(
        points, n, dim, params.radius, params.max_neighbours,
        [&](std::int64_t num_edges) {
          edges.resize(static_cast<std::size_t>(2 * num_edges));
          return edges.data();
        },
        context.stream);
  }

 private:
  std::string name_;
  Function function_;
};

}  // namespace trackgnn
