#include "models/onnx/onnx_scatter_guard.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "models/onnx/onnx_graph.hpp"
#include "models/onnx/onnx_opset_upgrade.hpp"
#include "models/onnx/protobuf_wire.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn::onnx_backend {
namespace {

using namespace onnx_graph;
using protobuf_wire::MessageWriter;

// The first opset with ScatterElements and ScatterND: a model declaring less is not one to repair.
constexpr std::int64_t kScatterElementsOpset = 11;
// The IR version that goes with opset 16 (onnx/helper.py's VERSION_TABLE).
constexpr std::int64_t kIrVersionOfScatterReductionOpset = 8;
constexpr const char* kReductionAttribute = "reduction";
constexpr const char* kSummingReduction = "add";
constexpr const char* kNoReduction = "none";

bool is_reductionless_scatter(const Node& node) {
  if (!node.in_default_domain() || (node.op_type != "ScatterElements" && node.op_type != "ScatterND")) return false;
  const Attribute* reduction = node.attribute(kReductionAttribute);
  return reduction == nullptr || reduction->s == kNoReduction;
}

bool is_legacy_scatter(const Node& node) { return node.in_default_domain() && node.op_type == "Scatter"; }

bool is_positive_zero(float value) { return value == 0.0f && !std::signbit(value); }

bool all_positive_zero(const std::vector<float>& values) {
  return std::all_of(values.begin(), values.end(), is_positive_zero);
}

bool all_zero(const std::vector<std::int64_t>& values) {
  return std::all_of(values.begin(), values.end(), [](std::int64_t value) { return value == 0; });
}

// Whether a Constant node's value (whichever attribute holds it) is all zeros.
bool constant_is_zeros(const Node& constant) {
  if (constant.attributes.size() != 1) return false;
  const Attribute& value = constant.attributes.front();
  if (value.name == "value") return tensor_is_all_zeros(value.t);
  if (value.name == "value_float") return is_positive_zero(value.f);
  if (value.name == "value_floats") return all_positive_zero(value.floats);
  if (value.name == "value_int") return value.i == 0;
  if (value.name == "value_ints") return all_zero(value.ints);
  return false;
}

// Empty when `name` is all zeros in `graph`; otherwise what it is, for the refusal.
std::string why_not_zeros(const std::string& name, const Graph& graph,
                          const std::map<std::string, const Node*, std::less<>>& producers) {
  const std::string quoted = "'" + name + "'";
  if (graph.inputs.count(name) > 0)
    return quoted + (graph.initializers.count(name) > 0 ? " is an initializer that the graph also takes as an input"
                                                        : " is an input of the graph");
  const auto initializer = graph.initializers.find(name);
  if (initializer != graph.initializers.end())
    return tensor_is_all_zeros(initializer->second) ? std::string()
                                                    : quoted + " is an initializer that is not all zeros";
  const auto producer = producers.find(name);
  if (producer == producers.end()) return quoted + " is not computed in the graph";
  const Node& node = *producer->second;
  if (node.in_default_domain() && node.op_type == "ConstantOfShape") {
    const Attribute* value = node.attribute("value");  // absent: float 0
    return value == nullptr || tensor_is_all_zeros(value->t) ? std::string()
                                                             : quoted + " is a ConstantOfShape of a non-zero value";
  }
  if (node.in_default_domain() && node.op_type == "Constant")
    return constant_is_zeros(node) ? std::string() : quoted + " is a Constant that is not all zeros";
  return quoted + " is computed by " + node.label();
}

// Reduction-less scatters anywhere below `graph`'s nodes (in If, Loop and Scan bodies): refused.
void refuse_nested_scatters(const Graph& graph, const std::string& where, std::vector<std::string>& refusals) {
  for (const auto& node : graph.nodes) {
    if (is_reductionless_scatter(node) || is_legacy_scatter(node))
      refusals.push_back(node.label() + " has no reduction and lies " + where +
                         ", where trackgnn does not repair scatters");
    for (const auto& attribute : node.attributes)
      for (auto subgraph : attribute.graphs)
        refuse_nested_scatters(read_graph(subgraph), "inside a subgraph of " + node.label(), refusals);
  }
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "; ") + line;
  return text;
}

std::string repaired_summary(const std::vector<std::string>& repaired) {
  return repaired.front() + (repaired.size() > 1 ? " and " + std::to_string(repaired.size() - 1) + " more" : "");
}

std::string node_with_summing_reduction(std::string_view node_bytes) {
  MessageWriter node;
  for (const auto& field : protobuf_wire::read_fields(node_bytes))
    if (field.number != node_field::attribute || read_attribute(field.payload).name != kReductionAttribute)
      node.add(field);
  MessageWriter reduction;
  reduction.add_bytes(attribute_field::name, kReductionAttribute);
  reduction.add_varint(attribute_field::type, static_cast<std::uint64_t>(AttributeType::string));
  reduction.add_bytes(attribute_field::s, kSummingReduction);
  node.add_bytes(node_field::attribute, reduction.bytes());
  return node.bytes();
}

class Guard {
 public:
  Guard(std::string_view bytes, std::string file)
      : bytes_(bytes), file_(std::move(file)), model_(read_model(bytes)), graph_(read_graph(model_.graph)) {
    for (const auto& node : graph_.nodes)
      for (const auto& output : node.outputs) producers_[output] = &node;
  }

  GuardedModel run() {
    inspect();
    if (!refusals_.empty())
      throw error("its scatters cannot be run correctly: " + joined(refusals_) +
                  ". Without a reduction ONNX Runtime keeps one value where indices repeat, instead of their sum "
                  "(torch exports scatter_add so below opset 16); trackgnn repairs such a scatter only when it "
                  "adds into zeros. Fix: " +
                  kScatterFix);
    GuardedModel result;
    result.opset_before = result.opset_after = model_.default_opset();
    if (repair_indices_.empty()) return result;
    result.opset_after = std::max(result.opset_before, kScatterReductionOpset);
    for (auto index : repair_indices_) result.repaired.push_back(graph_.nodes[index].label());
    result.bytes = rewritten_model(result.opset_after, result.repaired);
    return result;
  }

 private:
  void inspect() {
    for (std::size_t index = 0; index < graph_.nodes.size(); ++index) {
      const Node& node = graph_.nodes[index];
      for (const auto& attribute : node.attributes)
        for (auto subgraph : attribute.graphs)
          refuse_nested_scatters(read_graph(subgraph), "inside a subgraph of " + node.label(), refusals_);
      if (is_legacy_scatter(node))
        refusals_.push_back(node.label() + " is the opset 9-10 Scatter, which has no reduction");
      if (!is_reductionless_scatter(node)) continue;
      const std::string reason =
          node.inputs.empty() ? "it has no data input" : why_not_zeros(node.inputs.front(), graph_, producers_);
      if (reason.empty())
        repair_indices_.insert(index);
      else
        refusals_.push_back(node.label() + " has no reduction and scatters into data that is not zeros: " + reason);
    }
    for (const auto& function : model_.functions) {
      Graph body;
      body.nodes = function.nodes;
      refuse_nested_scatters(body, "in model-local function '" + function.name + "'", refusals_);
    }
  }

  std::string rewritten_model(std::int64_t opset, const std::vector<std::string>& repaired) {
    const std::int64_t declared = model_.default_opset();
    std::optional<OpsetUpgrade> upgrade;
    if (opset > declared) {
      std::vector<std::string> blockers;
      if (declared < kScatterElementsOpset)
        blockers.push_back("it declares opset " + std::to_string(declared) + ", older than ScatterElements");
      if (!model_.functions.empty()) blockers.push_back("its model-local functions import opsets of their own");
      upgrade.emplace(declared, opset, graph_);
      for (auto& line : upgrade->blockers(graph_)) blockers.push_back(std::move(line));
      if (!blockers.empty())
        throw error("its scatters that add into zeros without a reduction (" + repaired_summary(repaired) +
                    ") would be repaired with reduction=\"add\" at opset " + std::to_string(opset) +
                    ", but the model's opset " + std::to_string(declared) +
                    " cannot be raised to it: " + joined(blockers) + ". Fix: " + kScatterFix);
    }
    MessageWriter model;
    for (const auto& field : protobuf_wire::read_fields(bytes_)) {
      if (field.number == model_field::graph) {
        model.add_bytes(field.number, rewritten_graph(field.payload, upgrade ? &*upgrade : nullptr));
      } else if (field.number == model_field::opset_import && read_opset_import(field.payload).is_default_domain()) {
        MessageWriter opset_import;
        opset_import.add_bytes(opset_import_field::domain, read_opset_import(field.payload).domain);
        opset_import.add_varint(opset_import_field::version, static_cast<std::uint64_t>(opset));
        model.add_bytes(field.number, opset_import.bytes());
      } else if (field.number == model_field::ir_version && upgrade) {
        model.add_varint(field.number, std::max<std::uint64_t>(field.value, kIrVersionOfScatterReductionOpset));
      } else {
        model.add(field);
      }
    }
    return model.bytes();
  }

  std::string rewritten_graph(std::string_view graph_bytes, OpsetUpgrade* upgrade) const {
    MessageWriter graph;
    std::size_t index = 0;
    for (const auto& field : protobuf_wire::read_fields(graph_bytes)) {
      if (field.number != graph_field::node) {
        graph.add(field);
        continue;
      }
      const std::string node =
          repair_indices_.count(index++) > 0 ? node_with_summing_reduction(field.payload) : std::string(field.payload);
      if (upgrade != nullptr)
        upgrade->write_node(node, graph);
      else
        graph.add_bytes(graph_field::node, node);
    }
    return graph.bytes();
  }

  ModelError error(const std::string& what) const { return ModelError("ONNX model " + file_ + ": " + what); }

  std::string_view bytes_;
  std::string file_;
  Model model_;
  Graph graph_;
  std::map<std::string, const Node*, std::less<>> producers_;
  std::set<std::size_t> repair_indices_;
  std::vector<std::string> refusals_;
};

}  // namespace

GuardedModel guard_scatter_reductions(std::string_view model_bytes, const std::string& file) {
  try {
    return Guard(model_bytes, file).run();
  } catch (const protobuf_wire::WireFormatError& error) {
    throw ModelError("cannot load ONNX model " + file + ": not an ONNX model (" + error.what() + ")");
  }
}

}  // namespace trackgnn::onnx_backend
