#pragma once
// A network's first dense layer computed straight from its float32 inputs, in one kernel:
//   out[r] = epilogue(inputs(r) @ weight^T)   (bias, optional LayerNorm, activation)
// with the inputs formed, multiplied and normalised in float32 and only the layer's output
// rounded to the working precision. Rounding the standardised inputs themselves to bf16 (8-bit
// mantissa) would move a hit by millimetres in z before the network sees it; and the inputs and
// the layer's float32 product never go through memory. Implemented in input_layer.cu, or in
// input_layer_nocuda.cpp (throws "built without CUDA").
#include <cstdint>

#include "cuda/gnn_ops.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn::cuda {

// Each row's inputs and its outputs are held by one warp: up to 256 outputs (8 per lane) and 48
// inputs (16 features per edge), the weights resident in shared memory.
constexpr std::int64_t kMaxInputLayerInputs = 48;
constexpr std::int64_t kMaxInputLayerOutputs = 256;

struct InputLayer {
  const float* weight = nullptr;  // [outputs, inputs] float32, row-major (torch.nn.Linear's layout)
  std::int64_t inputs = 0;
  std::int64_t outputs = 0;
  gnn::RowEpilogue epilogue;
};

// Whether the kernel takes a layer of these sizes (otherwise: write the inputs, then a product).
constexpr bool input_layer_fits(std::int64_t inputs, std::int64_t outputs) {
  return inputs > 0 && inputs <= kMaxInputLayerInputs && outputs > 0 && outputs <= kMaxInputLayerOutputs;
}

// Node rows: inputs (x[n] - mean) * inverse_std, x float32 [rows, layer.inputs]. out [rows, outputs].
void node_input_layer(const float* x, std::int64_t rows, const float* mean, const float* inverse_std,
                      const InputLayer& layer, Precision precision, void* out, Stream stream);

// Edge rows: the standardised edge inputs [x_s, x_t, d] of gnn_ops.hpp's build_edge_inputs, from
// x float32 [num_nodes, F] with 3F = layer.inputs; endpoints must lie in [0, num_nodes).
// out [num_edges, outputs].
void edge_input_layer(const float* x, const std::int64_t* edge_index, std::int64_t num_edges,
                      const gnn::EdgeInputParams& params, const InputLayer& layer, Precision precision, void* out,
                      Stream stream);

}  // namespace trackgnn::cuda
