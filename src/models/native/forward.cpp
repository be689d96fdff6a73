#include "models/native/forward.hpp"

#include <cstddef>

namespace trackgnn::native {
namespace {

// One dense layer; the residual (undefined: none) is added after the activation, into its own
// storage: `h = h + mlp(...)` overwrites h, which nothing reads afterwards.
at::Tensor apply(const DenseLayer& layer, const at::Tensor& input, const at::Tensor& residual, const FusedOps& ops) {
  if (!layer.has_norm() && !residual.defined()) {
    // cuBLAS folds bias and ReLU into the product itself (cublasLt epilogue) where it can.
    if (layer.activation == gnn::Activation::relu) return at::_addmm_activation(layer.bias, input, layer.weight.t());
    if (layer.activation == gnn::Activation::none) return at::addmm(layer.bias, input, layer.weight.t());
    // The embedding's tanh layers: ATen's in-place activation is as fast as a fused epilogue on a
    // GPU (one read and one write either way) and multithreaded on a CPU, where the fused ops are not.
    if (layer.activation == gnn::Activation::tanh) return at::addmm(layer.bias, input, layer.weight.t()).tanh_();
    if (layer.activation == gnn::Activation::silu) {
      at::Tensor out = at::addmm(layer.bias, input, layer.weight.t());
      return at::silu_(out);
    }
  }
  const at::Tensor product = at::mm(input, layer.weight.t());
  const at::Tensor& out = residual.defined() ? residual : product;
  ops.dense_epilogue(product, layer, residual, out);
  return out;
}

// Layers [first, end) of mlp on h; the last one adds the residual.
at::Tensor apply(const Mlp& mlp, std::size_t first, at::Tensor h, const at::Tensor& residual, const FusedOps& ops) {
  for (std::size_t i = first; i < mlp.size(); ++i) h = apply(mlp[i], h, i + 1 == mlp.size() ? residual : at::Tensor(), ops);
  return h;
}

// mlp(cat[nodes[source], nodes[target], edges]) (+ residual): the first layer's products are
// taken on the N nodes and the E edges separately and summed per edge in one fused kernel.
at::Tensor apply_on_edges(const Mlp& mlp, const EdgeTripleInput& split, const at::Tensor& nodes, const at::Tensor& edges,
                          const at::Tensor& edge_index, const at::Tensor& residual, const FusedOps& ops) {
  const at::Tensor node_projection = at::mm(nodes, split.node_weight.t());
  if (ops.can_fuse_edge_mlp(mlp, split))
    return ops.fused_edge_mlp(mlp, split, node_projection, edge_index, edges, residual);
  const at::Tensor edge_part = at::mm(edges, split.edge_weight.t());
  const bool last = mlp.size() == 1;
  const at::Tensor first_residual = last ? residual : at::Tensor();
  const at::Tensor& out = first_residual.defined() ? first_residual : edge_part;
  ops.gather_dense_epilogue(node_projection, edge_index, edge_part, mlp.front(), first_residual, out);
  return apply(mlp, 1, out, residual, ops);
}

// mlp on the standardised node features x [N, F] (float32).
at::Tensor apply_on_nodes(const Mlp& mlp, const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                          const FusedOps& ops) {
  if (ops.can_fuse_input_layer(mlp.front()))
    return apply(mlp, 1, ops.node_input_layer(x, mean, inverse_std, mlp.front()), at::Tensor(), ops);
  // The first layer's inputs() include the zero columns of aligned rows (aligned_input_width).
  return apply(mlp, 0, ops.standardize(x, mean, inverse_std, mlp.front().inputs()), at::Tensor(), ops);
}

// mlp on the edge inputs [x_s, x_t, d] of x [N, F] (float32).
at::Tensor apply_on_edge_inputs(const Mlp& mlp, const at::Tensor& x, const at::Tensor& edge_index,
                                const EdgeInputWeights& weights, const FusedOps& ops) {
  if (ops.can_fuse_input_layer(mlp.front()))
    return apply(mlp, 1, ops.edge_input_layer(x, edge_index, weights, mlp.front()), at::Tensor(), ops);
  return apply(mlp, 0, ops.edge_inputs(x, edge_index, weights, mlp.front().inputs()), at::Tensor(), ops);
}

}  // namespace

at::Tensor forward(const InteractionNetworkWeights& network, const at::Tensor& x, const at::Tensor& edge_index,
                   const FusedOps& ops) {
  at::Tensor nodes = apply_on_nodes(network.node_encoder, x, network.node_mean, network.node_inverse_std, ops);
  at::Tensor edges = apply_on_edge_inputs(network.edge_encoder, x, edge_index, network.edge_inputs, ops);
  const at::Tensor grouping = ops.group_edges_by_node(edge_index, x.size(0));
  for (std::int64_t iteration = 0; iteration < network.iterations; ++iteration) {
    edges = apply_on_edges(network.edge_network, network.edge_network_input, nodes, edges, edge_index, edges, ops);
    nodes = apply(network.node_network, 0, ops.node_update_inputs(nodes, edges, edge_index, grouping), nodes, ops);
  }
  return apply_on_edges(network.output_network, network.output_network_input, nodes, edges, edge_index, at::Tensor(),
                        ops);
}

at::Tensor forward(const EdgeFilterWeights& network, const at::Tensor& x, const at::Tensor& edge_index,
                   const FusedOps& ops) {
  return apply_on_edge_inputs(network.network, x, edge_index, network.edge_inputs, ops);
}

at::Tensor forward(const EmbeddingWeights& network, const at::Tensor& x, const FusedOps& ops) {
  return apply_on_nodes(network.network, x, network.mean, network.inverse_std, ops);
}

}  // namespace trackgnn::native
