// The scatter guard on the bytes of the committed fixtures, without ONNX Runtime (these run in
// every build): which scatters it repairs, what the rewritten model holds, what it leaves alone,
// and the pieces it decides with (zero tensors, opset upgrade blockers and adapters).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/onnx/onnx_graph.hpp"
#include "models/onnx/onnx_opset_upgrade.hpp"
#include "models/onnx/onnx_scatter_guard.hpp"
#include "models/onnx/protobuf_wire.hpp"
#include "models_onnx/onnx_test_support.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn::onnx_backend {
namespace {

using onnx_graph::Attribute;
using onnx_graph::AttributeType;
using onnx_graph::Graph;
using onnx_graph::Model;
using onnx_graph::Node;
namespace attribute_field = onnx_graph::attribute_field;
using onnx_graph::kTensorDataExternal;
using onnx_graph::kTensorTypeInt64;
namespace node_field = onnx_graph::node_field;
using onnx_graph::read_graph;
using onnx_graph::read_model;
using onnx_graph::read_node;
namespace tensor_field = onnx_graph::tensor_field;
using onnx_graph::tensor_is_all_zeros;
using protobuf_wire::MessageWriter;

std::string fixture_bytes(const std::string& name) {
  std::ifstream stream(testing::onnx_fixture(name), std::ios::binary);
  EXPECT_TRUE(stream) << name;
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

GuardedModel guard(const std::string& name) { return guard_scatter_reductions(fixture_bytes(name), name); }

Graph main_graph(const std::string& model_bytes) { return read_graph(read_model(model_bytes).graph); }

std::vector<const Node*> nodes_of_type(const Graph& graph, const std::string& op_type) {
  std::vector<const Node*> found;
  for (const auto& node : graph.nodes)
    if (node.op_type == op_type) found.push_back(&node);
  return found;
}

TEST(OnnxScatterGuard, ModelsWithoutAReductionlessScatterRunAsTheyAre) {
  for (const std::string name :
       {"linear_embedding.onnx", "scatter_add_opset16.onnx", "index_add_scatternd_opset16.onnx", "tiny_models/gnn.onnx",
        "tiny_models/filter.onnx"}) {
    const auto guarded = guard(name);
    EXPECT_FALSE(guarded.rewritten()) << name;
    EXPECT_TRUE(guarded.bytes.empty()) << name;
    EXPECT_EQ(guarded.opset_before, guarded.opset_after) << name;
  }
}

TEST(OnnxScatterGuard, ScatterIntoZerosGetsReductionAddAtOpset16AndNothingElseChanges) {
  const std::string original = fixture_bytes("scatter_add_opset13.onnx");
  const auto guarded = guard_scatter_reductions(original, "scatter_add_opset13.onnx");
  ASSERT_TRUE(guarded.rewritten());
  EXPECT_EQ(guarded.repaired, std::vector<std::string>{"ScatterElements node '/ScatterElements'"});
  EXPECT_EQ(guarded.opset_before, 13);
  EXPECT_EQ(guarded.opset_after, kScatterReductionOpset);

  const Model model = read_model(guarded.bytes);
  EXPECT_EQ(model.default_opset(), kScatterReductionOpset);
  EXPECT_GE(model.ir_version, read_model(original).ir_version);
  const Graph before = main_graph(original);
  const Graph after = read_graph(model.graph);
  ASSERT_EQ(after.nodes.size(), before.nodes.size());
  for (std::size_t index = 0; index < after.nodes.size(); ++index) {
    const Node& node = after.nodes[index];
    EXPECT_EQ(node.op_type, before.nodes[index].op_type);
    EXPECT_EQ(node.inputs, before.nodes[index].inputs);
    EXPECT_EQ(node.outputs, before.nodes[index].outputs);
    if (node.op_type == "ScatterElements") {
      ASSERT_NE(node.attribute("reduction"), nullptr);
      EXPECT_EQ(node.attribute("reduction")->s, "add");
      EXPECT_EQ(node.attribute("axis")->i, before.nodes[index].attribute("axis")->i);
    } else {
      EXPECT_EQ(node.attributes.size(), before.nodes[index].attributes.size()) << node.label();
    }
  }
  EXPECT_EQ(after.initializers.size(), before.initializers.size());
  EXPECT_EQ(after.inputs, before.inputs);
}

TEST(OnnxScatterGuard, RepairedModelNeedsNoSecondRepair) {
  const auto once = guard("scatter_add_opset13.onnx");
  const auto twice = guard_scatter_reductions(once.bytes, "repaired");
  EXPECT_FALSE(twice.rewritten());
  EXPECT_EQ(twice.opset_before, kScatterReductionOpset);
}

TEST(OnnxScatterGuard, AtOpset16TheReductionIsAddedWithoutChangingTheOpset) {
  for (const std::string name : {"index_add_opset16.onnx", "scatter_reduction_none_opset16.onnx"}) {
    const auto guarded = guard(name);
    ASSERT_TRUE(guarded.rewritten()) << name;
    EXPECT_EQ(guarded.opset_before, kScatterReductionOpset) << name;
    EXPECT_EQ(guarded.opset_after, kScatterReductionOpset) << name;
    const Graph graph = main_graph(guarded.bytes);
    const auto scatters = nodes_of_type(graph, "ScatterElements");
    ASSERT_EQ(scatters.size(), 1u);
    EXPECT_EQ(scatters.front()->attribute("reduction")->s, "add") << name;
    // One reduction attribute, not the old one beside the new.
    EXPECT_EQ(std::count_if(scatters.front()->attributes.begin(), scatters.front()->attributes.end(),
                            [](const Attribute& a) { return a.name == "reduction"; }),
              1)
        << name;
  }
}

// Fixed sizes make torch write the zeros as a Constant node; edited into an initializer they are
// zeros still. (The backend cannot run these: their sizes are fixed, its load-time probe is not.)
TEST(OnnxScatterGuard, ZerosFromAConstantOrAnInitializerAreRecognised) {
  for (const std::string name : {"scatter_add_static_opset13.onnx", "scatter_add_zero_initializer_opset13.onnx"}) {
    const auto guarded = guard(name);
    EXPECT_EQ(guarded.repaired, std::vector<std::string>{"ScatterElements node '/ScatterElements'"}) << name;
  }
}

// At opset 12 torch writes Unsqueeze and Squeeze with an axes attribute, an input since opset 13:
// the raised model takes the axes from a Constant node written just before each of them.
TEST(OnnxScatterGuard, RaisingOpset12MovesAxesAttributesIntoConstantInputs) {
  const std::string original = fixture_bytes("tiny_models/gnn_opset12.onnx");
  const auto guarded = guard_scatter_reductions(original, "gnn_opset12.onnx");
  ASSERT_EQ(guarded.repaired.size(), 4u);  // incoming and outgoing sums of two iterations
  EXPECT_EQ(guarded.opset_before, 12);
  const Graph before = main_graph(original);
  const Graph after = main_graph(guarded.bytes);

  std::size_t moved = 0;
  for (const std::string op_type : {"Unsqueeze", "Squeeze"})
    for (const Node* node : nodes_of_type(before, op_type)) moved += node->attribute("axes") != nullptr ? 1 : 0;
  ASSERT_GT(moved, 0u) << "the opset-12 export has no axes attribute: nothing is tested";
  EXPECT_EQ(after.nodes.size(), before.nodes.size() + moved);

  std::map<std::string, const Node*> producers;
  for (const auto& node : after.nodes)
    for (const auto& output : node.outputs) producers[output] = &node;
  for (const std::string op_type : {"Unsqueeze", "Squeeze"})
    for (const Node* node : nodes_of_type(after, op_type)) {
      EXPECT_EQ(node->attribute("axes"), nullptr) << node->label();
      ASSERT_EQ(node->inputs.size(), 2u) << node->label();
      const Node* axes = producers.at(node->inputs[1]);
      EXPECT_EQ(axes->op_type, "Constant");
      EXPECT_LT(axes - after.nodes.data(), node - after.nodes.data()) << "the Constant must come first";
    }
}

TEST(OnnxScatterGuard, NotAProtobufIsAModelErrorNamingTheFile) {
  try {
    guard_scatter_reductions(fixture_bytes("../make_scatter_fixtures.py"), "make_scatter_fixtures.py");
    FAIL() << "a Python script was read as a model";
  } catch (const ModelError& error) {
    EXPECT_NE(std::string(error.what()).find("make_scatter_fixtures.py: not an ONNX model"), std::string::npos)
        << error.what();
  }
}

std::string tensor(const std::vector<std::int64_t>& dims, std::int64_t data_type,
                   const std::function<void(MessageWriter&)>& data) {
  MessageWriter writer;
  std::vector<std::uint64_t> encoded(dims.begin(), dims.end());
  writer.add_packed_varints(tensor_field::dims, encoded);
  writer.add_varint(tensor_field::data_type, static_cast<std::uint64_t>(data_type));
  data(writer);
  return writer.bytes();
}

// TensorProto.DataType values.
constexpr std::int64_t kFloat = 1;
constexpr std::int64_t kString = 8;
constexpr std::int64_t kDouble = 11;

TEST(OnnxTensorZeros, EveryDataLayoutIsJudgedFromItsBits) {
  const auto raw = [](std::string bytes) {
    return [bytes](MessageWriter& w) { w.add_bytes(tensor_field::raw_data, bytes); };
  };
  EXPECT_TRUE(tensor_is_all_zeros(tensor({2, 2}, kFloat, raw(std::string(16, '\0')))));
  EXPECT_FALSE(tensor_is_all_zeros(tensor({2, 2}, kFloat, raw(std::string(15, '\0') + '\x01'))));
  // -0.0f has a bit set: judged not zeros (no exporter writes its zeros so).
  EXPECT_FALSE(tensor_is_all_zeros(tensor({1}, kFloat, raw(std::string("\0\0\0\x80", 4)))));

  const auto floats = [](std::vector<std::uint64_t> words) {
    return [words](MessageWriter& w) {
      std::string packed;
      for (auto word : words) {
        const auto bits = static_cast<std::uint32_t>(word);
        packed.append(reinterpret_cast<const char*>(&bits), sizeof bits);  // little-endian, as protobuf
      }
      w.add_bytes(tensor_field::float_data, packed);
    };
  };
  EXPECT_TRUE(tensor_is_all_zeros(tensor({3}, kFloat, floats({0, 0, 0}))));
  EXPECT_FALSE(tensor_is_all_zeros(tensor({3}, kFloat, floats({0, 0x3f800000, 0}))));

  const auto int64s = [](std::vector<std::uint64_t> values) {
    return [values](MessageWriter& w) { w.add_packed_varints(tensor_field::int64_data, values); };
  };
  EXPECT_TRUE(tensor_is_all_zeros(tensor({2}, kTensorTypeInt64, int64s({0, 0}))));
  EXPECT_FALSE(tensor_is_all_zeros(tensor({2}, kTensorTypeInt64, int64s({0, 5}))));
  EXPECT_TRUE(tensor_is_all_zeros(tensor({1}, kDouble, [](MessageWriter& w) {
    w.add_bytes(tensor_field::double_data, std::string(sizeof(double), '\0'));
  })));

  // Nothing to see: zeros only when the tensor has no elements.
  EXPECT_TRUE(tensor_is_all_zeros(tensor({0, 3}, kFloat, [](MessageWriter&) {})));
  EXPECT_FALSE(tensor_is_all_zeros(tensor({2}, kFloat, [](MessageWriter&) {})));
  EXPECT_FALSE(tensor_is_all_zeros(tensor({1}, kFloat, [&](MessageWriter& w) {
    w.add_varint(tensor_field::data_location, static_cast<std::uint64_t>(kTensorDataExternal));
  })));
  EXPECT_FALSE(
      tensor_is_all_zeros(tensor({1}, kString, [](MessageWriter& w) { w.add_bytes(tensor_field::string_data, ""); })));
}

Node node(const std::string& op_type, std::size_t outputs = 1) {
  Node result;
  result.name = "/" + op_type;
  result.op_type = op_type;
  result.inputs = {"in"};
  for (std::size_t index = 0; index < outputs; ++index) result.outputs.push_back("out" + std::to_string(index));
  return result;
}

TEST(OnnxOpsetUpgrade, OperatorsThatChangedMeaningInTheRangeBlockIt) {
  Graph graph;
  graph.nodes = {
      node("Softmax"), node("BatchNormalization", 3), node("BatchNormalization", 1), node("RoiAlign"), node("Dropout"),
      node("Relu")};
  const auto from_11 = OpsetUpgrade(11, 16, graph).blockers(graph);
  ASSERT_EQ(from_11.size(), 4u);
  EXPECT_NE(from_11[0].find("Softmax node '/Softmax': at opset 13"), std::string::npos) << from_11[0];
  EXPECT_NE(from_11[1].find("BatchNormalization node '/BatchNormalization': at opset 14"), std::string::npos);
  EXPECT_NE(from_11[2].find("RoiAlign"), std::string::npos);
  EXPECT_NE(from_11[3].find("Dropout node '/Dropout': at opset 12"), std::string::npos);
  // From opset 13 only the changes at 14 and 16 are crossed; in another domain nothing is ONNX's.
  EXPECT_EQ(OpsetUpgrade(13, 16, graph).blockers(graph).size(), 2u);
  graph.nodes[3].domain = "com.example";
  EXPECT_EQ(OpsetUpgrade(13, 16, graph).blockers(graph).size(), 1u);
}

TEST(OnnxOpsetUpgrade, SplitsSplitAttributeBecomesAConstantInputWithAFreshName) {
  MessageWriter ints;
  ints.add_bytes(attribute_field::name, "split");
  ints.add_varint(attribute_field::type, static_cast<std::uint64_t>(AttributeType::ints));
  ints.add_packed_varints(attribute_field::ints, {2, 3});
  MessageWriter axis;
  axis.add_bytes(attribute_field::name, "axis");
  axis.add_varint(attribute_field::type, static_cast<std::uint64_t>(AttributeType::int_value));
  axis.add_varint(attribute_field::i, 1);
  MessageWriter split;
  split.add_bytes(node_field::input, "x");
  split.add_bytes(node_field::output, "a");
  split.add_bytes(node_field::output, "b");
  split.add_bytes(node_field::op_type, "Split");
  split.add_bytes(node_field::attribute, ints.bytes());
  split.add_bytes(node_field::attribute, axis.bytes());

  Graph graph;
  graph.nodes = {read_node(split.bytes())};
  graph.inputs = {"a_split"};  // the name the constant would take: already used
  OpsetUpgrade upgrade(12, 16, graph);
  EXPECT_TRUE(upgrade.blockers(graph).empty());
  MessageWriter written;
  upgrade.write_node(split.bytes(), written);
  const Graph result = read_graph(written.bytes());
  ASSERT_EQ(result.nodes.size(), 2u);
  const Node& constant = result.nodes[0];
  const Node& adapted = result.nodes[1];
  EXPECT_EQ(constant.op_type, "Constant");
  EXPECT_EQ(constant.outputs, std::vector<std::string>{"a_split_1"});
  EXPECT_EQ(adapted.inputs, (std::vector<std::string>{"x", "a_split_1"}));
  EXPECT_EQ(adapted.attribute("split"), nullptr);
  EXPECT_EQ(adapted.attribute("axis")->i, 1);
  const auto values =
      protobuf_wire::read_varints(protobuf_wire::read_fields(constant.attribute("value")->t), tensor_field::int64_data);
  EXPECT_EQ(values, (std::vector<std::uint64_t>{2, 3}));
}

}  // namespace
}  // namespace trackgnn::onnx_backend
