#pragma once
// The forward passes of the networks of network_weights.hpp: matrix products with ATen on the
// tensors' device (cuBLAS on a GPU), everything between them in FusedOps. They follow
// python/trackgnn_train/models.py line for line, except that a layer reading
// cat[node[source], node[target], edge] is computed as node products gathered per edge.
#include <ATen/ATen.h>

#include "models/native/fused_ops.hpp"
#include "models/native/network_weights.hpp"

namespace trackgnn::native {

// x float32 [N, F], edge_index int64 [2, E] -> logits [E, 1] in the working precision.
at::Tensor forward(const InteractionNetworkWeights& network, const at::Tensor& x, const at::Tensor& edge_index,
                   const FusedOps& ops);
at::Tensor forward(const EdgeFilterWeights& network, const at::Tensor& x, const at::Tensor& edge_index,
                   const FusedOps& ops);
// x float32 [N, F] -> embedding [N, D] in the working precision.
at::Tensor forward(const EmbeddingWeights& network, const at::Tensor& x, const FusedOps& ops);

}  // namespace trackgnn::native
