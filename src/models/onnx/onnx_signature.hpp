#pragma once
// What an ONNX model says about its inputs and outputs, read once at load time so that a model
// that does not fit the model card is refused with a message instead of failing mid-run.
#include <cstdint>
#include <string>
#include <vector>

#include "models/onnx/onnx_api.hpp"

namespace trackgnn::onnx_backend {

struct TensorSignature {
  std::string name;
  ONNXTensorElementDataType element_type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
  std::vector<std::int64_t> shape;  // kDynamicDimension where the model leaves a size open

  static constexpr std::int64_t kDynamicDimension = -1;
  bool is_dynamic(std::size_t axis) const { return shape.at(axis) < 0; }
  std::string str() const;  // e.g. "x: float[?, 3]"
};

struct ModelSignature {
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;

  static ModelSignature read(const Ort::Session& session);
  std::string str() const;  // "(x: float[?, 3]) -> (embedding: float[?, 8])"
};

std::string element_type_name(ONNXTensorElementDataType type);

}  // namespace trackgnn::onnx_backend
