#pragma once
// Raising a model's default-domain operator set (ONNX's "" or "ai.onnx") so that a node may use
// what only a newer version defines, such as ScatterElements' reduction="add" (opset 16). Most
// operators mean the same at the newer version; those whose definition changed in between (the
// adapters of onnx's own version converter) are either rewritten to the new definition (attributes
// that became inputs) or named as blockers, where the rewrite would need more than the graph says
// (a tensor's rank, for example).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/onnx/onnx_graph.hpp"
#include "models/onnx/protobuf_wire.hpp"

namespace trackgnn::onnx_backend {

struct AttributeBecameInput;

class OpsetUpgrade {
 public:
  // `graph`: the model's main graph, whose value names (and its subgraphs') the Constant nodes
  // that the upgrade adds must not reuse.
  OpsetUpgrade(std::int64_t from_version, std::int64_t to_version, const onnx_graph::Graph& graph);

  // One line per node of `graph` or of its subgraphs that the upgrade cannot carry over, naming
  // the node and what changed; empty when the whole graph can be raised.
  std::vector<std::string> blockers(const onnx_graph::Graph& graph) const;

  // Appends to `graph` (a GraphProto being written) the node of `node_bytes` as the new version
  // defines it, preceded by a Constant node for each attribute that became an input; the nodes of
  // its subgraphs are carried over the same way. Call only when blockers() found none.
  void write_node(std::string_view node_bytes, protobuf_wire::MessageWriter& graph);

 private:
  bool crosses(std::int64_t version) const;  // a definition of `version` lies between the two
  const AttributeBecameInput* attribute_becoming_input(const onnx_graph::Node& node) const;
  std::string upgraded_graph(std::string_view graph_bytes);
  std::string upgraded_attribute(std::string_view attribute_bytes);
  std::string fresh_name(const std::string& base);

  std::int64_t from_version_;
  std::int64_t to_version_;
  std::set<std::string, std::less<>> names_in_use_;
};

}  // namespace trackgnn::onnx_backend
