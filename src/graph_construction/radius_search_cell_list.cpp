// "cell_list": a cell-list search, the comparison for the k-d tree that the CPU "grid" runs
// (radius_search_kd_tree.cpp). Points are sorted into a uniform grid of cell size `radius` over
// the few dimensions with the largest extent, and each point measures only the points of its own and
// the adjacent cells. Cost grows linearly with the number of points at fixed density. Copies of
// a point beyond the k + 1 that can be kept are no candidates (radius_search_selection.hpp), so a
// place holding many identical points costs what k + 1 points there would.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "graph_construction/radius_search_registry.hpp"
#include "graph_construction/radius_search_selection.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

// Three gridded dimensions visit 27 cells per point; more would visit 3^G cells for
// diminishing pruning in an 8-dimensional embedding.
constexpr std::int64_t kMaxGridDimensions = 3;
// Cells a little wider than the radius, so rounding in the cell coordinate can never put two
// points within the radius more than one cell apart.
constexpr float kCellWidening = 1.0001f;

struct Grid {
  std::int64_t dimensions = 0;
  std::array<std::int64_t, kMaxGridDimensions> axis{};     // which point coordinate each grid axis uses
  std::array<std::int64_t, kMaxGridDimensions> cells{};    // cells along each axis
  std::array<float, kMaxGridDimensions> origin{};
  std::vector<std::int64_t> point_order;                  // points sorted by cell key
  std::vector<std::int64_t> cell_keys;                    // distinct occupied keys, ascending
  std::vector<std::int64_t> cell_starts;                  // into point_order; one more than cell_keys

  std::int64_t coordinate(const float* point, std::int64_t g, float inverse_cell) const {
    const auto c = static_cast<std::int64_t>((point[axis[g]] - origin[g]) * inverse_cell);
    return std::clamp<std::int64_t>(c, 0, cells[g] - 1);
  }
};

// The grid of the points `members` (indices into `points`).
Grid build_grid(const float* points, const std::vector<std::int64_t>& members, std::int64_t dim, float radius) {
  Grid grid;
  const auto n = static_cast<std::int64_t>(members.size());
  std::vector<float> low(dim, INFINITY), high(dim, -INFINITY);
  for (const std::int64_t i : members)
    for (std::int64_t k = 0; k < dim; ++k) {
      low[k] = std::min(low[k], points[i * dim + k]);
      high[k] = std::max(high[k], points[i * dim + k]);
    }
  std::vector<std::int64_t> by_extent(dim);
  std::iota(by_extent.begin(), by_extent.end(), 0);
  std::stable_sort(by_extent.begin(), by_extent.end(),
                   [&](std::int64_t a, std::int64_t b) { return high[a] - low[a] > high[b] - low[b]; });
  grid.dimensions = std::min(dim, kMaxGridDimensions);
  const float inverse_cell = 1.0f / (radius * kCellWidening);
  for (std::int64_t g = 0; g < grid.dimensions; ++g) {
    const std::int64_t k = by_extent[g];
    grid.axis[g] = k;
    grid.origin[g] = low[k];
    // Capped so that the linear cell key cannot overflow even for a tiny radius.
    const double span = std::floor(static_cast<double>(high[k] - low[k]) * inverse_cell) + 1.0;
    grid.cells[g] = static_cast<std::int64_t>(std::min(span, 1.0e6));
  }
  auto key_of = [&](std::int64_t i) {
    std::int64_t key = 0;
    for (std::int64_t g = 0; g < grid.dimensions; ++g)
      key = key * grid.cells[g] + grid.coordinate(points + i * dim, g, inverse_cell);
    return key;
  };
  std::vector<std::pair<std::int64_t, std::int64_t>> keyed(n);
  for (std::int64_t m = 0; m < n; ++m) keyed[m] = {key_of(members[m]), members[m]};
  std::sort(keyed.begin(), keyed.end());
  grid.point_order.resize(n);
  for (std::int64_t i = 0; i < n; ++i) {
    grid.point_order[i] = keyed[i].second;
    if (i == 0 || keyed[i].first != keyed[i - 1].first) {
      grid.cell_keys.push_back(keyed[i].first);
      grid.cell_starts.push_back(i);
    }
  }
  grid.cell_starts.push_back(n);
  return grid;
}

class CellListRadiusSearch final : public RadiusSearch {
 public:
  std::string name() const override { return "cell_list"; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext&) const override {
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    if (n == 0) {
      radius::write_edges(pairs, edges);
      return;
    }
    const std::int64_t k = std::min(params.max_neighbours, n - 1);
    const Grid grid = build_grid(points, radius::candidates_without_surplus_copies(points, n, dim, k), dim,
                                 params.radius);
    const float inverse_cell = 1.0f / (params.radius * kCellWidening);
    const float radius2 = params.radius * params.radius;
    std::int64_t neighbour_cells = 1;
    for (std::int64_t g = 0; g < grid.dimensions; ++g) neighbour_cells *= 3;

    std::vector<radius::Candidate> candidates;
    pairs.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(std::min<std::int64_t>(params.max_neighbours, 64)));
    for (std::int64_t i = 0; i < n; ++i) {
      const float* point = points + i * dim;
      std::array<std::int64_t, kMaxGridDimensions> home{};
      for (std::int64_t g = 0; g < grid.dimensions; ++g) home[g] = grid.coordinate(point, g, inverse_cell);
      candidates.clear();
      for (std::int64_t offset = 0; offset < neighbour_cells; ++offset) {
        std::int64_t key = 0;
        bool inside = true;
        for (std::int64_t g = 0, rest = offset; g < grid.dimensions; ++g, rest /= 3) {
          const std::int64_t c = home[g] + rest % 3 - 1;
          if (c < 0 || c >= grid.cells[g]) {
            inside = false;
            break;
          }
          key = key * grid.cells[g] + c;
        }
        if (!inside) continue;
        const auto found = std::lower_bound(grid.cell_keys.begin(), grid.cell_keys.end(), key);
        if (found == grid.cell_keys.end() || *found != key) continue;
        const auto cell = found - grid.cell_keys.begin();
        for (std::int64_t s = grid.cell_starts[cell]; s < grid.cell_starts[cell + 1]; ++s) {
          const std::int64_t j = grid.point_order[s];
          if (j == i) continue;
          const float d2 = radius::squared_distance(point, points + j * dim, dim);
          if (d2 <= radius2) candidates.push_back({d2, j});
        }
      }
      radius::keep_nearest(i, candidates, params.max_neighbours, pairs);
    }
    radius::write_edges(pairs, edges);
  }
};

// The host's comparison for the k-d tree that "grid" runs on the CPU; no CUDA implementation.
TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "cell_list", DeviceKind::cpu,
                            [](Device) { return std::make_unique<CellListRadiusSearch>(); });

}  // namespace
}  // namespace trackgnn
