#pragma once
// An ONNX model's graph as the scatter guard needs to see it, read straight from the file's
// protobuf bytes (ONNX Runtime's C API does not expose the graph): the opset imports, the nodes
// with their inputs, outputs and attributes, the initializers, and the subgraphs of If, Loop and
// Scan nodes. Field numbers are onnx.proto's. Strings are copied; tensors and subgraphs stay
// views into the model's bytes, which must outlive what is read from them.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace trackgnn::onnx_graph {

namespace model_field {
constexpr std::uint32_t ir_version = 1, graph = 7, opset_import = 8, functions = 25;
}
namespace opset_import_field {
constexpr std::uint32_t domain = 1, version = 2;
}
namespace graph_field {
constexpr std::uint32_t node = 1, initializer = 5, input = 11;
}
namespace function_field {
constexpr std::uint32_t name = 1, node = 7;
}
namespace node_field {
constexpr std::uint32_t input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7;
}
namespace attribute_field {
constexpr std::uint32_t name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7, ints = 8, graphs = 11, type = 20;
}
namespace tensor_field {
constexpr std::uint32_t dims = 1, data_type = 2, segment = 3, float_data = 4, int32_data = 5, string_data = 6,
                        int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11, data_location = 14;
}
namespace value_info_field {
constexpr std::uint32_t name = 1;
}

// AttributeProto.AttributeType values this code writes.
enum class AttributeType : std::int64_t { int_value = 2, string = 3, tensor = 4, ints = 7 };
// TensorProto.DataType INT64, TensorProto.DataLocation EXTERNAL.
constexpr std::int64_t kTensorTypeInt64 = 7;
constexpr std::int64_t kTensorDataExternal = 1;

struct Attribute {
  std::string name;
  float f = 0;
  std::int64_t i = 0;
  std::string s;
  std::string_view t;  // a TensorProto
  std::vector<float> floats;
  std::vector<std::int64_t> ints;
  std::vector<std::string_view> graphs;  // g, or each of graphs: GraphProtos
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<Attribute> attributes;

  const Attribute* attribute(std::string_view attribute_name) const;  // nullptr when absent
  bool in_default_domain() const { return domain.empty() || domain == "ai.onnx"; }
  // How a message names the node: "ScatterElements node '/ScatterElements'", or by its first
  // output where the node has no name.
  std::string label() const;
};

struct Graph {
  std::vector<Node> nodes;
  std::map<std::string, std::string_view, std::less<>> initializers;  // name -> TensorProto
  std::set<std::string, std::less<>> inputs;
};

struct OpsetImport {
  std::string domain;
  std::int64_t version = 0;
  bool is_default_domain() const { return domain.empty() || domain == "ai.onnx"; }
};

struct Function {
  std::string name;
  std::vector<Node> nodes;
};

struct Model {
  std::int64_t ir_version = 0;
  std::string_view graph;  // the GraphProto
  std::vector<OpsetImport> opset_imports;
  std::vector<Function> functions;  // model-local functions

  // The version of the default ("" or "ai.onnx") operator set; 0 when the model imports none.
  std::int64_t default_opset() const;
};

// Throw protobuf_wire::WireFormatError for bytes that are not such a message.
Model read_model(std::string_view bytes);
Graph read_graph(std::string_view bytes);
Node read_node(std::string_view bytes);
Attribute read_attribute(std::string_view bytes);
OpsetImport read_opset_import(std::string_view bytes);

// Whether every element of a TensorProto is zero (all bits clear), judged from the data it holds
// in the file. False for data it cannot see (external data, strings, segments).
bool tensor_is_all_zeros(std::string_view tensor);

}  // namespace trackgnn::onnx_graph
