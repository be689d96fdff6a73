// One warp owns 16 edges at a time (one tensor-core row block): their rows live in the warp's
// shared memory from the first layer to the last, the 64x64 weights and the epilogue parameters
// are loaded into shared memory once per block, and every layer is a 16x64x64 tensor-core product
// followed by a row epilogue in which two lanes share a row, 32 columns each. That way a
// LayerNorm's statistics are local sums plus one shuffle (a warp per row would chain ten shuffles
// per row, sixteen rows in a row), and every global read or write of a row is four 16-byte
// accesses per lane. Warps never wait for each other after the set-up.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <mma.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "models/native/device/fused_edge_mlp.hpp"
#include "models/native/device/working_precision.cuh"

namespace trackgnn::cuda {
namespace {

using gnn::Activation;
using gnn::RowEpilogue;
namespace wmma = nvcuda::wmma;
using working_precision::activate;
using working_precision::from_float;
using working_precision::to_float;

constexpr int kWidth = static_cast<int>(kFusedEdgeWidth);
constexpr int kFragment = 16;                     // tensor-core tile edge
constexpr int kRowsPerWarp = kFragment;           // one row block per warp
constexpr int kColumnFragments = kWidth / kFragment;
constexpr int kWarpSize = 32;
constexpr int kWarpsPerBlock = 8;
constexpr int kLanesPerRow = kWarpSize / kRowsPerWarp;      // 2
constexpr int kColumnsPerLane = kWidth / kLanesPerRow;      // 32, contiguous
constexpr unsigned kFullWarp = 0xffffffffu;
constexpr int kMaxStages = 1 + kMaxFusedDenseLayers;
// Rows padded by 16 bytes: the eight rows a fragment load reads start in different banks.
constexpr int kTileStride = kWidth + 8;    // elements of the working type
constexpr int kFloatStride = kWidth + 4;   // floats
constexpr int kVectorElements = 8;         // 2-byte elements per 16-byte vector
constexpr int kVectorsPerLane = kColumnsPerLane / kVectorElements;  // 4
constexpr int kBlocksPerMultiprocessor = 2;
// Epilogue parameters per stage: bias, LayerNorm weight, LayerNorm bias.
constexpr int kBias = 0, kNormWeight = 1, kNormBias = 2, kParameterRows = 3;

struct SharedLayout {
  static constexpr std::size_t weight_bytes = sizeof(std::uint16_t) * kWidth * kTileStride;
  static constexpr std::size_t parameter_bytes = sizeof(float) * (kMaxStages * kParameterRows + 1) * kWidth;
  static constexpr std::size_t tile_bytes = sizeof(std::uint16_t) * kRowsPerWarp * kTileStride;
  static constexpr std::size_t staging_bytes = sizeof(float) * kRowsPerWarp * kFloatStride;
  static constexpr std::size_t warp_bytes = tile_bytes + staging_bytes;
  static constexpr std::size_t warps_offset = kMaxStages * weight_bytes + parameter_bytes;
  static constexpr std::size_t total = warps_offset + kWarpsPerBlock * warp_bytes;
};
// Fragment loads and stores need 32-byte aligned pointers.
static_assert(SharedLayout::weight_bytes % 32 == 0 && SharedLayout::parameter_bytes % 32 == 0 &&
                  SharedLayout::tile_bytes % 32 == 0 && SharedLayout::staging_bytes % 32 == 0,
              "shared memory regions must keep 32-byte alignment");

// Sum over the two lanes of a row (adjacent lanes).
__device__ __forceinline__ float row_sum(float value) { return value + __shfl_xor_sync(kFullWarp, value, 1); }

// 32 contiguous values of the working type <-> floats, 16 bytes at a time.
template <typename T>
__device__ __forceinline__ void load_values(const T* source, float (&values)[kColumnsPerLane]) {
#pragma unroll
  for (int v = 0; v < kVectorsPerLane; ++v) {
    const uint4 packed = reinterpret_cast<const uint4*>(source)[v];
    const T* elements = reinterpret_cast<const T*>(&packed);
#pragma unroll
    for (int k = 0; k < kVectorElements; ++k) values[v * kVectorElements + k] = to_float(elements[k]);
  }
}
template <typename T>
__device__ __forceinline__ void add_values(const T* source, float (&values)[kColumnsPerLane]) {
  float loaded[kColumnsPerLane];
  load_values(source, loaded);
#pragma unroll
  for (int c = 0; c < kColumnsPerLane; ++c) values[c] += loaded[c];
}
template <typename T>
__device__ __forceinline__ void store_values(const float (&values)[kColumnsPerLane], T* destination) {
#pragma unroll
  for (int v = 0; v < kVectorsPerLane; ++v) {
    uint4 packed;
    T* elements = reinterpret_cast<T*>(&packed);
#pragma unroll
    for (int k = 0; k < kVectorElements; ++k) elements[k] = from_float<T>(values[v * kVectorElements + k]);
    reinterpret_cast<uint4*>(destination)[v] = packed;
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

// bias, LayerNorm over the row's 64 columns (this lane's 32 and its neighbour's), activation.
__device__ __forceinline__ void finish_row(float (&values)[kColumnsPerLane], const float* parameters,
                                           const StageShape& shape) {
#pragma unroll
  for (int c = 0; c < kColumnsPerLane; ++c) values[c] += parameters[kBias * kWidth + c];
  if (shape.norm) {
    float sum = 0.0f;
#pragma unroll
    for (int c = 0; c < kColumnsPerLane; ++c) sum += values[c];
    const float mean = row_sum(sum) / static_cast<float>(kWidth);
    float squares = 0.0f;
#pragma unroll
    for (int c = 0; c < kColumnsPerLane; ++c) squares += (values[c] - mean) * (values[c] - mean);
    const float inverse_std = rsqrtf(row_sum(squares) / static_cast<float>(kWidth) + shape.eps);
#pragma unroll
    for (int c = 0; c < kColumnsPerLane; ++c)
      values[c] = (values[c] - mean) * inverse_std * parameters[kNormWeight * kWidth + c] +
                  parameters[kNormBias * kWidth + c];
  }
#pragma unroll
  for (int c = 0; c < kColumnsPerLane; ++c) values[c] = activate(values[c], shape.activation);
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

// staging[16 x 64] (float) = tile[16 x 64] @ weight^T, weight [64 x 64] row-major [out, in].
template <typename T>
__device__ __forceinline__ void multiply(const T* tile, const T* weight, float* staging) {
  wmma::fragment<wmma::accumulator, kFragment, kFragment, kFragment, float> accumulators[kColumnFragments];
#pragma unroll
  for (int n = 0; n < kColumnFragments; ++n) wmma::fill_fragment(accumulators[n], 0.0f);
#pragma unroll
  for (int k = 0; k < kColumnFragments; ++k) {
    wmma::fragment<wmma::matrix_a, kFragment, kFragment, kFragment, T, wmma::row_major> a;
    wmma::load_matrix_sync(a, tile + k * kFragment, kTileStride);
#pragma unroll
    for (int n = 0; n < kColumnFragments; ++n) {
      // Column-major B with leading dimension kTileStride reads weight[out][in] as B[in][out].
      wmma::fragment<wmma::matrix_b, kFragment, kFragment, kFragment, T, wmma::col_major> b;
      wmma::load_matrix_sync(b, weight + n * kFragment * kTileStride + k * kFragment, kTileStride);
      wmma::mma_sync(accumulators[n], a, b, accumulators[n]);
    }
  }
#pragma unroll
  for (int n = 0; n < kColumnFragments; ++n)
    wmma::store_matrix_sync(staging + n * kFragment, accumulators[n], kFloatStride, wmma::mem_row_major);
  __syncwarp();
}

// Block set-up: the stages' weights (stage 0: the edge block of the first layer) and epilogue
// parameters, and the final projection's weights, into shared memory.
template <typename T>
__device__ void load_parameters(const FusedEdgeMlp& mlp, int stages, T* weights, float* parameters) {
  for (int s = 0; s < stages; ++s) {
    const auto* source = static_cast<const uint4*>(s == 0 ? mlp.edge_weight : mlp.dense[s - 1].weight);
    for (int v = threadIdx.x; v < kWidth * kWidth / kVectorElements; v += blockDim.x) {
      const int row = v / (kWidth / kVectorElements), chunk = v % (kWidth / kVectorElements);
      *reinterpret_cast<uint4*>(weights + s * kWidth * kTileStride + row * kTileStride + chunk * kVectorElements) =
          source[v];
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
    final_weight[c] =
        mlp.final_weight != nullptr ? to_float(static_cast<const T*>(mlp.final_weight)[c]) : 0.0f;
}

template <typename T>
__global__ void __launch_bounds__(kWarpsPerBlock * kWarpSize, kBlocksPerMultiprocessor)
    fused_edge_mlp_kernel(Arguments<T> args) {
  extern __shared__ __align__(128) unsigned char shared[];
  T* weights = reinterpret_cast<T*>(shared);
  float* parameters = reinterpret_cast<float*>(shared + kMaxStages * SharedLayout::weight_bytes);
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  T* tile = reinterpret_cast<T*>(shared + SharedLayout::warps_offset + warp * SharedLayout::warp_bytes);
  float* staging = reinterpret_cast<float*>(reinterpret_cast<unsigned char*>(tile) + SharedLayout::tile_bytes);

  const FusedEdgeMlp& mlp = args.mlp;
  const int stages = 1 + mlp.num_dense;
  load_parameters(mlp, stages, weights, parameters);
  const bool final_layer = mlp.final_weight != nullptr;
  const float final_bias = final_layer && mlp.final_bias != nullptr ? *mlp.final_bias : 0.0f;
  __syncthreads();

  // This lane's share of the tile: row `row`, columns [first_column, first_column + 32).
  const int row = lane / kLanesPerRow;
  const int first_column = (lane % kLanesPerRow) * kColumnsPerLane;
  const std::int64_t num_edges = args.num_edges;
  const std::int64_t num_tiles = (num_edges + kRowsPerWarp - 1) / kRowsPerWarp;
  for (std::int64_t t = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + warp; t < num_tiles;
       t += static_cast<std::int64_t>(gridDim.x) * kWarpsPerBlock) {
    const std::int64_t e = t * kRowsPerWarp + row;
    const bool valid = e < num_edges;
    // The lane's half row of the edge features (zeros past the last edge) into the tile.
    T* tile_row = tile + row * kTileStride + first_column;
#pragma unroll
    for (int v = 0; v < kVectorsPerLane; ++v)
      reinterpret_cast<uint4*>(tile_row)[v] =
          valid ? reinterpret_cast<const uint4*>(args.edges + e * kWidth + first_column)[v] : make_uint4(0, 0, 0, 0);
    const std::int64_t source = valid ? args.edge_index[e] : 0;
    const std::int64_t target = valid ? args.edge_index[num_edges + e] : 0;
    __syncwarp();

#pragma unroll
    for (int s = 0; s < kMaxStages; ++s) {
      if (s >= stages) break;
      const StageShape shape = shape_of(s == 0 ? mlp.first : mlp.dense[s - 1].epilogue);
      multiply(tile, weights + s * kWidth * kTileStride, staging);
      float values[kColumnsPerLane];
      const float* staged = staging + row * kFloatStride + first_column;
#pragma unroll
      for (int v = 0; v < kColumnsPerLane / 4; ++v) {
        const float4 q = reinterpret_cast<const float4*>(staged)[v];
        values[4 * v] = q.x;
        values[4 * v + 1] = q.y;
        values[4 * v + 2] = q.z;
        values[4 * v + 3] = q.w;
      }
      if (s == 0) {
        add_values(args.node_projection + source * 2 * kWidth + first_column, values);
        add_values(args.node_projection + target * 2 * kWidth + kWidth + first_column, values);
      }
      finish_row(values, parameters + s * kParameterRows * kWidth + first_column, shape);
      // Every lane has read the tile (the product) and the staging row before any overwrites them.
      __syncwarp();
      if (s + 1 < stages) {
        store_values(values, tile_row);
      } else if (final_layer) {
        // The last hidden layer is rounded to the working type, as a stored activation would be.
        const float* final_weight = parameters + kMaxStages * kParameterRows * kWidth + first_column;
        float dot = 0.0f;
#pragma unroll
        for (int c = 0; c < kColumnsPerLane; ++c)
          dot += to_float(from_float<T>(values[c])) * final_weight[c];
        dot = row_sum(dot);
        if (valid && first_column == 0) args.out[e] = from_float<T>(dot + final_bias);
      } else if (valid) {
        if (args.add_residual) add_values(args.edges + e * kWidth + first_column, values);
        store_values(values, args.out + e * kWidth + first_column);
      }
      __syncwarp();
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
  const std::int64_t tiles = (args.num_edges + kRowsPerWarp - 1) / kRowsPerWarp;
  const std::int64_t wanted = (tiles + kWarpsPerBlock - 1) / kWarpsPerBlock;
  const int blocks = static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{multiprocessors} *
                                                                         kBlocksPerMultiprocessor));
  fused_edge_mlp_kernel<T><<<blocks, kWarpsPerBlock * kWarpSize, SharedLayout::total, stream>>>(args);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

bool aligned(const void* pointer) { return reinterpret_cast<std::uintptr_t>(pointer) % sizeof(uint4) == 0; }

void validate(const void* node_projection, const std::int64_t* edge_index, const void* edges, const FusedEdgeMlp& mlp,
              bool add_residual, void* out) {
  if (mlp.num_dense < 0 || mlp.num_dense > kMaxFusedDenseLayers)
    throw std::invalid_argument("fused_edge_mlp: " + std::to_string(mlp.num_dense) + " dense layers, at most " +
                                std::to_string(kMaxFusedDenseLayers));
  if (edge_index == nullptr || node_projection == nullptr || edges == nullptr || out == nullptr ||
      mlp.edge_weight == nullptr)
    throw std::invalid_argument("fused_edge_mlp: null input");
  // A one-value output cannot take the edges' residual, and rows of 64 are stored 16 bytes at a time.
  if (mlp.final_weight != nullptr && add_residual)
    throw std::invalid_argument("fused_edge_mlp: a final Linear(64, 1) cannot add the [E, 64] residual");
  if (mlp.final_weight == nullptr && !aligned(out))
    throw std::invalid_argument("fused_edge_mlp: the [E, 64] output must be 16-byte aligned");
  for (int s = 0; s < mlp.num_dense; ++s)
    if (mlp.dense[s].weight == nullptr || !aligned(mlp.dense[s].weight))
      throw std::invalid_argument("fused_edge_mlp: dense layer " + std::to_string(s) + " has no 16-byte aligned weight");
  if (!aligned(edges) || !aligned(mlp.edge_weight) || !aligned(node_projection))
    throw std::invalid_argument("fused_edge_mlp: edges, weights and node projections must be 16-byte aligned");
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
