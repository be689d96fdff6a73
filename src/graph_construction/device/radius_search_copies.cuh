#pragma once
// Copies of a point beyond the k + 1 that can be kept are no candidates: the rule, and why it
// changes no edge, are those of the CPU grid (candidates_without_surplus_copies in
// graph_construction/radius_search_selection.hpp). Every point still gets its neighbours: a surplus copy keeps
// exactly what its place's (k + 1)-th copy keeps (the k nearest of the same candidates, which
// include neither of them), so it shares that copy's kept list. A cloud of n identical points
// then costs n (k + 1) distances instead of n^2.
//
// On the device: the cell list of all points (radius_search_host.cuh) gives each point the earlier points
// of its cell in index order (the cell sort is stable), among which it counts its copies; the
// candidates are then cut out of that cell list in the same order, with their own cell starts.
#include <cuda_runtime.h>

#include <cstdint>
#include <cub/device/device_scan.cuh>

#include "core/device/check.cuh"
#include "graph_construction/device/radius_search_cells.cuh"
#include "graph_construction/device/radius_search_host.cuh"
#include "core/device/scratch.cuh"

namespace trackgnn::cuda::radius_search_kernels {
namespace {

// Every coordinate the same bits: the same distance from any query (+0 and -0 are different
// places here, which the rule allows: it needs only that copies measure alike).
template <int MaxDim>
__device__ __forceinline__ bool same_place(const float (&point)[MaxDim], const float* other, int dim) {
#pragma unroll
  for (int c = 0; c < MaxDim; ++c)
    if (c < dim && __float_as_uint(point[c]) != __float_as_uint(other[c])) return false;
  return true;
}

// One thread per sorted position p: is_candidate[p] (1 for the k + 1 lowest-index copies of a
// place, else 0), and shares_list_of[order[p]], by original index: -1 for a candidate, else the
// original index of its place's (k + 1)-th copy. The scan of the earlier points of p's cell stops
// at that copy, so a place with many copies costs k + 1 comparisons per point. Also writes
// is_candidate[n] = 0, the end of the table the candidates' exclusive sum runs over.
template <int MaxDim>
__global__ void find_surplus_copies(const float* sorted_points, const unsigned* sorted_keys, const int* order,
                                    const int* cell_start, int n, int dim, int k, int* is_candidate,
                                    int* shares_list_of) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p == 0) is_candidate[n] = 0;
  if (p >= n) return;
  float point[MaxDim];
  load_point(sorted_points, p, dim, point);
  int earlier_copies = 0;
  int last_kept_copy = -1;
  for (int q = cell_start[sorted_keys[p]]; q < p && earlier_copies <= k; ++q) {
    if (!same_place(point, sorted_points + static_cast<std::int64_t>(q) * dim, dim)) continue;
    if (earlier_copies == k) last_kept_copy = q;
    ++earlier_copies;
  }
  const bool candidate = earlier_copies <= k;
  is_candidate[p] = candidate ? 1 : 0;
  shares_list_of[order[p]] = candidate ? -1 : order[last_kept_copy];
}

// Copies each candidate's sorted point, cell key and original index to its place among the
// candidates (candidates_before[p], an exclusive sum), keeping the cell order.
static __global__ void gather_candidates(const float* sorted_points, const unsigned* sorted_keys, const int* order,
                                         const int* is_candidate, const int* candidates_before, int n, int dim,
                                         float* candidate_points, unsigned* candidate_keys, int* candidate_order) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= n || !is_candidate[p]) return;
  const int t = candidates_before[p];
  for (int c = 0; c < dim; ++c)
    candidate_points[static_cast<std::int64_t>(t) * dim + c] = sorted_points[static_cast<std::int64_t>(p) * dim + c];
  candidate_keys[t] = sorted_keys[p];
  candidate_order[t] = order[p];
}

// The candidates' cell starts: a cell starts, among the candidates, after those before its first point.
static __global__ void candidate_cell_starts(const int* cell_start, const int* candidates_before,
                                             const GridSpec* spec, std::int64_t table_size, int* candidate_start) {
  const std::int64_t c = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= table_size || c > spec->num_cells) return;
  candidate_start[c] = candidates_before[cell_start[c]];
}

// The candidates of a cell list, laid out like it (same grid, same order), their number on the
// device (count()), and for every point the original index of the copy whose kept list it
// shares (shares_list_of(); -1 for the candidates themselves).
template <int MaxDim>
class CandidateCells {
 public:
  CandidateCells(const CellList<MaxDim>& cells, int n, int dim, int k, Stream stream)
      : n_(n),
        spec_(cells.spec()),
        candidates_before_(static_cast<std::size_t>(n) + 1, stream),
        shares_list_of_(n, stream),
        sorted_keys_(n, stream),
        order_(n, stream),
        cell_start_(cell_budget_for(n) + 1, stream),
        sorted_points_(static_cast<std::size_t>(n) * dim, stream) {
    const int threads = kThreadsPerBlock;
    const auto point_blocks = blocks_for(n, threads);
    Scratch<int> is_candidate(static_cast<std::size_t>(n) + 1, stream);
    find_surplus_copies<MaxDim><<<point_blocks, threads, 0, stream>>>(
        cells.sorted_points(), cells.sorted_keys(), cells.order(), cells.cell_start(), n, dim, k, is_candidate.get(),
        shares_list_of_.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    run_cub(
        [&](void* temp, std::size_t& bytes) {
          return cub::DeviceScan::ExclusiveSum(temp, bytes, is_candidate.get(), candidates_before_.get(), n + 1,
                                               stream);
        },
        stream);
    gather_candidates<<<point_blocks, threads, 0, stream>>>(
        cells.sorted_points(), cells.sorted_keys(), cells.order(), is_candidate.get(), candidates_before_.get(), n, dim,
        sorted_points_.get(), sorted_keys_.get(), order_.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    const std::int64_t table_size = cell_budget_for(n) + 1;
    candidate_cell_starts<<<blocks_for(table_size, threads), threads, 0, stream>>>(
        cells.cell_start(), candidates_before_.get(), spec_, table_size, cell_start_.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
  }

  const GridSpec* spec() const { return spec_; }
  const unsigned* sorted_keys() const { return sorted_keys_.get(); }
  const int* order() const { return order_.get(); }
  const int* cell_start() const { return cell_start_.get(); }
  const float* sorted_points() const { return sorted_points_.get(); }
  // The number of candidates, on the device: the exclusive sum's last entry.
  const int* count() const { return candidates_before_.get() + n_; }
  const int* shares_list_of() const { return shares_list_of_.get(); }

 private:
  int n_;
  const GridSpec* spec_;
  Scratch<int> candidates_before_;
  Scratch<int> shares_list_of_;
  Scratch<unsigned> sorted_keys_;
  Scratch<int> order_;
  Scratch<int> cell_start_;
  Scratch<float> sorted_points_;
};

}  // namespace
}  // namespace trackgnn::cuda::radius_search_kernels
