#include "models/onnx/onnx_graph.hpp"

#include <algorithm>
#include <cstring>

#include "models/onnx/protobuf_wire.hpp"

namespace trackgnn::onnx_graph {
namespace {

using protobuf_wire::Field;
using protobuf_wire::read_fields;
using protobuf_wire::WireType;

std::string_view payload_of(const Field& field) {
  if (field.type != WireType::length_delimited)
    throw protobuf_wire::WireFormatError("field " + std::to_string(field.number) +
                                         " should be a string or message but has wire type " +
                                         std::to_string(static_cast<int>(field.type)));
  return field.payload;
}

std::string string_of(const Field& field) { return std::string(payload_of(field)); }

float float_from_bits(std::uint32_t bits) {
  float value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::string value_info_name(std::string_view bytes) {
  for (const auto& field : read_fields(bytes))
    if (field.number == value_info_field::name) return string_of(field);
  return {};
}

std::string tensor_name(std::string_view bytes) {
  for (const auto& field : read_fields(bytes))
    if (field.number == tensor_field::name) return string_of(field);
  return {};
}

Function read_function(std::string_view bytes) {
  Function function;
  for (const auto& field : read_fields(bytes)) {
    if (field.number == function_field::name) function.name = string_of(field);
    if (field.number == function_field::node) function.nodes.push_back(read_node(payload_of(field)));
  }
  return function;
}

bool all_zero(const std::vector<std::uint64_t>& values) {
  return std::all_of(values.begin(), values.end(), [](std::uint64_t value) { return value == 0; });
}

}  // namespace

const Attribute* Node::attribute(std::string_view attribute_name) const {
  for (const auto& candidate : attributes)
    if (candidate.name == attribute_name) return &candidate;
  return nullptr;
}

std::string Node::label() const {
  if (!name.empty()) return op_type + " node '" + name + "'";
  return "unnamed " + op_type + " node" + (outputs.empty() ? std::string() : " with output '" + outputs.front() + "'");
}

std::int64_t Model::default_opset() const {
  for (const auto& opset : opset_imports)
    if (opset.is_default_domain()) return opset.version;
  return 0;
}

OpsetImport read_opset_import(std::string_view bytes) {
  OpsetImport opset;
  for (const auto& field : read_fields(bytes)) {
    if (field.number == opset_import_field::domain) opset.domain = string_of(field);
    if (field.number == opset_import_field::version) opset.version = static_cast<std::int64_t>(field.value);
  }
  return opset;
}

Model read_model(std::string_view bytes) {
  Model model;
  for (const auto& field : read_fields(bytes)) {
    if (field.number == model_field::ir_version) model.ir_version = static_cast<std::int64_t>(field.value);
    if (field.number == model_field::graph) model.graph = payload_of(field);
    if (field.number == model_field::opset_import) model.opset_imports.push_back(read_opset_import(payload_of(field)));
    if (field.number == model_field::functions) model.functions.push_back(read_function(payload_of(field)));
  }
  return model;
}

Graph read_graph(std::string_view bytes) {
  Graph graph;
  for (const auto& field : read_fields(bytes)) {
    if (field.number == graph_field::node) graph.nodes.push_back(read_node(payload_of(field)));
    if (field.number == graph_field::initializer) graph.initializers[tensor_name(payload_of(field))] = field.payload;
    if (field.number == graph_field::input) graph.inputs.insert(value_info_name(payload_of(field)));
  }
  return graph;
}

Node read_node(std::string_view bytes) {
  Node node;
  for (const auto& field : read_fields(bytes)) {
    if (field.number == node_field::input) node.inputs.push_back(string_of(field));
    if (field.number == node_field::output) node.outputs.push_back(string_of(field));
    if (field.number == node_field::name) node.name = string_of(field);
    if (field.number == node_field::op_type) node.op_type = string_of(field);
    if (field.number == node_field::attribute) node.attributes.push_back(read_attribute(payload_of(field)));
    if (field.number == node_field::domain) node.domain = string_of(field);
  }
  return node;
}

Attribute read_attribute(std::string_view bytes) {
  Attribute attribute;
  const auto fields = read_fields(bytes);
  for (const auto& field : fields) {
    if (field.number == attribute_field::name) attribute.name = string_of(field);
    if (field.number == attribute_field::f) attribute.f = float_from_bits(static_cast<std::uint32_t>(field.value));
    if (field.number == attribute_field::i) attribute.i = static_cast<std::int64_t>(field.value);
    if (field.number == attribute_field::s) attribute.s = string_of(field);
    if (field.number == attribute_field::t) attribute.t = payload_of(field);
    if (field.number == attribute_field::g || field.number == attribute_field::graphs)
      attribute.graphs.push_back(payload_of(field));
  }
  for (auto bits : protobuf_wire::read_fixed32s(fields, attribute_field::floats))
    attribute.floats.push_back(float_from_bits(bits));
  for (auto value : protobuf_wire::read_varints(fields, attribute_field::ints))
    attribute.ints.push_back(static_cast<std::int64_t>(value));
  return attribute;
}

bool tensor_is_all_zeros(std::string_view tensor) {
  const auto fields = read_fields(tensor);
  std::int64_t elements = 1;
  bool holds_data = false;
  for (const auto& field : fields) {
    switch (field.number) {
      case tensor_field::raw_data:
        holds_data = true;
        if (std::any_of(field.payload.begin(), field.payload.end(), [](char byte) { return byte != 0; })) return false;
        break;
      case tensor_field::float_data:
      case tensor_field::int32_data:
      case tensor_field::int64_data:
      case tensor_field::double_data:
      case tensor_field::uint64_data:
        holds_data = true;
        break;
      case tensor_field::string_data:
      case tensor_field::segment:
        return false;
      case tensor_field::data_location:
        if (static_cast<std::int64_t>(field.value) == kTensorDataExternal) return false;
        break;
      default:
        break;
    }
  }
  for (auto dim : protobuf_wire::read_varints(fields, tensor_field::dims)) elements *= static_cast<std::int64_t>(dim);
  if (!holds_data) return elements == 0;
  const auto float_bits = protobuf_wire::read_fixed32s(fields, tensor_field::float_data);
  if (std::any_of(float_bits.begin(), float_bits.end(), [](std::uint32_t bits) { return bits != 0; })) return false;
  for (auto number : {tensor_field::int32_data, tensor_field::int64_data, tensor_field::uint64_data})
    if (!all_zero(protobuf_wire::read_varints(fields, number))) return false;
  return all_zero(protobuf_wire::read_fixed64s(fields, tensor_field::double_data));
}

}  // namespace trackgnn::onnx_graph
