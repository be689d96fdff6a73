// One warp owns 16 edges at a time (one tensor-core row block) and keeps them in registers from
// the first layer to the last. Every layer is a 16x64x64 product of mma.sync m16n8k16
// instructions whose accumulator layout (lane 4g + t holds rows g and g + 8, columns 8j + 2t and
// 8j + 2t + 1 of each 8-column block j) is, two column blocks at a time, the layout of the next
// product's A operand: a layer's output becomes the next layer's input by rounding to the working
// type, with no trip through shared memory. The row epilogue works in that layout too (a row's
// LayerNorm sums are four lanes' partial sums and two shuffles).
//
// The kernel is bound by the latency of its gathers, not by arithmetic or bandwidth, so each warp
// copies the next tile's edge rows and endpoint projections into its own shared-memory rows
// (cp.async) while it computes the current tile from registers, and loads the endpoints of the
// tile after that. Shared memory also holds the weights, stored in fragment order so that each
// lane reads its B operands with 16-byte loads, and the epilogue parameters.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/device/check.cuh"
#include "models/native/device/fused_edge_mlp.hpp"
#include "models/native/device/working_precision.cuh"

namespace trackgnn::cuda {
namespace {

using gnn::Activation;
using gnn::RowEpilogue;
using working_precision::activate;
using working_precision::from_float;
using working_precision::to_float;

constexpr int kWidth = static_cast<int>(kFusedEdgeWidth);
constexpr int kRowsPerTile = 16;                         // the m of m16n8k16
constexpr int kRowGap = 8;                               // a lane's two rows: g and g + 8
constexpr int kColumnBlock = 8;                          // the n of m16n8k16
constexpr int kDepthBlock = 16;                          // the k of m16n8k16
constexpr int kColumnBlocks = kWidth / kColumnBlock;     // 8 accumulators of 4 floats per lane
constexpr int kDepthBlocks = kWidth / kDepthBlock;       // 4 A operands of 4 words per lane
constexpr int kWarpSize = 32;
constexpr int kLanesPerRow = 4;                          // the t of lane 4g + t
constexpr int kWarpsPerBlock = 8;
constexpr int kBlocksPerMultiprocessor = 2;
constexpr unsigned kFullWarp = 0xffffffffu;
constexpr int kMaxStages = 1 + kMaxFusedDenseLayers;
// B operands per lane and stage: for each depth block and pair of column blocks, four 32-bit words.
constexpr int kWeightVectorsPerStage = kDepthBlocks * (kColumnBlocks / 2) * kWarpSize;  // uint4
// Epilogue parameters per stage: bias, LayerNorm weight, LayerNorm bias.
constexpr int kBias = 0, kNormWeight = 1, kNormBias = 2, kParameterRows = 3;

// A warp's staged tile: 16 rows each of the edges, the sources' and the targets' projections.
// Rows padded by 16 bytes, so that the eight rows a fragment read touches start in different banks.
constexpr int kStagedStride = kWidth + 8;  // elements of the working type
constexpr int kStagedMatrices = 3;
constexpr int kEdgeRows = 0, kSourceRows = 1, kTargetRows = 2;
constexpr int kCopyBytes = 16;                                     // one cp.async
constexpr int kRowBytes = kWidth * 2;                              // 2-byte working types
constexpr int kCopiesPerLane = kRowBytes / kCopyBytes / 2;         // a lane copies half a row: 4

struct SharedLayout {
  static constexpr std::size_t weight_bytes = sizeof(uint4) * kWeightVectorsPerStage;
  static constexpr std::size_t parameter_bytes = sizeof(float) * (kMaxStages * kParameterRows + 1) * kWidth;
  static constexpr std::size_t staged_bytes = 2 * kStagedMatrices * kRowsPerTile * kStagedStride;
  static constexpr std::size_t parameters_offset = kMaxStages * weight_bytes;
  static constexpr std::size_t staged_offset = parameters_offset + parameter_bytes;
  static constexpr std::size_t total = staged_offset + kWarpsPerBlock * staged_bytes;
};
static_assert(SharedLayout::staged_offset % kCopyBytes == 0 && SharedLayout::staged_bytes % kCopyBytes == 0 &&
                  (kStagedStride * 2) % kCopyBytes == 0,
              "cp.async destinations must be 16-byte aligned");

template <typename T>
struct Pair;  // two values of the working type in one 32-bit word, the first in the low half
template <>
struct Pair<__half> {
  using type = __half2;
  __device__ static type make(float low, float high) { return __floats2half2_rn(low, high); }
  __device__ static float2 split(type pair) { return __half22float2(pair); }
};
template <>
struct Pair<__nv_bfloat16> {
  using type = __nv_bfloat162;
  __device__ static type make(float low, float high) { return __floats2bfloat162_rn(low, high); }
  __device__ static float2 split(type pair) { return __bfloat1622float2(pair); }
};

template <typename T>
__device__ __forceinline__ std::uint32_t pack(float low, float high) {
  const typename Pair<T>::type pair = Pair<T>::make(low, high);
  return *reinterpret_cast<const std::uint32_t*>(&pair);
}
template <typename T>
__device__ __forceinline__ float2 unpack(std::uint32_t word) {
  return Pair<T>::split(*reinterpret_cast<const typename Pair<T>::type*>(&word));
}

// accumulator (4 floats: rows g and g + 8, two columns each) += A (16 x 16) B (16 x 8).
template <typename T>
__device__ __forceinline__ void mma(float (&accumulator)[4], const uint4& a, std::uint32_t b0, std::uint32_t b1) {
  if constexpr (std::is_same_v<T, __half>) {
    asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(accumulator[0]), "+f"(accumulator[1]), "+f"(accumulator[2]), "+f"(accumulator[3])
        : "r"(a.x), "r"(a.y), "r"(a.z), "r"(a.w), "r"(b0), "r"(b1));
  } else {
    asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(accumulator[0]), "+f"(accumulator[1]), "+f"(accumulator[2]), "+f"(accumulator[3])
        : "r"(a.x), "r"(a.y), "r"(a.z), "r"(a.w), "r"(b0), "r"(b1));
  }
}

// The A operand of depth block d: rows g and g + 8, columns 16d + 2t (+1) and 16d + 8 + 2t (+1).
using Operand = uint4[kDepthBlocks];
using Accumulators = float[kColumnBlocks][4];

// accumulators = operand (16 x 64) @ weight^T, the weight in fragment order (load_parameters).
template <typename T>
__device__ __forceinline__ void multiply(const Operand& operand, const uint4* weight, int lane,
                                         Accumulators& accumulators) {
#pragma unroll
  for (int j = 0; j < kColumnBlocks; ++j)
#pragma unroll
    for (int k = 0; k < 4; ++k) accumulators[j][k] = 0.0f;
#pragma unroll
  for (int d = 0; d < kDepthBlocks; ++d)
#pragma unroll
    for (int p = 0; p < kColumnBlocks / 2; ++p) {
      const uint4 b = weight[(d * (kColumnBlocks / 2) + p) * kWarpSize + lane];
      mma<T>(accumulators[2 * p], operand[d], b.x, b.y);
      mma<T>(accumulators[2 * p + 1], operand[d], b.z, b.w);
    }
}

// The accumulators rounded to the working type, as the next product's A operand.
template <typename T>
__device__ __forceinline__ void to_operand(const Accumulators& accumulators, Operand& operand) {
#pragma unroll
  for (int d = 0; d < kDepthBlocks; ++d) {
    const float* low = accumulators[2 * d];
    const float* high = accumulators[2 * d + 1];
    operand[d] = make_uint4(pack<T>(low[0], low[1]), pack<T>(low[2], low[3]), pack<T>(high[0], high[1]),
                            pack<T>(high[2], high[3]));
  }
}

// accumulators += operand, element by element (the operand's words in accumulator order).
template <typename T>
__device__ __forceinline__ void add_operand(const Operand& operand, Accumulators& accumulators) {
#pragma unroll
  for (int d = 0; d < kDepthBlocks; ++d) {
    const std::uint32_t words[4] = {operand[d].x, operand[d].y, operand[d].z, operand[d].w};
#pragma unroll
    for (int w = 0; w < 4; ++w) {
      const float2 values = unpack<T>(words[w]);
      float* block = accumulators[2 * d + w / 2];
      block[2 * (w % 2)] += values.x;
      block[2 * (w % 2) + 1] += values.y;
    }
  }
}

// Per stage: whether it normalises, its epsilon and activation (uniform over the block).
struct StageShape {
  bool norm = false;
  float eps = 0.0f;
  Activation activation = Activation::none;
};

__device__ __forceinline__ StageShape shape_of(const RowEpilogue& epilogue) {
  return {epilogue.norm_weight != nullptr, epilogue.norm_eps, epilogue.activation};
}

// Sum over the four lanes of a row.
__device__ __forceinline__ float row_sum(float value) {
  value += __shfl_xor_sync(kFullWarp, value, 1);
  return value + __shfl_xor_sync(kFullWarp, value, 2);
}

template <Activation kActivation>
__device__ __forceinline__ void activate_all(Accumulators& accumulators) {
#pragma unroll
  for (int j = 0; j < kColumnBlocks; ++j)
#pragma unroll
    for (int k = 0; k < 4; ++k) accumulators[j][k] = activate(accumulators[j][k], kActivation);
}

// bias, LayerNorm over each row's 64 columns, activation; `parameters` is the stage's, and this
// lane's columns are 8j + column and 8j + column + 1.
__device__ __forceinline__ void finish_rows(Accumulators& accumulators, const float* parameters, int column,
                                            const StageShape& shape) {
#pragma unroll
  for (int j = 0; j < kColumnBlocks; ++j) {
    const float2 bias = *reinterpret_cast<const float2*>(parameters + kBias * kWidth + kColumnBlock * j + column);
    accumulators[j][0] += bias.x;
    accumulators[j][1] += bias.y;
    accumulators[j][2] += bias.x;
    accumulators[j][3] += bias.y;
  }
  if (shape.norm) {
    // h = 0: row g (elements 0, 1), h = 1: row g + 8 (elements 2, 3).
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      float sum = 0.0f;
#pragma unroll
      for (int j = 0; j < kColumnBlocks; ++j) sum += accumulators[j][2 * h] + accumulators[j][2 * h + 1];
      const float mean = row_sum(sum) / static_cast<float>(kWidth);
      float squares = 0.0f;
#pragma unroll
      for (int j = 0; j < kColumnBlocks; ++j) {
        const float a = accumulators[j][2 * h] - mean, b = accumulators[j][2 * h + 1] - mean;
        squares += a * a + b * b;
      }
      const float inverse_std = rsqrtf(row_sum(squares) / static_cast<float>(kWidth) + shape.eps);
#pragma unroll
      for (int j = 0; j < kColumnBlocks; ++j) {
        const int c = kColumnBlock * j + column;
        const float2 weight = *reinterpret_cast<const float2*>(parameters + kNormWeight * kWidth + c);
        const float2 bias = *reinterpret_cast<const float2*>(parameters + kNormBias * kWidth + c);
        accumulators[j][2 * h] = (accumulators[j][2 * h] - mean) * inverse_std * weight.x + bias.x;
        accumulators[j][2 * h + 1] = (accumulators[j][2 * h + 1] - mean) * inverse_std * weight.y + bias.y;
      }
    }
  }
  // One branch on the stage's activation, not one per value: the loops stay straight-line code.
  switch (shape.activation) {
    case Activation::relu: activate_all<Activation::relu>(accumulators); return;
    case Activation::tanh: activate_all<Activation::tanh>(accumulators); return;
    case Activation::silu: activate_all<Activation::silu>(accumulators); return;
    case Activation::none: return;
  }
}

template <typename T>
struct Arguments {
  const T* node_projection;
  const std::int64_t* edge_index;
  std::int64_t num_edges;
  const T* edges;
  T* out;
  bool add_residual;
  FusedEdgeMlp mlp;
};

// Block set-up: each stage's [64 out x 64 in] weight (stage 0: the edge block of the first layer)
// in fragment order: for depth block d, column-block pair p and lane 4g + t, the words
// W[8(2p) + g][16d + 2t], W[8(2p) + g][16d + 8 + 2t], W[8(2p + 1) + g][16d + 2t] and
// W[8(2p + 1) + g][16d + 8 + 2t] (each word two consecutive inputs); then the epilogue
// parameters and the final projection's weights.
template <typename T>
__device__ void load_parameters(const FusedEdgeMlp& mlp, int stages, uint4* weights, float* parameters) {
  for (int s = 0; s < stages; ++s) {
    const auto* source = static_cast<const std::uint32_t*>(s == 0 ? mlp.edge_weight : mlp.dense[s - 1].weight);
    const auto word = [source](int out, int in) { return source[(out * kWidth + in) / 2]; };
    for (int v = threadIdx.x; v < kWeightVectorsPerStage; v += blockDim.x) {
      const int lane = v % kWarpSize, pair = (v / kWarpSize) % (kColumnBlocks / 2), d = v / kWarpSize / (kColumnBlocks / 2);
      const int g = lane / kLanesPerRow, t = lane % kLanesPerRow;
      const int out0 = kColumnBlock * (2 * pair) + g, out1 = out0 + kColumnBlock, in = kDepthBlock * d + 2 * t;
      weights[s * kWeightVectorsPerStage + v] =
          make_uint4(word(out0, in), word(out0, in + 8), word(out1, in), word(out1, in + 8));
    }
    const RowEpilogue& epilogue = s == 0 ? mlp.first : mlp.dense[s - 1].epilogue;
    float* own = parameters + s * kParameterRows * kWidth;
    for (int c = threadIdx.x; c < kWidth; c += blockDim.x) {
      own[kBias * kWidth + c] = epilogue.bias != nullptr ? epilogue.bias[c] : 0.0f;
      own[kNormWeight * kWidth + c] = epilogue.norm_weight != nullptr ? epilogue.norm_weight[c] : 1.0f;
      own[kNormBias * kWidth + c] = epilogue.norm_bias != nullptr ? epilogue.norm_bias[c] : 0.0f;
    }
  }
  float* final_weight = parameters + kMaxStages * kParameterRows * kWidth;
  for (int c = threadIdx.x; c < kWidth; c += blockDim.x)
    final_weight[c] = mlp.final_weight != nullptr ? to_float(static_cast<const T*>(mlp.final_weight)[c]) : 0.0f;
}

// 16 bytes from global to shared memory without passing through registers; zeros where !valid.
__device__ __forceinline__ void copy_async(void* destination, const void* source, bool valid) {
  const auto shared_address = static_cast<unsigned>(__cvta_generic_to_shared(destination));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(shared_address), "l"(source),
               "r"(valid ? kCopyBytes : 0)
               : "memory");
}
__device__ __forceinline__ void commit_copies() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
__device__ __forceinline__ void wait_for_copies() { asm volatile("cp.async.wait_group 0;\n" ::: "memory"); }

// The endpoints of one edge (node 0 past the last edge: its rows are computed, never stored).
struct Endpoints {
  std::int64_t source = 0;
  std::int64_t target = 0;
  bool valid = false;
};

__device__ __forceinline__ Endpoints load_endpoints(const std::int64_t* edge_index, std::int64_t num_edges,
                                                    std::int64_t edge) {
  if (edge >= num_edges) return {};
  return {edge_index[edge], edge_index[num_edges + edge], true};
}

// Starts copying this lane's half of one staged row (row lane / 2 of the tile whose endpoints are
// given) of each matrix: the edge row and the endpoints' projections.
template <typename T>
__device__ __forceinline__ void stage_rows(const Arguments<T>& args, std::int64_t edge, const Endpoints& endpoints,
                                           int lane, T* staged) {
  const int row = lane / 2, first = (lane % 2) * (kWidth / 2);
  const T* sources[kStagedMatrices] = {args.edges + (endpoints.valid ? edge : 0) * kWidth,
                                       args.node_projection + endpoints.source * 2 * kWidth,
                                       args.node_projection + endpoints.target * 2 * kWidth + kWidth};
#pragma unroll
  for (int m = 0; m < kStagedMatrices; ++m)
#pragma unroll
    for (int c = 0; c < kCopiesPerLane; ++c) {
      const int column = first + c * (kCopyBytes / 2);
      copy_async(staged + (m * kRowsPerTile + row) * kStagedStride + column, sources[m] + column, endpoints.valid);
    }
  commit_copies();
}

// The 32-bit word of staged matrix m at (row, column).
template <typename T>
__device__ __forceinline__ std::uint32_t staged_word(const T* staged, int m, int row, int column) {
  return *reinterpret_cast<const std::uint32_t*>(staged + (m * kRowsPerTile + row) * kStagedStride + column);
}

template <typename T>
__global__ void __launch_bounds__(kWarpsPerBlock * kWarpSize, kBlocksPerMultiprocessor)
    fused_edge_mlp_kernel(Arguments<T> args) {
  extern __shared__ __align__(128) unsigned char shared[];
  uint4* weights = reinterpret_cast<uint4*>(shared);
  float* parameters = reinterpret_cast<float*>(shared + SharedLayout::parameters_offset);
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  T* staged = reinterpret_cast<T*>(shared + SharedLayout::staged_offset + warp * SharedLayout::staged_bytes);
  const int g = lane / kLanesPerRow;
  const int column = 2 * (lane % kLanesPerRow);

  const FusedEdgeMlp& mlp = args.mlp;
  const int stages = 1 + mlp.num_dense;
  load_parameters<T>(mlp, stages, weights, parameters);
  __shared__ StageShape shapes[kMaxStages];
  if (threadIdx.x < stages) shapes[threadIdx.x] = shape_of(threadIdx.x == 0 ? mlp.first : mlp.dense[threadIdx.x - 1].epilogue);
  const bool final_layer = mlp.final_weight != nullptr;
  const float final_bias = final_layer && mlp.final_bias != nullptr ? *mlp.final_bias : 0.0f;
  __syncthreads();

  const std::int64_t num_edges = args.num_edges;
  const std::int64_t num_tiles = (num_edges + kRowsPerTile - 1) / kRowsPerTile;
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * kWarpsPerBlock;
  std::int64_t tile = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + warp;
  // This lane's staged row: row lane / 2 of the tile being copied.
  const auto staged_edge = [&](std::int64_t of_tile) { return of_tile * kRowsPerTile + lane / 2; };
  if (tile < num_tiles)
    stage_rows(args, staged_edge(tile), load_endpoints(args.edge_index, num_edges, staged_edge(tile)), lane, staged);
  Endpoints following = load_endpoints(args.edge_index, num_edges, staged_edge(tile + stride));

  for (; tile < num_tiles; tile += stride) {
    std::int64_t row[2];
    bool valid[2];
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      row[h] = tile * kRowsPerTile + g + kRowGap * h;
      valid[h] = row[h] < num_edges;
    }

    // This tile's edge rows from the staging area, as the first product's A operand.
    wait_for_copies();
    __syncwarp();
    Operand input;
#pragma unroll
    for (int d = 0; d < kDepthBlocks; ++d) {
      std::uint32_t words[4];
#pragma unroll
      for (int w = 0; w < 4; ++w)
        words[w] = staged_word(staged, kEdgeRows, g + kRowGap * (w % 2), kDepthBlock * d + kColumnBlock * (w / 2) + column);
      input[d] = make_uint4(words[0], words[1], words[2], words[3]);
    }

    Accumulators accumulators;
    Operand operand;
#pragma unroll
    for (int d = 0; d < kDepthBlocks; ++d) operand[d] = input[d];
    // One copy of the stage's code, not one per stage: the kernel's instructions stay in the
    // instruction cache.
#pragma unroll 1
    for (int s = 0; s < stages; ++s) {
      multiply<T>(operand, weights + s * kWeightVectorsPerStage, lane, accumulators);
      if (s == 0) {
        // The endpoints' projections, in accumulator order: columns 8j + column (+1) of row g + 8h.
#pragma unroll
        for (int j = 0; j < kColumnBlocks; ++j)
#pragma unroll
          for (int h = 0; h < 2; ++h) {
            const int r = g + kRowGap * h, c = kColumnBlock * j + column;
            const float2 a = unpack<T>(staged_word(staged, kSourceRows, r, c));
            const float2 b = unpack<T>(staged_word(staged, kTargetRows, r, c));
            accumulators[j][2 * h] += a.x + b.x;
            accumulators[j][2 * h + 1] += a.y + b.y;
          }
        // Every lane has read the staging rows before the next tile's copies overwrite them.
        __syncwarp();
        if (tile + stride < num_tiles) {
          stage_rows(args, staged_edge(tile + stride), following, lane, staged);
          following = load_endpoints(args.edge_index, num_edges, staged_edge(tile + 2 * stride));
        }
      }
      finish_rows(accumulators, parameters + s * kParameterRows * kWidth, column, shapes[s]);
      if (s + 1 < stages) to_operand<T>(accumulators, operand);
    }

    if (final_layer) {
      // The last hidden layer is rounded to the working type, as a stored activation would be.
      const float* final_weight = parameters + kMaxStages * kParameterRows * kWidth;
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        float dot = 0.0f;
#pragma unroll
        for (int j = 0; j < kColumnBlocks; ++j) {
          const float2 weight = *reinterpret_cast<const float2*>(final_weight + kColumnBlock * j + column);
          dot += to_float(from_float<T>(accumulators[j][2 * h])) * weight.x +
                 to_float(from_float<T>(accumulators[j][2 * h + 1])) * weight.y;
        }
        dot = row_sum(dot);
        if (valid[h] && column == 0) args.out[row[h]] = from_float<T>(dot + final_bias);
      }
    } else {
      if (args.add_residual) add_operand<T>(input, accumulators);
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        if (!valid[h]) continue;
#pragma unroll
        for (int j = 0; j < kColumnBlocks; ++j)
          *reinterpret_cast<std::uint32_t*>(args.out + row[h] * kWidth + kColumnBlock * j + column) =
              pack<T>(accumulators[j][2 * h], accumulators[j][2 * h + 1]);
      }
    }
  }
}

template <typename T>
void launch(const Arguments<T>& args, Stream stream) {
  // Opting in to more than 48 KB of dynamic shared memory is per kernel and device; repeating it
  // is harmless and cheap next to the kernel.
  TRACKGNN_CUDA_CHECK(cudaFuncSetAttribute(fused_edge_mlp_kernel<T>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                           static_cast<int>(SharedLayout::total)));
  int device = 0, multiprocessors = 0;
  TRACKGNN_CUDA_CHECK(cudaGetDevice(&device));
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device));
  const std::int64_t tiles = (args.num_edges + kRowsPerTile - 1) / kRowsPerTile;
  const std::int64_t wanted = (tiles + kWarpsPerBlock - 1) / kWarpsPerBlock;
  const int blocks = static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{multiprocessors} *
                                                                         kBlocksPerMultiprocessor));
  fused_edge_mlp_kernel<T><<<blocks, kWarpsPerBlock * kWarpSize, SharedLayout::total, stream>>>(args);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

bool aligned(const void* pointer, std::size_t bytes) { return reinterpret_cast<std::uintptr_t>(pointer) % bytes == 0; }

void validate(const void* node_projection, const std::int64_t* edge_index, const void* edges, const FusedEdgeMlp& mlp,
              bool add_residual, void* out) {
  if (mlp.num_dense < 0 || mlp.num_dense > kMaxFusedDenseLayers)
    throw std::invalid_argument("fused_edge_mlp: " + std::to_string(mlp.num_dense) + " dense layers, at most " +
                                std::to_string(kMaxFusedDenseLayers));
  if (edge_index == nullptr || node_projection == nullptr || edges == nullptr || out == nullptr ||
      mlp.edge_weight == nullptr)
    throw std::invalid_argument("fused_edge_mlp: null input");
  // A one-value output cannot take the edges' residual; rows are copied 16 bytes at a time, weights
  // and outputs read and written two values at a time.
  if (mlp.final_weight != nullptr && add_residual)
    throw std::invalid_argument("fused_edge_mlp: a final Linear(64, 1) cannot add the [E, 64] residual");
  constexpr std::size_t kPairBytes = sizeof(std::uint32_t);
  if (mlp.final_weight == nullptr && !aligned(out, kPairBytes))
    throw std::invalid_argument("fused_edge_mlp: the [E, 64] output must be 4-byte aligned");
  for (int s = 0; s < mlp.num_dense; ++s)
    if (mlp.dense[s].weight == nullptr || !aligned(mlp.dense[s].weight, kPairBytes))
      throw std::invalid_argument("fused_edge_mlp: dense layer " + std::to_string(s) + " has no 4-byte aligned weight");
  if (!aligned(mlp.edge_weight, kPairBytes))
    throw std::invalid_argument("fused_edge_mlp: the edge weight must be 4-byte aligned");
  if (!aligned(edges, kCopyBytes) || !aligned(node_projection, kCopyBytes))
    throw std::invalid_argument("fused_edge_mlp: edges and node projections must be 16-byte aligned");
}

}  // namespace

void fused_edge_mlp(const void* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                    const void* edges, const FusedEdgeMlp& mlp, bool add_residual, Precision precision, void* out,
                    Stream stream) {
  if (num_edges < 0) throw std::invalid_argument("fused_edge_mlp: negative edge count");
  if (num_edges == 0) return;
  validate(node_projection, edge_index, edges, mlp, add_residual, out);
  switch (precision) {
    case Precision::fp16:
      launch(Arguments<__half>{static_cast<const __half*>(node_projection), edge_index, num_edges,
                               static_cast<const __half*>(edges), static_cast<__half*>(out), add_residual, mlp},
             stream);
      return;
    case Precision::bf16:
      launch(Arguments<__nv_bfloat16>{static_cast<const __nv_bfloat16*>(node_projection), edge_index, num_edges,
                                      static_cast<const __nv_bfloat16*>(edges), static_cast<__nv_bfloat16*>(out),
                                      add_residual, mlp},
             stream);
      return;
    case Precision::fp32: break;
  }
  throw std::invalid_argument("fused_edge_mlp: runs in fp16 or bf16 only (tensor cores); fp32 takes the unfused path");
}

}  // namespace trackgnn::cuda
