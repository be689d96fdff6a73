#pragma once
// A network's first dense layer on float32 input rows, in one kernel:
//   out[r] = epilogue(inputs[r] @ weight^T)   (bias, optional LayerNorm, activation)
// multiplied and normalised in float32, only the layer's output rounded to the working
// precision. The inputs are the standardised features or edge inputs (gnn_ops.hpp's
// standardize_rows and build_edge_inputs written in float32): rounding them to bf16 (8-bit
// mantissa) would move a hit by millimetres in z before the network sees it, and the layer's
// float32 product never goes through memory. Implemented in input_layer.cu, or in
// input_layer_nocuda.cpp (throws "built without CUDA").
#include <cstdint>

#include "models/native/device/gnn_ops.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/core/precision.hpp"

namespace trackgnn::cuda {

// A warp holds each row's outputs in registers (up to 8 per lane) and the weights sit in shared
// memory: up to 256 outputs and 48 inputs (16 features per edge).
constexpr std::int64_t kMaxInputLayerInputs = 48;
constexpr std::int64_t kMaxInputLayerOutputs = 256;

struct InputLayer {
  const float* weight = nullptr;  // [outputs, inputs] float32, row-major (torch.nn.Linear's layout)
  std::int64_t inputs = 0;
  std::int64_t outputs = 0;
  gnn::RowEpilogue epilogue;
};

// Whether the kernel takes a layer of these sizes (otherwise: a matrix product and an epilogue).
constexpr bool input_layer_fits(std::int64_t inputs, std::int64_t outputs) {
  return inputs > 0 && inputs <= kMaxInputLayerInputs && outputs > 0 && outputs <= kMaxInputLayerOutputs;
}

// inputs: float32 [rows, layer.inputs] on the device; out: [rows, layer.outputs] in `precision`.
// std::invalid_argument for a layer that does not fit or a LayerNorm weight without bias.
void input_layer(const float* inputs, std::int64_t rows, const InputLayer& layer, Precision precision, void* out,
                 Stream stream);

}  // namespace trackgnn::cuda
