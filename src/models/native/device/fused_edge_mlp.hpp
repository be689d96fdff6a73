#pragma once
// A whole edge MLP of the interaction network in one kernel, for fp16 and bf16: the first layer
// on cat[node[source], node[target], edge] (its node part precomputed per node, as for
// gather_dense_epilogue), then up to kMaxFusedDenseLayers more 64-wide layers, each with its
// bias, LayerNorm and activation, and either the residual or a final Linear(64, 1). Edges stay
// in shared memory between layers and the products run on tensor cores, so each edge row is read
// once and written once per MLP instead of twice per layer (the unfused chain is memory bound:
// its matrix products are 6% of its time). Sums, statistics and activations are float32.
#include <cstdint>

#include "models/native/device/gnn_ops.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/core/precision.hpp"

namespace trackgnn::cuda {

// The one hidden width the kernel is compiled for (the shipped GNN's).
constexpr std::int64_t kFusedEdgeWidth = 64;
constexpr int kMaxFusedDenseLayers = 3;

struct FusedLayer {
  const void* weight = nullptr;  // [64, 64] row-major [out, in], working precision
  gnn::RowEpilogue epilogue;     // bias, LayerNorm and activation (all float32)
};

struct FusedEdgeMlp {
  const void* edge_weight = nullptr;  // [64, 64]: the first layer's block on the edge's own features
  gnn::RowEpilogue first;             // the first layer's epilogue
  FusedLayer dense[kMaxFusedDenseLayers];
  int num_dense = 0;
  // A final Linear(64, 1) without norm or activation (the output network); null: none, and the
  // output is the last layer's [E, 64] (plus the residual when asked).
  const void* final_weight = nullptr;  // [64], working precision
  const float* final_bias = nullptr;   // [1], float32
};

// node_projection [num_nodes, 128] (node @ W_source^T | node @ W_target^T), edges [E, 64], out
// [E, 64] or [E, 1] with a final layer, all in `precision` (fp16 or bf16). With add_residual the
// input edges are added to the output (out may then be edges itself). Throws
// std::invalid_argument for fp32 or a malformed MLP.
void fused_edge_mlp(const void* node_projection, const std::int64_t* edge_index, std::int64_t num_edges,
                    const void* edges, const FusedEdgeMlp& mlp, bool add_residual, Precision precision, void* out,
                    Stream stream);

}  // namespace trackgnn::cuda
