#pragma once
// The networks the native backend runs itself (InteractionNetwork, EdgeFilter and EmbeddingNet of
// python/trackgnn_train/models.py), read from their TorchScript files by structure: module
// names, order and shapes. Weights are copied out once, on the model's device, in its precision;
// input standardisation and feature periods stay float32, like the inputs they apply to.
#include <ATen/ATen.h>

#include <cstdint>
#include <variant>
#include <vector>

#include "models/native/device/gnn_ops.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn::native {

// Linear, then optionally LayerNorm, then optionally an activation.
struct DenseLayer {
  at::Tensor weight;       // [outputs, inputs], working precision; a first layer's inputs may end in zero columns
  at::Tensor bias;         // [outputs], working precision: the matrix product's bias
  at::Tensor bias_fp32;    // the same values in float32: the fused epilogues' bias
  at::Tensor norm_weight;  // [outputs] float32 holding working-precision values; undefined: no LayerNorm
  at::Tensor norm_bias;    // [outputs], like norm_weight
  // Only for the first layer of a network that reads the features (embedding, filter, GNN
  // encoders): its parameters as trained, float32, the weight [outputs, inputs] unpadded; what
  // device/input_layer.hpp computes that layer with. Undefined elsewhere.
  struct AsTrained {
    at::Tensor weight, bias, norm_weight, norm_bias;
  } as_trained;
  float norm_eps = 0;
  gnn::Activation activation = gnn::Activation::none;

  std::int64_t inputs() const { return weight.size(1); }
  std::int64_t outputs() const { return weight.size(0); }
  bool has_norm() const { return norm_weight.defined(); }
  // Bias, LayerNorm and activation as the fused kernels take them.
  gnn::RowEpilogue epilogue() const;
};

using Mlp = std::vector<DenseLayer>;

// The row width a network's first layer reads, for `width` input values. cuBLAS runs fp16 and
// bf16 products on its fast tensor-core kernels only when every row starts on a 16-byte boundary;
// rows of 3 or 9 values get a slow align1 kernel instead. So on a cuda device in those precisions
// the first layers read rows padded with zero columns (their weights padded at load time, their
// inputs written padded by FusedOps). Elsewhere the padding would only add work: none.
std::int64_t aligned_input_width(std::int64_t width, Device device, Precision precision);
// Appends zero weight columns up to `width` inputs: the same map on inputs that end in as many
// zero columns (each adds an exact +0 to every output).
void pad_inputs(DenseLayer& layer, std::int64_t width);

// An MLP's first layer on cat[node[source], node[target], edge], its weight split by input block
// so that the node part is one product per node instead of one per edge end.
struct EdgeTripleInput {
  at::Tensor node_weight;  // [2 * outputs, node width]: W_source stacked over W_target
  at::Tensor edge_weight;  // [outputs, edge width]
};

struct EdgeInputWeights {
  at::Tensor period, inverse_period;  // [F]
  at::Tensor mean, inverse_std;       // [3F]
  std::int64_t num_features() const { return period.size(0); }
  gnn::EdgeInputParams params() const;
};

struct InteractionNetworkWeights {
  std::int64_t iterations = 0;
  std::int64_t hidden = 0;
  at::Tensor node_mean, node_inverse_std;  // [F]
  EdgeInputWeights edge_inputs;
  Mlp node_encoder, edge_encoder, edge_network, node_network, output_network;
  EdgeTripleInput edge_network_input, output_network_input;
};

struct EdgeFilterWeights {
  EdgeInputWeights edge_inputs;
  Mlp network;
};

using EdgeNetworkWeights = std::variant<InteractionNetworkWeights, EdgeFilterWeights>;

// The metric-learning embedding (EmbeddingNet): standardisation, then an MLP.
struct EmbeddingWeights {
  at::Tensor mean, inverse_std;  // [F]
  Mlp network;
  std::int64_t num_features() const { return mean.size(0); }
  std::int64_t output_dim() const { return network.back().outputs(); }
};

// Loads spec.file onto spec.device and copies out its weights in spec.precision. ModelError,
// naming the file, when it cannot be loaded or is not a network this backend knows, or when its
// feature count differs from spec.num_features.
EdgeNetworkWeights load_edge_network(const ModelSpec& spec);
EmbeddingWeights load_node_network(const ModelSpec& spec);

}  // namespace trackgnn::native
