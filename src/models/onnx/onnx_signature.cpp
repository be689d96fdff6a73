#include "models/onnx/onnx_signature.hpp"

namespace trackgnn::onnx_backend {
namespace {

TensorSignature tensor_signature(std::string name, const Ort::TypeInfo& type_info) {
  TensorSignature signature;
  signature.name = std::move(name);
  if (type_info.GetONNXType() != ONNX_TYPE_TENSOR) return signature;  // element type stays undefined
  auto tensor_info = type_info.GetTensorTypeAndShapeInfo();
  signature.element_type = tensor_info.GetElementType();
  signature.shape = tensor_info.GetShape();
  for (auto& size : signature.shape)
    if (size < 0) size = TensorSignature::kDynamicDimension;
  return signature;
}

std::string join(const std::vector<TensorSignature>& tensors) {
  std::string text;
  for (const auto& tensor : tensors) text += (text.empty() ? "" : ", ") + tensor.str();
  return text;
}

}  // namespace

std::string element_type_name(ONNXTensorElementDataType type) {
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "double";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return "bfloat16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED: return "non-tensor";
    default: return "element type " + std::to_string(static_cast<int>(type));
  }
}

std::string TensorSignature::str() const {
  std::string text = name + ": " + element_type_name(element_type) + "[";
  for (std::size_t axis = 0; axis < shape.size(); ++axis)
    text += (axis == 0 ? "" : ", ") + (is_dynamic(axis) ? std::string("?") : std::to_string(shape[axis]));
  return text + "]";
}

ModelSignature ModelSignature::read(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  ModelSignature signature;
  for (std::size_t index = 0; index < session.GetInputCount(); ++index)
    signature.inputs.push_back(
        tensor_signature(session.GetInputNameAllocated(index, allocator).get(), session.GetInputTypeInfo(index)));
  for (std::size_t index = 0; index < session.GetOutputCount(); ++index)
    signature.outputs.push_back(
        tensor_signature(session.GetOutputNameAllocated(index, allocator).get(), session.GetOutputTypeInfo(index)));
  return signature;
}

std::string ModelSignature::str() const { return "(" + join(inputs) + ") -> (" + join(outputs) + ")"; }

}  // namespace trackgnn::onnx_backend
