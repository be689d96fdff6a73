#pragma once
// The fused operations on ATen tensors, run by our own code on the tensors' device: the CUDA
// kernels of device/gnn_ops.hpp on a cuda device (on the event's stream), the host loops of
// native/cpu_ops.hpp on the CPU (float32 only). Working tensors are contiguous, in `precision`.
#include <ATen/ATen.h>

#include <cstdint>

#include "models/native/network_weights.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn::native {

class FusedOps {
 public:
  FusedOps(Device device, Precision precision, Stream stream);

  // Endpoints of edge_index [2, E] outside [0, num_nodes).
  std::int64_t count_out_of_range_endpoints(const at::Tensor& edge_index, std::int64_t num_nodes) const;
  // The inputs of a network's first layer, in rows of row_width (its inputs(), at least the
  // values' own width) whose columns past the values are zero (see aligned_input_width).
  // (x - mean) * inverse_std, x float32 [N, F] -> [N, row_width].
  at::Tensor standardize(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                         std::int64_t row_width) const;
  // x float32 [N, F] -> [E, row_width], the edge inputs in its first 3F columns.
  at::Tensor edge_inputs(const at::Tensor& x, const at::Tensor& edge_index, const EdgeInputWeights& weights,
                         std::int64_t row_width) const;
  // Whether node_input_layer / edge_input_layer can run `first` (a network's first layer) here:
  // on a cuda device, for layers of the sizes device/input_layer.hpp takes.
  bool can_fuse_input_layer(const DenseLayer& first) const;
  // first's output (after its epilogue) in the working precision, computed in float32 from the
  // float32 inputs that standardize or edge_inputs form and the layer's parameters as trained
  // (DenseLayer::as_trained): neither inputs nor parameters are rounded to the working precision.
  at::Tensor node_input_layer(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                              const DenseLayer& first) const;
  at::Tensor edge_input_layer(const at::Tensor& x, const at::Tensor& edge_index, const EdgeInputWeights& weights,
                              const DenseLayer& first) const;
  // out = residual + layer's epilogue(product); residual may be undefined; out may be product or residual.
  void dense_epilogue(const at::Tensor& product, const DenseLayer& layer, const at::Tensor& residual,
                      const at::Tensor& out) const;
  // The same on the rows node_projection[s, :w] + node_projection[t, w:] + edge_part[e].
  void gather_dense_epilogue(const at::Tensor& node_projection, const at::Tensor& edge_index,
                             const at::Tensor& edge_part, const DenseLayer& layer, const at::Tensor& residual,
                             const at::Tensor& out) const;
  // What node_update_inputs needs to know of the edges besides edge_index, once per forward pass
  // (the edges grouped by node on a cuda device; nothing on the CPU).
  at::Tensor group_edges_by_node(const at::Tensor& edge_index, std::int64_t num_nodes) const;
  // [nodes | sum of incoming edges | sum of outgoing edges] -> [N, 3w], sums in float32.
  at::Tensor node_update_inputs(const at::Tensor& nodes, const at::Tensor& edges, const at::Tensor& edge_index,
                                const at::Tensor& grouping) const;
  // Whether fused_edge_mlp can run `mlp` (split: its first layer) here: a cuda device in fp16 or
  // bf16 and 64-wide layers, the last one 64 wide or a plain Linear(64, 1).
  bool can_fuse_edge_mlp(const Mlp& mlp, const EdgeTripleInput& split) const;
  // The whole of apply_on_edges in one kernel (device/fused_edge_mlp.hpp): mlp(cat[node[s],
  // node[t], edge]) + residual, where residual is undefined or `edges` itself (then updated in place).
  at::Tensor fused_edge_mlp(const Mlp& mlp, const EdgeTripleInput& split, const at::Tensor& node_projection,
                            const at::Tensor& edge_index, const at::Tensor& edges, const at::Tensor& residual) const;
  // values (any shape, working precision) -> float32 at `out` on the same device.
  void copy_to_float(const at::Tensor& values, float* out) const;

 private:
  bool on_cuda() const { return device_.is_cuda(); }
  at::TensorOptions options(Precision precision) const;
  at::TensorOptions working_options() const;
  // standardize and edge_inputs with their rows in `precision` (float32 only on the CPU).
  at::Tensor standardize(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                         std::int64_t row_width, Precision precision) const;
  at::Tensor edge_inputs(const at::Tensor& x, const at::Tensor& edge_index, const EdgeInputWeights& weights,
                         std::int64_t row_width, Precision precision) const;
  // first (can_fuse_input_layer) on float32 input rows [rows, its inputs].
  at::Tensor input_layer(const at::Tensor& inputs, const DenseLayer& first) const;

  Device device_;
  Precision precision_;
  Stream stream_;
};

}  // namespace trackgnn::native
