#pragma once
// The guard against the scatter-add exported without a reduction. Below opset 16 ONNX's
// ScatterElements and ScatterND have no reduction, so torch exports scatter_add, index_add and
// index_put(accumulate=True) as a scatter into zeros that ONNX Runtime runs as "the last write
// wins": wherever an index repeats (many edges into one node), the sum is silently replaced by
// one of its terms. Every reduction-less scatter of a model is therefore either repaired or the
// model is refused:
// - a scatter whose data input is all zeros (ConstantOfShape of 0, a Constant or an initializer
//   of zeros: what torch writes) gets reduction="add": adding into zeros is the assignment where
//   indices are unique and the sum where they repeat, which is what the export meant. The
//   default-domain opset is raised to 16, which defines the attribute;
// - anything else (a scatter into other data, inside a subgraph or a model-local function, the
//   opset 9-10 Scatter, a model whose opset cannot be raised) is refused with an error that names
//   the node, the file and the fix.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trackgnn::onnx_backend {

// Where an error tells the user to go.
inline constexpr const char* kScatterFix =
    "re-export at opset >= 16 with a summing scatter (ScatterElements or ScatterND with reduction=\"add\"), "
    "or use --backend torchscript";
// The first opset whose ScatterElements and ScatterND take reduction="add".
inline constexpr std::int64_t kScatterReductionOpset = 16;

struct GuardedModel {
  std::string bytes;                  // the repaired model; empty when the file runs as it is
  std::vector<std::string> repaired;  // the nodes given reduction="add"
  std::int64_t opset_before = 0;
  std::int64_t opset_after = 0;

  bool rewritten() const { return !repaired.empty(); }
};

// `model_bytes`: an ONNX ModelProto read from `file` (named in errors). Throws ModelError for a
// model it refuses or cannot read.
GuardedModel guard_scatter_reductions(std::string_view model_bytes, const std::string& file);

}  // namespace trackgnn::onnx_backend
