#pragma once
// The cell list of the fixed-radius search: a uniform grid over the (at most) three coordinates
// of largest extent, built on the device so that no host round trip is needed to size it.
// Two searches (radius_search_grid_thresholds.cu, radius_search_grid.cu) include these kernels;
// those that are not templates are static, so each translation unit holds its own copy instead of
// two clashing definitions.
#include <cuda_runtime.h>

#include <cstdint>

namespace trackgnn::cuda::radius_search_kernels {

// More gridded axes would visit 3^G cells per point for little extra pruning in an embedding.
constexpr int kGridAxes = 3;
// Cells are a little wider than the radius, so that rounding in a cell coordinate can never put
// two points within the radius more than one cell apart (the rounding is below 2^-24 * the
// number of cells on the axis, far under this margin).
constexpr float kCellWidening = 1.001f;
// Caps the cells on one axis (keeping the rounding argument above valid and the key in 30 bits).
constexpr int kMaxCellsPerAxis = 1024;
// Caps the total cells relative to the points, so that the dense cell-start table stays linear
// in n; sparse data then gets wider cells instead.
constexpr std::int64_t kMaxCellsPerPoint = 8;
constexpr std::int64_t kMinCellBudget = 1 << 12;
// Growth of the cell width while the grid is over its cell budget.
constexpr float kCellGrowth = 1.25f;

struct GridSpec {
  int axis[kGridAxes];         // point coordinate of each grid axis (unused axes: 0 with one cell)
  float origin[kGridAxes];
  float cell_width[kGridAxes];
  int cells[kGridAxes];
  int num_cells;
};

// Floats mapped to ints of the same order, so that atomicMin/atomicMax give float extrema.
__device__ __forceinline__ int ordered_int(float value) {
  const int bits = __float_as_int(value);
  return bits >= 0 ? bits : bits ^ 0x7fffffff;
}
__device__ __forceinline__ float ordered_float(int key) { return __int_as_float(key >= 0 ? key : key ^ 0x7fffffff); }

static __global__ void reset_bounds(int* low, int* high, int dim) {
  const int k = threadIdx.x;
  if (k < dim) {
    low[k] = ordered_int(INFINITY);
    high[k] = ordered_int(-INFINITY);
  }
}

// Per-dimension minimum and maximum over the finite coordinates (NaN never counts).
template <int MaxDim>
__global__ void reduce_bounds(const float* points, int n, int dim, int* low, int* high) {
  float local_low[MaxDim], local_high[MaxDim];
#pragma unroll
  for (int k = 0; k < MaxDim; ++k) {
    local_low[k] = INFINITY;
    local_high[k] = -INFINITY;
  }
  // 64-bit: the last stride may step past 2^31 - 1.
  for (std::int64_t p = blockIdx.x * blockDim.x + threadIdx.x; p < n; p += std::int64_t{gridDim.x} * blockDim.x) {
#pragma unroll
    for (int k = 0; k < MaxDim; ++k) {
      if (k < dim) {
        const float x = points[static_cast<std::int64_t>(p) * dim + k];
        local_low[k] = fminf(local_low[k], x);  // fminf ignores a NaN operand
        local_high[k] = fmaxf(local_high[k], x);
      }
    }
  }
  // Warp, then block, then grid: one global atomic per block and dimension, not per warp
  // (thousands of warps hitting the same few addresses serialise).
  __shared__ int block_low[MaxDim], block_high[MaxDim];
  if (threadIdx.x < MaxDim) {
    block_low[threadIdx.x] = ordered_int(INFINITY);
    block_high[threadIdx.x] = ordered_int(-INFINITY);
  }
  __syncthreads();
  const unsigned lane = threadIdx.x % warpSize;
#pragma unroll
  for (int k = 0; k < MaxDim; ++k) {
    if (k >= dim) break;
    for (int offset = warpSize / 2; offset > 0; offset /= 2) {
      local_low[k] = fminf(local_low[k], __shfl_down_sync(0xffffffffu, local_low[k], offset));
      local_high[k] = fmaxf(local_high[k], __shfl_down_sync(0xffffffffu, local_high[k], offset));
    }
    if (lane == 0) {
      atomicMin(block_low + k, ordered_int(local_low[k]));
      atomicMax(block_high + k, ordered_int(local_high[k]));
    }
  }
  __syncthreads();
  if (threadIdx.x < dim) {
    atomicMin(low + threadIdx.x, block_low[threadIdx.x]);
    atomicMax(high + threadIdx.x, block_high[threadIdx.x]);
  }
}

// One thread: picks the axes of largest extent (ties: the lower coordinate) and the cell widths.
static __global__ void plan_grid(const int* low, const int* high, int dim, float radius, std::int64_t cell_budget,
                          GridSpec* spec) {
  float extent[16];
  float origin[16];
  for (int k = 0; k < dim; ++k) {
    origin[k] = ordered_float(low[k]);
    const float span = ordered_float(high[k]) - origin[k];
    // No finite coordinate (or an infinite span): the axis cannot be gridded usefully.
    const bool usable = isfinite(origin[k]) && isfinite(span);
    extent[k] = usable ? span : 0.0f;
    if (!usable) origin[k] = 0.0f;
  }
  GridSpec result;
  bool taken[16] = {};
  for (int g = 0; g < kGridAxes; ++g) {
    int best = -1;
    for (int k = 0; k < dim; ++k)
      if (!taken[k] && (best < 0 || extent[k] > extent[best])) best = k;
    if (g < dim) {
      taken[best] = true;
      result.axis[g] = best;
      result.origin[g] = origin[best];
    } else {
      result.axis[g] = 0;
      result.origin[g] = 0.0f;
    }
  }
  const int gridded = dim < kGridAxes ? dim : kGridAxes;
  // A zero radius still needs a positive width; any width works when all points coincide.
  float base_width = radius > 0.0f ? radius * kCellWidening : 1.0f;
  for (;;) {
    std::int64_t total = 1;
    for (int g = 0; g < kGridAxes; ++g) {
      if (g >= gridded) {
        result.cells[g] = 1;
        result.cell_width[g] = 1.0f;
        continue;
      }
      const float span = extent[result.axis[g]];
      const float width = fmaxf(base_width, span / (kMaxCellsPerAxis - 1));
      const float cells = floorf(span / width) + 1.0f;
      result.cell_width[g] = width > 0.0f ? width : 1.0f;
      result.cells[g] = static_cast<int>(fminf(cells, static_cast<float>(kMaxCellsPerAxis)));
      total *= result.cells[g];
    }
    if (total <= cell_budget) {
      result.num_cells = static_cast<int>(total);
      break;
    }
    base_width *= kCellGrowth;
  }
  *spec = result;
}

__device__ __forceinline__ int cell_coordinate(const GridSpec& spec, int g, float x) {
  const float u = floorf((x - spec.origin[g]) / spec.cell_width[g]);
  // fmaxf maps NaN to 0: a point with an undefined coordinate still gets a valid cell.
  return static_cast<int>(fminf(fmaxf(u, 0.0f), static_cast<float>(spec.cells[g] - 1)));
}

// Axis 0 varies fastest, so the three cells along it next to a point form one contiguous run
// of the sorted points.
static __global__ void compute_cell_keys(const float* points, int n, int dim, const GridSpec* spec_pointer,
                                  unsigned* keys, int* identity) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= n) return;
  const GridSpec spec = *spec_pointer;
  const float* point = points + static_cast<std::int64_t>(p) * dim;
  unsigned key = 0;
  for (int g = kGridAxes - 1; g >= 0; --g)
    key = key * spec.cells[g] + (spec.cells[g] > 1 ? cell_coordinate(spec, g, point[spec.axis[g]]) : 0);
  keys[p] = key;
  identity[p] = p;
}

// cell_start[c] = first sorted position whose key is >= c, for c in [0, num_cells].
static __global__ void find_cell_starts(const unsigned* sorted_keys, int n, const GridSpec* spec, int* cell_start,
                                 int table_size) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= table_size || c > spec->num_cells) return;
  int lo = 0, hi = n;
  while (lo < hi) {
    const int mid = lo + (hi - lo) / 2;  // (lo + hi) / 2 would overflow past 2^30 points
    if (sorted_keys[mid] < static_cast<unsigned>(c)) lo = mid + 1;
    else hi = mid;
  }
  cell_start[c] = lo;
}

// Copies the points into cell order, so that the neighbours a warp reads are contiguous.
static __global__ void gather_points(const float* points, const int* order, int n, int dim, float* sorted_points) {
  const std::int64_t t = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (t >= static_cast<std::int64_t>(n) * dim) return;
  const std::int64_t p = t / dim;
  sorted_points[t] = points[static_cast<std::int64_t>(order[p]) * dim + (t - p * dim)];
}

// Calls visit(begin, end) for each run of sorted positions in the cells next to `key`'s cell.
template <typename Visitor>
__device__ __forceinline__ void for_each_neighbour_run(const GridSpec& spec, const int* cell_start, unsigned key,
                                                       const Visitor& visit) {
  const int c0 = key % spec.cells[0];
  const int c1 = (key / spec.cells[0]) % spec.cells[1];
  const int c2 = key / (spec.cells[0] * spec.cells[1]);
  const int first0 = c0 > 0 ? c0 - 1 : 0;
  const int last0 = c0 + 1 < spec.cells[0] ? c0 + 1 : c0;
  for (int step2 = -1; step2 <= 1; ++step2) {
    const int a2 = c2 + step2;
    if (a2 < 0 || a2 >= spec.cells[2]) continue;
    for (int step1 = -1; step1 <= 1; ++step1) {
      const int a1 = c1 + step1;
      if (a1 < 0 || a1 >= spec.cells[1]) continue;
      const int row = (a2 * spec.cells[1] + a1) * spec.cells[0];
      visit(cell_start[row + first0], cell_start[row + last0 + 1]);
    }
  }
}

// Coordinates per vector load (a float4), also the dimensions summed between two looks at the
// partial sum.
constexpr int kCoordinatesPerLoad = 4;

// The contract's distance: dimension order, separately rounded multiply and add (no FMA).
// Most scanned points are outside the radius; rounded sums of non-negative terms never
// decrease, so once a partial sum exceeds `limit` the rest cannot bring it back and is skipped
// (the value returned is then only known to be > limit).
template <int MaxDim>
__device__ __forceinline__ float squared_distance(const float (&query)[MaxDim], const float* other, int dim,
                                                  float limit) {
  float sum = 0.0f;
  if (MaxDim % kCoordinatesPerLoad == 0 && dim == MaxDim) {
    // Full-width rows are 16-byte aligned: read them four coordinates at a time.
    const float4* packed = reinterpret_cast<const float4*>(other);
#pragma unroll
    for (int k = 0; k < MaxDim; k += kCoordinatesPerLoad) {
      const float4 x = packed[k / kCoordinatesPerLoad];
      const float coordinates[kCoordinatesPerLoad] = {x.x, x.y, x.z, x.w};
#pragma unroll
      for (int c = 0; c < kCoordinatesPerLoad; ++c) {
        const float difference = __fsub_rn(query[k + c], coordinates[c]);
        sum = __fadd_rn(sum, __fmul_rn(difference, difference));
      }
      if (k + kCoordinatesPerLoad < MaxDim && sum > limit) return sum;
    }
    return sum;
  }
#pragma unroll
  for (int k = 0; k < MaxDim; ++k) {
    if (k < dim) {
      const float difference = __fsub_rn(query[k], other[k]);
      sum = __fadd_rn(sum, __fmul_rn(difference, difference));
    }
    if (k % kCoordinatesPerLoad == kCoordinatesPerLoad - 1 && k + 1 < MaxDim && sum > limit) return sum;
  }
  return sum;
}

template <int MaxDim>
__device__ __forceinline__ void load_point(const float* points, int p, int dim, float (&point)[MaxDim]) {
#pragma unroll
  for (int k = 0; k < MaxDim; ++k) point[k] = k < dim ? points[static_cast<std::int64_t>(p) * dim + k] : 0.0f;
}

}  // namespace trackgnn::cuda::radius_search_kernels
