#include "models/onnx/onnx_opset_upgrade.hpp"

#include <set>
#include <string>
#include <vector>

namespace trackgnn::onnx_backend {

// Operators whose list attribute became their second input at `version` (onnx's version converter:
// AxesAttributeToInput and Split_12_13). Before it the node has exactly one input.
struct AttributeBecameInput {
  const char* op_type;
  const char* attribute;
  std::int64_t version;
};

namespace {

using namespace onnx_graph;
using protobuf_wire::MessageWriter;

constexpr AttributeBecameInput kAttributesBecomingInputs[] = {
    {"Squeeze", "axes", 13}, {"Unsqueeze", "axes", 13}, {"ReduceSum", "axes", 13}, {"Split", "split", 13}};

// Operators whose meaning changed at `version` in a way the graph alone cannot carry over.
struct ChangedMeaning {
  const char* op_type;
  std::int64_t version;
  const char* change;
  bool (*applies)(const Node&);
};
bool always(const Node&) { return true; }
bool has_training_outputs(const Node& node) { return node.outputs.size() > 1; }
bool relies_on_default_coordinate_mode(const Node& node) {
  return node.attribute("coordinate_transformation_mode") == nullptr;
}
constexpr ChangedMeaning kChangedMeanings[] = {
    {"Dropout", 12, "its ratio attribute became an input", always},
    {"Softmax", 13, "it works along one axis instead of over all axes from `axis` on", always},
    {"LogSoftmax", 13, "it works along one axis instead of over all axes from `axis` on", always},
    {"Hardmax", 13, "it works along one axis instead of over all axes from `axis` on", always},
    {"BatchNormalization", 14, "its training-mode outputs changed", has_training_outputs},
    {"RoiAlign", 16, "its default coordinate_transformation_mode changed", relies_on_default_coordinate_mode},
};

std::string constant_int64s_node(const std::string& output, const std::vector<std::int64_t>& values) {
  MessageWriter tensor;
  tensor.add_varint(tensor_field::dims, values.size());
  tensor.add_varint(tensor_field::data_type, kTensorTypeInt64);
  std::vector<std::uint64_t> encoded(values.begin(), values.end());
  tensor.add_packed_varints(tensor_field::int64_data, encoded);
  MessageWriter attribute;
  attribute.add_bytes(attribute_field::name, "value");
  attribute.add_varint(attribute_field::type, static_cast<std::uint64_t>(AttributeType::tensor));
  attribute.add_bytes(attribute_field::t, tensor.bytes());
  MessageWriter node;
  node.add_bytes(node_field::output, output);
  node.add_bytes(node_field::name, output);
  node.add_bytes(node_field::op_type, "Constant");
  node.add_bytes(node_field::attribute, attribute.bytes());
  return node.bytes();
}

void collect_names(const Graph& graph, std::set<std::string, std::less<>>& names) {
  for (const auto& [name, tensor] : graph.initializers) names.insert(name);
  names.insert(graph.inputs.begin(), graph.inputs.end());
  for (const auto& node : graph.nodes) {
    names.insert(node.inputs.begin(), node.inputs.end());
    names.insert(node.outputs.begin(), node.outputs.end());
    names.insert(node.name);
    for (const auto& attribute : node.attributes)
      for (auto subgraph : attribute.graphs) collect_names(read_graph(subgraph), names);
  }
}

}  // namespace

OpsetUpgrade::OpsetUpgrade(std::int64_t from_version, std::int64_t to_version, const Graph& graph)
    : from_version_(from_version), to_version_(to_version) {
  collect_names(graph, names_in_use_);
}

bool OpsetUpgrade::crosses(std::int64_t version) const { return from_version_ < version && version <= to_version_; }

const AttributeBecameInput* OpsetUpgrade::attribute_becoming_input(const Node& node) const {
  if (!node.in_default_domain()) return nullptr;
  for (const auto& candidate : kAttributesBecomingInputs)
    if (node.op_type == candidate.op_type && crosses(candidate.version) &&
        node.attribute(candidate.attribute) != nullptr)
      return &candidate;
  return nullptr;
}

std::vector<std::string> OpsetUpgrade::blockers(const Graph& graph) const {
  std::vector<std::string> found;
  for (const auto& node : graph.nodes) {
    for (const auto& attribute : node.attributes)
      for (auto subgraph : attribute.graphs)
        for (auto& line : blockers(read_graph(subgraph)))
          found.push_back(line + " (in a subgraph of " + node.label() + ")");
    if (!node.in_default_domain()) continue;
    for (const auto& changed : kChangedMeanings)
      if (node.op_type == changed.op_type && crosses(changed.version) && changed.applies(node))
        found.push_back(node.label() + ": at opset " + std::to_string(changed.version) + " " + changed.change);
    const auto* moved = attribute_becoming_input(node);
    if (moved != nullptr && node.inputs.size() != 1)
      found.push_back(node.label() + " has " + std::to_string(node.inputs.size()) + " inputs where opset " +
                      std::to_string(moved->version - 1) + " defines one");
  }
  return found;
}

void OpsetUpgrade::write_node(std::string_view node_bytes, MessageWriter& graph) {
  const Node node = read_node(node_bytes);
  const AttributeBecameInput* moved = attribute_becoming_input(node);

  std::string moved_input;
  if (moved != nullptr) {
    const std::string base = (node.outputs.empty() ? node.name : node.outputs.front()) + "_" + moved->attribute;
    moved_input = fresh_name(base);
    graph.add_bytes(graph_field::node, constant_int64s_node(moved_input, node.attribute(moved->attribute)->ints));
  }
  MessageWriter rewritten;
  for (const auto& field : protobuf_wire::read_fields(node_bytes)) {
    if (field.number != node_field::attribute) {
      rewritten.add(field);
      continue;
    }
    const Attribute attribute = read_attribute(field.payload);
    if (moved != nullptr && attribute.name == moved->attribute) continue;
    if (attribute.graphs.empty())
      rewritten.add(field);
    else
      rewritten.add_bytes(node_field::attribute, upgraded_attribute(field.payload));
  }
  if (moved != nullptr) rewritten.add_bytes(node_field::input, moved_input);
  graph.add_bytes(graph_field::node, rewritten.bytes());
}

std::string OpsetUpgrade::upgraded_attribute(std::string_view attribute_bytes) {
  MessageWriter rewritten;
  for (const auto& field : protobuf_wire::read_fields(attribute_bytes)) {
    if (field.number == attribute_field::g || field.number == attribute_field::graphs)
      rewritten.add_bytes(field.number, upgraded_graph(field.payload));
    else
      rewritten.add(field);
  }
  return rewritten.bytes();
}

std::string OpsetUpgrade::upgraded_graph(std::string_view graph_bytes) {
  MessageWriter rewritten;
  for (const auto& field : protobuf_wire::read_fields(graph_bytes)) {
    if (field.number == graph_field::node)
      write_node(field.payload, rewritten);
    else
      rewritten.add(field);
  }
  return rewritten.bytes();
}

std::string OpsetUpgrade::fresh_name(const std::string& base) {
  std::string name = base;
  for (std::size_t suffix = 1; names_in_use_.count(name) > 0; ++suffix) name = base + "_" + std::to_string(suffix);
  names_in_use_.insert(name);
  return name;
}

}  // namespace trackgnn::onnx_backend
