// One warp owns 16 edges at a time (one tensor-core row block): their rows live in the warp's
// shared memory from the first layer to the last, the 64x64 weights are loaded into shared memory
// once per block, and every layer is a 16x64x64 tensor-core product followed by a row epilogue in
// which each lane holds two adjacent columns. Warps never wait for each other after the weights
// are loaded.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <mma.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cuda/check.cuh"
#include "cuda/fused_edge_mlp.hpp"

namespace trackgnn::cuda {
namespace {

using gnn::Activation;
using gnn::RowEpilogue;
namespace wmma = nvcuda::wmma;

constexpr int kWidth = static_cast<int>(kFusedEdgeWidth);
constexpr int kFragment = 16;                     // tensor-core tile edge
constexpr int kRowsPerWarp = kFragment;           // one row block per warp
constexpr int kColumnFragments = kWidth / kFragment;
constexpr int kWarpSize = 32;
constexpr int kWarpsPerBlock = 8;
constexpr int kColumnsPerLane = kWidth / kWarpSize;  // 2: a lane's columns are 2 * lane, 2 * lane + 1
constexpr unsigned kFullWarp = 0xffffffffu;
constexpr int kMaxStages = 1 + kMaxFusedDenseLayers;
// Rows padded by 16 bytes: the eight rows a fragment load reads start in different banks.
constexpr int kTileStride = kWidth + 8;    // elements of the working type
constexpr int kFloatStride = kWidth + 4;   // floats
constexpr int kVectorElements = 8;         // 16-byte vectors of 2-byte elements
constexpr int kBlocksPerMultiprocessor = 2;

template <typename T>
struct Pair;
template <>
struct Pair<__half> {
  using type = __half2;
  static __device__ float2 to_float2(type v) { return __half22float2(v); }
  static __device__ type from_float2(float2 v) { return __float22half2_rn(v); }
  static __device__ float to_float(__half v) { return __half2float(v); }
  static __device__ __half from_float(float v) { return __float2half_rn(v); }
};
template <>
struct Pair<__nv_bfloat16> {
  using type = __nv_bfloat162;
  static __device__ float2 to_float2(type v) { return __bfloat1622float2(v); }
  static __device__ type from_float2(float2 v) { return __float22bfloat162_rn(v); }
  static __device__ float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }
  static __device__ __nv_bfloat16 from_float(float v) { return __float2bfloat16_rn(v); }
};

struct SharedLayout {
  static constexpr std::size_t weight_bytes = sizeof(std::uint16_t) * kWidth * kTileStride;
  static constexpr std::size_t tile_bytes = sizeof(std::uint16_t) * kRowsPerWarp * kTileStride;
  static constexpr std::size_t staging_bytes = sizeof(float) * kRowsPerWarp * kFloatStride;
  static constexpr std::size_t warp_bytes = tile_bytes + staging_bytes;
  static constexpr std::size_t total = kMaxStages * weight_bytes + kWarpsPerBlock * warp_bytes;
};
// Fragment loads and stores need 32-byte aligned pointers.
static_assert(SharedLayout::weight_bytes % 32 == 0 && SharedLayout::tile_bytes % 32 == 0 &&
                  SharedLayout::staging_bytes % 32 == 0,
              "shared memory regions must keep 32-byte alignment");

__device__ __forceinline__ float warp_sum(float value) {
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) value += __shfl_xor_sync(kFullWarp, value, offset);
  return value;
}

__device__ __forceinline__ float activate(float value, Activation activation) {
  switch (activation) {
    case Activation::relu: return value < 0.0f ? 0.0f : value;  // NaN passes, as in torch.relu
    case Activation::tanh: return tanhf(value);
    case Activation::silu: return value / (1.0f + expf(-value));
    case Activation::none: break;
  }
  return value;
}

// One layer's epilogue parameters for this lane's two columns, kept in registers.
struct LaneEpilogue {
  float2 bias{0.0f, 0.0f};
  float2 norm_weight{1.0f, 1.0f};
  float2 norm_bias{0.0f, 0.0f};
  bool norm = false;
  float eps = 0.0f;
  Activation activation = Activation::none;

  __device__ void load(const RowEpilogue& epilogue, int column) {
    if (epilogue.bias != nullptr) bias = make_float2(epilogue.bias[column], epilogue.bias[column + 1]);
    norm = epilogue.norm_weight != nullptr;
    if (norm) {
      norm_weight = make_float2(epilogue.norm_weight[column], epilogue.norm_weight[column + 1]);
      norm_bias = make_float2(epilogue.norm_bias[column], epilogue.norm_bias[column + 1]);
    }
    eps = epilogue.norm_eps;
    activation = epilogue.activation;
  }

  // bias, LayerNorm over the warp's 64 columns of one row, activation
  __device__ float2 apply(float2 v) const {
    v.x += bias.x;
    v.y += bias.y;
    if (norm) {
      const float mean = warp_sum(v.x + v.y) / static_cast<float>(kWidth);
      const float dx = v.x - mean, dy = v.y - mean;
      const float inverse_std = rsqrtf(warp_sum(dx * dx + dy * dy) / static_cast<float>(kWidth) + eps);
      v.x = dx * inverse_std * norm_weight.x + norm_bias.x;
      v.y = dy * inverse_std * norm_weight.y + norm_bias.y;
    }
    return make_float2(activate(v.x, activation), activate(v.y, activation));
  }
};

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

template <typename T>
__global__ void __launch_bounds__(kWarpsPerBlock * kWarpSize, kBlocksPerMultiprocessor)
    fused_edge_mlp_kernel(Arguments<T> args) {
  using P = Pair<T>;
  using T2 = typename P::type;
  extern __shared__ __align__(128) unsigned char shared[];
  T* weights = reinterpret_cast<T*>(shared);
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  T* tile = reinterpret_cast<T*>(shared + kMaxStages * SharedLayout::weight_bytes + warp * SharedLayout::warp_bytes);
  float* staging = reinterpret_cast<float*>(reinterpret_cast<unsigned char*>(tile) + SharedLayout::tile_bytes);

  const FusedEdgeMlp& mlp = args.mlp;
  const int stages = 1 + mlp.num_dense;
  // Weights into shared memory, 16 bytes at a time: stage 0 is the edge block of the first layer.
  for (int s = 0; s < stages; ++s) {
    const auto* source = static_cast<const uint4*>(s == 0 ? mlp.edge_weight : mlp.dense[s - 1].weight);
    for (int v = threadIdx.x; v < kWidth * kWidth / kVectorElements; v += blockDim.x) {
      const int row = v / (kWidth / kVectorElements), chunk = v % (kWidth / kVectorElements);
      *reinterpret_cast<uint4*>(weights + s * kWidth * kTileStride + row * kTileStride + chunk * kVectorElements) =
          source[v];
    }
  }
  const int column = kColumnsPerLane * lane;
  LaneEpilogue epilogues[kMaxStages];
#pragma unroll
  for (int s = 0; s < kMaxStages; ++s)
    if (s < stages) epilogues[s].load(s == 0 ? mlp.first : mlp.dense[s - 1].epilogue, column);
  float2 final_weight{0.0f, 0.0f};
  float final_bias = 0.0f;
  const bool final_layer = mlp.final_weight != nullptr;
  if (final_layer) {
    const T* w = static_cast<const T*>(mlp.final_weight);
    final_weight = make_float2(P::to_float(w[column]), P::to_float(w[column + 1]));
    if (mlp.final_bias != nullptr) final_bias = *mlp.final_bias;
  }
  __syncthreads();

  const std::int64_t num_edges = args.num_edges;
  const std::int64_t num_tiles = (num_edges + kRowsPerWarp - 1) / kRowsPerWarp;
  for (std::int64_t t = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + warp; t < num_tiles;
       t += static_cast<std::int64_t>(gridDim.x) * kWarpsPerBlock) {
    const std::int64_t first_edge = t * kRowsPerWarp;
    // The 16 edge rows, zeros past the last edge.
    for (int v = lane; v < kRowsPerWarp * kWidth / kVectorElements; v += kWarpSize) {
      const int row = v / (kWidth / kVectorElements), chunk = v % (kWidth / kVectorElements);
      const std::int64_t e = first_edge + row;
      uint4 value = make_uint4(0, 0, 0, 0);
      if (e < num_edges) value = *reinterpret_cast<const uint4*>(args.edges + e * kWidth + chunk * kVectorElements);
      *reinterpret_cast<uint4*>(tile + row * kTileStride + chunk * kVectorElements) = value;
    }
    // Lanes 0-15 hold the sources of the 16 edges, lanes 16-31 their targets (node 0 past the end).
    const std::int64_t own_edge = first_edge + lane % kRowsPerWarp;
    const std::int64_t endpoint =
        own_edge < num_edges ? args.edge_index[(lane < kRowsPerWarp ? 0 : num_edges) + own_edge] : 0;
    __syncwarp();

    // Unrolled so that each stage's epilogue parameters stay in registers.
#pragma unroll
    for (int s = 0; s < kMaxStages; ++s) {
      if (s >= stages) break;
      multiply(tile, weights + s * kWidth * kTileStride, staging);
      const bool last = s + 1 == stages;
      for (int row = 0; row < kRowsPerWarp; ++row) {
        const std::int64_t e = first_edge + row;
        float2 v = *reinterpret_cast<const float2*>(staging + row * kFloatStride + column);
        if (s == 0) {
          const std::int64_t source = __shfl_sync(kFullWarp, endpoint, row);
          const std::int64_t target = __shfl_sync(kFullWarp, endpoint, kRowsPerWarp + row);
          const float2 from_source =
              P::to_float2(*reinterpret_cast<const T2*>(args.node_projection + source * 2 * kWidth + column));
          const float2 from_target = P::to_float2(
              *reinterpret_cast<const T2*>(args.node_projection + target * 2 * kWidth + kWidth + column));
          v.x += from_source.x + from_target.x;
          v.y += from_source.y + from_target.y;
        }
        v = epilogues[s].apply(v);
        if (!last) {
          *reinterpret_cast<T2*>(tile + row * kTileStride + column) = P::from_float2(v);
        } else if (final_layer) {
          // The last hidden layer is rounded to the working type, as a stored activation would be.
          const float2 rounded = P::to_float2(P::from_float2(v));
          const float dot = warp_sum(rounded.x * final_weight.x + rounded.y * final_weight.y);
          if (lane == 0 && e < num_edges) args.out[e] = P::from_float(dot + final_bias);
        } else if (e < num_edges) {
          if (args.add_residual) {
            const float2 residual = P::to_float2(*reinterpret_cast<const T2*>(args.edges + e * kWidth + column));
            v.x += residual.x;
            v.y += residual.y;
          }
          *reinterpret_cast<T2*>(args.out + e * kWidth + column) = P::from_float2(v);
        }
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
              void* out) {
  if (mlp.num_dense < 0 || mlp.num_dense > kMaxFusedDenseLayers)
    throw std::invalid_argument("fused_edge_mlp: " + std::to_string(mlp.num_dense) + " dense layers, at most " +
                                std::to_string(kMaxFusedDenseLayers));
  if (edge_index == nullptr || node_projection == nullptr || out == nullptr || mlp.edge_weight == nullptr)
    throw std::invalid_argument("fused_edge_mlp: null input");
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
  validate(node_projection, edge_index, edges, mlp, out);
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
