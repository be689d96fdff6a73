#include "models/native/fused_ops.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/native/device/fused_edge_mlp.hpp"
#include "models/native/device/gnn_ops.hpp"
#include "models/native/device/input_layer.hpp"
#include "models/native/cpu_ops.hpp"
#include "models/torch_types.hpp"

namespace trackgnn::native {
namespace {

const std::int64_t* edge_pointer(const at::Tensor& edge_index) { return edge_index.data_ptr<std::int64_t>(); }
const float* optional_float_pointer(const at::Tensor& tensor) {
  return tensor.defined() ? tensor.data_ptr<float>() : nullptr;
}
const void* optional_pointer(const at::Tensor& tensor) { return tensor.defined() ? tensor.data_ptr() : nullptr; }

// The host loops do not check their sizes; the kernels' launchers do the same.
void check_row_width(const char* operation, std::int64_t row_width, std::int64_t values_per_row) {
  if (row_width < values_per_row)
    throw std::invalid_argument(std::string("native ") + operation + ": rows of " + std::to_string(row_width) +
                                " cannot hold " + std::to_string(values_per_row) + " values");
}

}  // namespace

FusedOps::FusedOps(Device device, Precision precision, Stream stream)
    : device_(device), precision_(precision), stream_(stream) {
  if (!device.is_cuda() && precision != Precision::fp32)
    throw std::invalid_argument("native backend: precision " + to_string(precision) + " needs a cuda device");
}

at::TensorOptions FusedOps::options(Precision precision) const {
  return at::TensorOptions().dtype(torch_backend::scalar_type(precision)).device(torch_backend::aten_device(device_));
}

at::TensorOptions FusedOps::working_options() const { return options(precision_); }

std::int64_t FusedOps::count_out_of_range_endpoints(const at::Tensor& edge_index, std::int64_t num_nodes) const {
  const std::int64_t num_edges = edge_index.size(1);
  return on_cuda() ? cuda::count_out_of_range_endpoints(edge_pointer(edge_index), num_edges, num_nodes, stream_)
                   : cpu::count_out_of_range_endpoints(edge_pointer(edge_index), num_edges, num_nodes);
}

at::Tensor FusedOps::standardize(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                                 std::int64_t row_width) const {
  return standardize(x, mean, inverse_std, row_width, precision_);
}

at::Tensor FusedOps::standardize(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                                 std::int64_t row_width, Precision precision) const {
  check_row_width("standardize", row_width, x.size(1));
  at::Tensor out = at::empty({x.size(0), row_width}, options(precision));
  if (on_cuda())
    cuda::standardize_rows(x.data_ptr<float>(), x.size(0), x.size(1), mean.data_ptr<float>(),
                           inverse_std.data_ptr<float>(), row_width, precision, out.data_ptr(), stream_);
  else
    cpu::standardize_rows(x.data_ptr<float>(), x.size(0), x.size(1), mean.data_ptr<float>(),
                          inverse_std.data_ptr<float>(), row_width, out.data_ptr<float>());
  return out;
}

at::Tensor FusedOps::edge_inputs(const at::Tensor& x, const at::Tensor& edge_index, const EdgeInputWeights& weights,
                                 std::int64_t row_width) const {
  return edge_inputs(x, edge_index, weights, row_width, precision_);
}

at::Tensor FusedOps::edge_inputs(const at::Tensor& x, const at::Tensor& edge_index, const EdgeInputWeights& weights,
                                 std::int64_t row_width, Precision precision) const {
  const std::int64_t num_edges = edge_index.size(1);
  const std::int64_t num_features = x.size(1);
  check_row_width("edge_inputs", row_width, 3 * num_features);
  at::Tensor out = at::empty({num_edges, row_width}, options(precision));
  if (on_cuda())
    cuda::build_edge_inputs(x.data_ptr<float>(), num_features, edge_pointer(edge_index), num_edges, weights.params(),
                            row_width, precision, out.data_ptr(), stream_);
  else
    cpu::build_edge_inputs(x.data_ptr<float>(), num_features, edge_pointer(edge_index), num_edges, weights.params(),
                           row_width, out.data_ptr<float>());
  return out;
}

bool FusedOps::can_fuse_input_layer(const DenseLayer& first) const {
  return on_cuda() && first.as_trained.weight.defined() &&
         cuda::input_layer_fits(first.as_trained.weight.size(1), first.outputs());
}

namespace {
// The layer as trained: weight, bias and LayerNorm in float32, not rounded to the working precision.
cuda::InputLayer input_layer_of(const DenseLayer& first) {
  const DenseLayer::AsTrained& trained = first.as_trained;
  gnn::RowEpilogue epilogue = first.epilogue();
  epilogue.bias = trained.bias.data_ptr<float>();
  if (first.has_norm()) {
    epilogue.norm_weight = trained.norm_weight.data_ptr<float>();
    epilogue.norm_bias = trained.norm_bias.data_ptr<float>();
  }
  return {trained.weight.data_ptr<float>(), trained.weight.size(1), first.outputs(), epilogue};
}
}  // namespace

at::Tensor FusedOps::node_input_layer(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& inverse_std,
                                      const DenseLayer& first) const {
  return input_layer(standardize(x, mean, inverse_std, x.size(1), Precision::fp32), first);
}

at::Tensor FusedOps::edge_input_layer(const at::Tensor& x, const at::Tensor& edge_index,
                                      const EdgeInputWeights& weights, const DenseLayer& first) const {
  return input_layer(edge_inputs(x, edge_index, weights, 3 * x.size(1), Precision::fp32), first);
}

at::Tensor FusedOps::input_layer(const at::Tensor& inputs, const DenseLayer& first) const {
  if (!can_fuse_input_layer(first) || inputs.size(1) != first.as_trained.weight.size(1))
    throw std::invalid_argument("native input layer: the layer cannot read these inputs here");
  const std::int64_t rows = inputs.size(0);
  at::Tensor out = at::empty({rows, first.outputs()}, working_options());
  cuda::input_layer(inputs.data_ptr<float>(), rows, input_layer_of(first), precision_, out.data_ptr(), stream_);
  return out;
}

void FusedOps::dense_epilogue(const at::Tensor& product, const DenseLayer& layer, const at::Tensor& residual,
                              const at::Tensor& out) const {
  const std::int64_t rows = product.size(0), width = product.size(1);
  if (on_cuda())
    cuda::dense_epilogue(product.data_ptr(), rows, width, layer.epilogue(), optional_pointer(residual), precision_,
                         out.data_ptr(), stream_);
  else
    cpu::dense_epilogue(product.data_ptr<float>(), rows, width, layer.epilogue(), optional_float_pointer(residual),
                        out.data_ptr<float>());
}

void FusedOps::gather_dense_epilogue(const at::Tensor& node_projection, const at::Tensor& edge_index,
                                     const at::Tensor& edge_part, const DenseLayer& layer, const at::Tensor& residual,
                                     const at::Tensor& out) const {
  const std::int64_t num_edges = edge_index.size(1), width = edge_part.size(1);
  if (on_cuda())
    cuda::gather_dense_epilogue(node_projection.data_ptr(), edge_pointer(edge_index), num_edges, edge_part.data_ptr(),
                                width, layer.epilogue(), optional_pointer(residual), precision_, out.data_ptr(),
                                stream_);
  else
    cpu::gather_dense_epilogue(node_projection.data_ptr<float>(), edge_pointer(edge_index), num_edges,
                               edge_part.data_ptr<float>(), width, layer.epilogue(), optional_float_pointer(residual),
                               out.data_ptr<float>());
}

at::Tensor FusedOps::group_edges_by_node(const at::Tensor& edge_index, std::int64_t num_nodes) const {
  if (!on_cuda()) return at::Tensor();
  const std::int64_t num_edges = edge_index.size(1);
  // offsets [2 * (N + 1)], then edge ids [2 * E]
  at::Tensor grouping = at::empty({2 * (num_nodes + 1) + 2 * num_edges}, edge_index.options());
  std::int64_t* offsets = grouping.data_ptr<std::int64_t>();
  cuda::group_edges_by_node(edge_pointer(edge_index), num_edges, num_nodes, offsets, offsets + 2 * (num_nodes + 1),
                            stream_);
  return grouping;
}

at::Tensor FusedOps::node_update_inputs(const at::Tensor& nodes, const at::Tensor& edges, const at::Tensor& edge_index,
                                        const at::Tensor& grouping) const {
  const std::int64_t num_nodes = nodes.size(0), width = nodes.size(1), num_edges = edge_index.size(1);
  at::Tensor out = at::empty({num_nodes, 3 * width}, working_options());
  if (on_cuda()) {
    const std::int64_t* offsets = grouping.data_ptr<std::int64_t>();
    cuda::node_update_inputs(nodes.data_ptr(), edges.data_ptr(), offsets, offsets + 2 * (num_nodes + 1), num_nodes,
                             num_edges, width, precision_, out.data_ptr(), stream_);
  } else {
    cpu::node_update_inputs(nodes.data_ptr<float>(), edges.data_ptr<float>(), edge_pointer(edge_index), num_edges,
                            num_nodes, width, out.data_ptr<float>());
  }
  return out;
}

namespace {
// A plain Linear(64, 1) after the 64-wide layers: the fused kernel's final projection.
bool ends_in_final_projection(const Mlp& mlp) {
  const DenseLayer& last = mlp.back();
  return mlp.size() > 1 && last.inputs() == cuda::kFusedEdgeWidth && last.outputs() == 1 && !last.has_norm() &&
         last.activation == gnn::Activation::none;
}
}  // namespace

bool FusedOps::can_fuse_edge_mlp(const Mlp& mlp, const EdgeTripleInput& split) const {
  constexpr std::int64_t width = cuda::kFusedEdgeWidth;
  if (!on_cuda() || precision_ == Precision::fp32 || mlp.empty()) return false;
  const bool final_projection = ends_in_final_projection(mlp);
  // Every layer after the first is 64 -> 64, except a final projection.
  const std::size_t wide_end = mlp.size() - (final_projection ? 1 : 0);
  for (std::size_t i = 1; i < wide_end; ++i)
    if (mlp[i].inputs() != width || mlp[i].outputs() != width) return false;
  const std::int64_t dense_layers = static_cast<std::int64_t>(wide_end) - 1;
  return dense_layers <= cuda::kMaxFusedDenseLayers && mlp.front().outputs() == width &&
         split.edge_weight.size(0) == width && split.edge_weight.size(1) == width && split.node_weight.size(0) == 2 * width;
}

at::Tensor FusedOps::fused_edge_mlp(const Mlp& mlp, const EdgeTripleInput& split, const at::Tensor& node_projection,
                                    const at::Tensor& edge_index, const at::Tensor& edges,
                                    const at::Tensor& residual) const {
  if (residual.defined() && !residual.is_same(edges))
    throw std::invalid_argument("fused_edge_mlp: the residual must be the edges themselves");
  const DenseLayer& last = mlp.back();
  const bool final_projection = ends_in_final_projection(mlp);
  if (final_projection && residual.defined())
    throw std::invalid_argument("fused_edge_mlp: an MLP ending in Linear(64, 1) cannot add the edges' residual");
  const at::ScalarType working = torch_backend::scalar_type(precision_);
  const auto well_formed = [&](const at::Tensor& t, std::int64_t columns) {
    return t.is_contiguous() && t.scalar_type() == working && t.dim() == 2 && t.size(1) == columns;
  };
  if (!well_formed(edges, cuda::kFusedEdgeWidth) || !well_formed(node_projection, 2 * cuda::kFusedEdgeWidth) ||
      !split.edge_weight.is_contiguous() || node_projection.size(0) == 0)
    throw std::invalid_argument("fused_edge_mlp: edges [E, 64], node projections [N, 128] and weights must be "
                                "contiguous tensors of the working precision");
  for (const DenseLayer& layer : mlp)
    if (!layer.weight.is_contiguous() || layer.weight.scalar_type() != working)
      throw std::invalid_argument("fused_edge_mlp: layer weights must be contiguous in the working precision");
  cuda::FusedEdgeMlp fused;
  fused.edge_weight = split.edge_weight.data_ptr();
  fused.first = mlp.front().epilogue();
  for (std::size_t i = 1; i < mlp.size() - (final_projection ? 1 : 0); ++i) {
    fused.dense[fused.num_dense].weight = mlp[i].weight.data_ptr();
    fused.dense[fused.num_dense].epilogue = mlp[i].epilogue();
    ++fused.num_dense;
  }
  if (final_projection) {
    fused.final_weight = last.weight.data_ptr();
    fused.final_bias = last.bias_fp32.data_ptr<float>();
  }
  const std::int64_t num_edges = edge_index.size(1);
  const at::Tensor out = residual.defined() ? residual
                                            : at::empty({num_edges, final_projection ? 1 : cuda::kFusedEdgeWidth},
                                                        working_options());
  cuda::fused_edge_mlp(node_projection.data_ptr(), edge_pointer(edge_index), num_edges, edges.data_ptr(), fused,
                       residual.defined(), precision_, out.data_ptr(), stream_);
  return out;
}

void FusedOps::copy_to_float(const at::Tensor& values, float* out) const {
  if (on_cuda()) {
    cuda::convert_to_float(values.data_ptr(), values.numel(), precision_, out, stream_);
    return;
  }
  const float* begin = values.data_ptr<float>();
  std::copy(begin, begin + values.numel(), out);
}

}  // namespace trackgnn::native
