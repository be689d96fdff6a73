#include "models/native/network_weights.hpp"

#include <torch/script.h>

#include <stdexcept>
#include <string>

#include "models/torch_types.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn::native {
namespace {

using torch::jit::Module;

// The row alignment cuBLAS's tensor-core kernels need (see aligned_input_width).
constexpr std::int64_t kTensorCoreRowBytes = 16;

std::string type_name(const Module& module) {
  const auto name = module.type()->name();
  return name ? name->name() : std::string("<unnamed>");
}

// Reads one TorchScript file; every structural complaint names the file and the module path.
class Reader {
 public:
  Reader(const ModelSpec& spec, Module module)
      : spec_(spec),
        module_(std::move(module)),
        device_(torch_backend::aten_device(spec.device)),
        type_(torch_backend::scalar_type(spec.precision)) {}

  const Module& root() const { return module_; }

  [[noreturn]] void reject(const std::string& what) const {
    throw ModelError("native backend cannot run " + spec_.file.string() + ": " + what +
                     " (it knows InteractionNetwork, EdgeFilter and EmbeddingNet of python/trackgnn_train/models.py); "
                     "any TorchScript module of the usual signatures runs with --backend torchscript");
  }

  Module child(const Module& parent, const std::string& path, const std::string& name,
               const std::string& expected_type) const {
    if (!parent.hasattr(name) || !parent.attr(name).isModule()) reject(path + " has no submodule '" + name + "'");
    Module result = parent.attr(name).toModule();
    if (type_name(result) != expected_type)
      reject(path + "." + name + " is a " + type_name(result) + ", expected " + expected_type);
    return result;
  }

  at::Tensor tensor(const Module& module, const std::string& path, const std::string& name) const {
    if (!module.hasattr(name) || !module.attr(name).isTensor()) reject(path + " has no tensor '" + name + "'");
    return module.attr(name).toTensor().detach();
  }

  // float32 on the model's device: standardisation and periods.
  at::Tensor fp32(const Module& module, const std::string& path, const std::string& name, std::int64_t size) const {
    at::Tensor value = tensor(module, path, name);
    if (value.dim() != 1 || value.size(0) != size)
      reject(path + "." + name + " has shape " + c10::str(value.sizes()) + ", expected [" + std::to_string(size) + "]");
    return value.to(device_, at::kFloat).contiguous();
  }

  // In the working precision, as the TorchScript backend converts parameters.
  at::Tensor working(const at::Tensor& value) const { return value.to(device_, type_).contiguous(); }
  // Working-precision values held in float32 (what the fused epilogues read).
  at::Tensor rounded_fp32(const at::Tensor& value) const { return working(value).to(at::kFloat); }

  // What an MLP's first layer reads: the features keep that layer's parameters as trained too.
  enum class Reads { features, hidden };

  Mlp mlp(const Module& sequential, const std::string& path, Reads reads) const {
    if (type_name(sequential) != "Sequential") reject(path + " is a " + type_name(sequential) + ", expected Sequential");
    Mlp layers;
    // Where in the current Linear -> LayerNorm -> activation group the next module may go.
    enum class Stage { linear, norm, activation } stage = Stage::linear;
    for (const auto& entry : sequential.named_children()) {
      const std::string where = path + "." + entry.name;
      const std::string kind = type_name(entry.value);
      if (kind == "Linear") {
        const bool keep_as_trained = layers.empty() && reads == Reads::features;
        layers.push_back(linear(entry.value, where, layers, keep_as_trained));
        stage = Stage::norm;
        continue;
      }
      if (layers.empty()) reject(where + " (" + kind + ") comes before any Linear");
      if (kind == "LayerNorm" && stage == Stage::norm) {
        layer_norm(entry.value, where, layers.back());
        stage = Stage::activation;
      } else if ((kind == "ReLU" || kind == "Tanh" || kind == "SiLU") && stage != Stage::linear) {
        layers.back().activation = kind == "ReLU"   ? gnn::Activation::relu
                                   : kind == "Tanh" ? gnn::Activation::tanh
                                                    : gnn::Activation::silu;
        stage = Stage::linear;
      } else {
        reject(where + " is a " + kind + " where a Linear, LayerNorm or activation (ReLU, Tanh, SiLU) was expected");
      }
    }
    if (layers.empty()) reject(path + " has no Linear layer");
    return layers;
  }

  EdgeInputWeights edge_inputs(const Module& parent, const std::string& path, std::int64_t num_features) const {
    const Module inputs = child(parent, path, "edge_inputs", "EdgeInputs");
    const Module standardize = child(inputs, path + ".edge_inputs", "standardize", "Standardize");
    EdgeInputWeights weights;
    weights.period = fp32(inputs, path + ".edge_inputs", "period", num_features);
    weights.inverse_period = fp32(inputs, path + ".edge_inputs", "inverse_period", num_features);
    weights.mean = fp32(standardize, path + ".edge_inputs.standardize", "mean", 3 * num_features);
    weights.inverse_std = fp32(standardize, path + ".edge_inputs.standardize", "inverse_std", 3 * num_features);
    return weights;
  }

  void expect_widths(const Mlp& layers, const std::string& path, std::int64_t inputs, std::int64_t outputs) const {
    if (layers.front().inputs() != inputs || layers.back().outputs() != outputs)
      reject(path + " maps " + std::to_string(layers.front().inputs()) + " -> " + std::to_string(layers.back().outputs()) +
             " values, expected " + std::to_string(inputs) + " -> " + std::to_string(outputs));
  }

  // The first layer of `layers` reads cat[node[s], node[t], edge] of widths node_width, node_width, edge_width.
  EdgeTripleInput split_edge_triple(const Mlp& layers, const std::string& path, std::int64_t node_width,
                                    std::int64_t edge_width) const {
    const at::Tensor& weight = layers.front().weight;
    if (weight.size(1) != 2 * node_width + edge_width)
      reject(path + ".0 reads " + std::to_string(weight.size(1)) + " values, expected " +
             std::to_string(2 * node_width + edge_width));
    EdgeTripleInput split;
    split.node_weight = at::cat({weight.narrow(1, 0, node_width), weight.narrow(1, node_width, node_width)}, 0).contiguous();
    split.edge_weight = weight.narrow(1, 2 * node_width, edge_width).contiguous();
    return split;
  }

  // A network's first layer, given the zero columns its padded input rows will have.
  void align_inputs(DenseLayer& first) const {
    pad_inputs(first, aligned_input_width(first.inputs(), spec_.device, spec_.precision));
  }

  std::int64_t feature_count(std::int64_t found) const {
    if (spec_.num_features > 0 && found != spec_.num_features)
      throw ModelError("model " + spec_.file.string() + " reads " + std::to_string(found) +
                       " features, the model card says " + std::to_string(spec_.num_features));
    return found;
  }

 private:
  DenseLayer linear(const Module& module, const std::string& path, const Mlp& previous, bool keep_as_trained) const {
    const at::Tensor weight = tensor(module, path, "weight");
    if (weight.dim() != 2) reject(path + ".weight has shape " + c10::str(weight.sizes()) + ", expected 2 dimensions");
    if (!previous.empty() && previous.back().outputs() != weight.size(1))
      reject(path + " reads " + std::to_string(weight.size(1)) + " values after a layer of " +
             std::to_string(previous.back().outputs()));
    // Linear(bias=False) stores None: a zero bias is the same map.
    const at::Tensor bias = module.hasattr("bias") && module.attr("bias").isTensor()
                                ? module.attr("bias").toTensor().detach()
                                : at::zeros({weight.size(0)}, weight.options());
    if (bias.dim() != 1 || bias.size(0) != weight.size(0)) reject(path + ".bias does not match its weight");
    DenseLayer layer;
    if (keep_as_trained) {
      layer.as_trained.weight = weight.to(device_, at::kFloat).contiguous();
      layer.as_trained.bias = bias.to(device_, at::kFloat).contiguous();
    }
    layer.weight = working(weight);
    layer.bias = working(bias);
    layer.bias_fp32 = layer.bias.to(at::kFloat);
    return layer;
  }

  void layer_norm(const Module& module, const std::string& path, DenseLayer& layer) const {
    if (!module.hasattr("weight") || !module.attr("weight").isTensor())
      reject(path + " has no affine weight (elementwise_affine=False)");
    const at::Tensor weight = tensor(module, path, "weight");
    const at::Tensor bias = tensor(module, path, "bias");
    if (weight.dim() != 1 || weight.size(0) != layer.outputs() || bias.sizes() != weight.sizes())
      reject(path + " normalises " + c10::str(weight.sizes()) + ", not the preceding layer's " +
             std::to_string(layer.outputs()) + " outputs");
    if (!module.hasattr("eps")) reject(path + " has no eps");
    layer.norm_weight = rounded_fp32(weight);
    layer.norm_bias = rounded_fp32(bias);
    if (layer.as_trained.weight.defined()) {
      layer.as_trained.norm_weight = weight.to(device_, at::kFloat).contiguous();
      layer.as_trained.norm_bias = bias.to(device_, at::kFloat).contiguous();
    }
    layer.norm_eps = static_cast<float>(module.attr("eps").toDouble());
  }

  const ModelSpec& spec_;
  Module module_;
  at::Device device_;
  at::ScalarType type_;
};

std::int64_t integer_attribute(const Reader& reader, const std::string& name) {
  if (!reader.root().hasattr(name) || !reader.root().attr(name).isInt()) reader.reject("no integer attribute '" + name + "'");
  return reader.root().attr(name).toInt();
}

InteractionNetworkWeights read_interaction_network(const Reader& reader) {
  const Module& root = reader.root();
  InteractionNetworkWeights weights;
  weights.iterations = integer_attribute(reader, "iterations");
  weights.hidden = integer_attribute(reader, "hidden");
  if (weights.iterations < 0 || weights.hidden <= 0)
    reader.reject("iterations " + std::to_string(weights.iterations) + ", hidden " + std::to_string(weights.hidden));
  const Module node_inputs = reader.child(root, "InteractionNetwork", "node_inputs", "Standardize");
  const std::int64_t features = reader.feature_count(reader.tensor(node_inputs, "node_inputs", "mean").numel());
  weights.node_mean = reader.fp32(node_inputs, "node_inputs", "mean", features);
  weights.node_inverse_std = reader.fp32(node_inputs, "node_inputs", "inverse_std", features);
  weights.edge_inputs = reader.edge_inputs(root, "InteractionNetwork", features);
  using Reads = Reader::Reads;
  const auto mlp = [&](const char* name, Reads reads) {
    return reader.mlp(reader.child(root, "InteractionNetwork", name, "Sequential"), name, reads);
  };
  const std::int64_t hidden = weights.hidden;
  weights.node_encoder = mlp("node_encoder", Reads::features);
  reader.expect_widths(weights.node_encoder, "node_encoder", features, hidden);
  weights.edge_encoder = mlp("edge_encoder", Reads::features);
  reader.expect_widths(weights.edge_encoder, "edge_encoder", 3 * features, hidden);
  weights.edge_network = mlp("edge_network", Reads::hidden);
  reader.expect_widths(weights.edge_network, "edge_network", 3 * hidden, hidden);
  weights.node_network = mlp("node_network", Reads::hidden);
  reader.expect_widths(weights.node_network, "node_network", 3 * hidden, hidden);
  weights.output_network = mlp("output_network", Reads::hidden);
  reader.expect_widths(weights.output_network, "output_network", 3 * hidden, 1);
  weights.edge_network_input = reader.split_edge_triple(weights.edge_network, "edge_network", hidden, hidden);
  weights.output_network_input = reader.split_edge_triple(weights.output_network, "output_network", hidden, hidden);
  reader.align_inputs(weights.node_encoder.front());
  reader.align_inputs(weights.edge_encoder.front());
  return weights;
}

EdgeFilterWeights read_edge_filter(const Reader& reader) {
  const Module& root = reader.root();
  const Module edge_inputs = reader.child(root, "EdgeFilter", "edge_inputs", "EdgeInputs");
  const std::int64_t features = reader.feature_count(reader.tensor(edge_inputs, "edge_inputs", "period").numel());
  EdgeFilterWeights weights;
  weights.edge_inputs = reader.edge_inputs(root, "EdgeFilter", features);
  weights.network = reader.mlp(reader.child(root, "EdgeFilter", "network", "Sequential"), "network", Reader::Reads::features);
  reader.expect_widths(weights.network, "network", 3 * features, 1);
  reader.align_inputs(weights.network.front());
  return weights;
}

EmbeddingWeights read_embedding(const Reader& reader) {
  const Module& root = reader.root();
  const Module standardize = reader.child(root, "EmbeddingNet", "standardize", "Standardize");
  const std::int64_t features = reader.feature_count(reader.tensor(standardize, "standardize", "mean").numel());
  EmbeddingWeights weights;
  weights.mean = reader.fp32(standardize, "standardize", "mean", features);
  weights.inverse_std = reader.fp32(standardize, "standardize", "inverse_std", features);
  weights.network = reader.mlp(reader.child(root, "EmbeddingNet", "network", "Sequential"), "network", Reader::Reads::features);
  reader.expect_widths(weights.network, "network", features, weights.network.back().outputs());
  reader.align_inputs(weights.network.front());
  return weights;
}

Module load_module(const ModelSpec& spec) {
  if (spec.precision != Precision::fp32 && !spec.device.is_cuda())
    throw std::invalid_argument("precision " + to_string(spec.precision) + " needs a cuda device (" +
                                spec.file.string() + ")");
  try {
    return torch::jit::load(spec.file.string(), at::Device(at::kCPU));
  } catch (const c10::Error& error) {
    throw ModelError("cannot load TorchScript model " + spec.file.string() + ": " + error.what_without_backtrace());
  } catch (const std::exception& error) {
    throw ModelError("cannot load TorchScript model " + spec.file.string() + ": " + error.what());
  }
}

// The weights were converted, split and copied on the loading thread's current stream.
template <typename Weights>
Weights complete_on_device(Weights weights, const ModelSpec& spec) {
  torch_backend::wait_for_loaded_weights(spec.device);
  return weights;
}

}  // namespace

std::int64_t aligned_input_width(std::int64_t width, Device device, Precision precision) {
  if (!device.is_cuda() || precision == Precision::fp32) return width;
  const auto element_bytes = static_cast<std::int64_t>(c10::elementSize(torch_backend::scalar_type(precision)));
  const std::int64_t multiple = kTensorCoreRowBytes / element_bytes;
  return (width + multiple - 1) / multiple * multiple;
}

void pad_inputs(DenseLayer& layer, std::int64_t width) {
  if (width < layer.inputs())
    throw std::invalid_argument("pad_inputs: a layer of " + std::to_string(layer.inputs()) + " inputs cannot read " +
                                std::to_string(width));
  if (width == layer.inputs()) return;
  at::Tensor padded = at::zeros({layer.outputs(), width}, layer.weight.options());
  padded.narrow(1, 0, layer.inputs()).copy_(layer.weight);
  layer.weight = padded;
}

gnn::RowEpilogue DenseLayer::epilogue() const {
  gnn::RowEpilogue result;
  result.bias = bias_fp32.data_ptr<float>();
  if (has_norm()) {
    result.norm_weight = norm_weight.data_ptr<float>();
    result.norm_bias = norm_bias.data_ptr<float>();
    result.norm_eps = norm_eps;
  }
  result.activation = activation;
  return result;
}

gnn::EdgeInputParams EdgeInputWeights::params() const {
  return {period.data_ptr<float>(), inverse_period.data_ptr<float>(), mean.data_ptr<float>(),
          inverse_std.data_ptr<float>()};
}

EdgeNetworkWeights load_edge_network(const ModelSpec& spec) {
  const Reader reader(spec, load_module(spec));
  torch::NoGradGuard no_grad;
  const std::string kind = type_name(reader.root());
  if (kind == "InteractionNetwork") return complete_on_device(read_interaction_network(reader), spec);
  if (kind == "EdgeFilter") return complete_on_device(read_edge_filter(reader), spec);
  reader.reject("its top module is a " + kind);
}

EmbeddingWeights load_node_network(const ModelSpec& spec) {
  const Reader reader(spec, load_module(spec));
  torch::NoGradGuard no_grad;
  const std::string kind = type_name(reader.root());
  if (kind != "EmbeddingNet") reader.reject("its top module is a " + kind + ", expected an EmbeddingNet");
  return complete_on_device(read_embedding(reader), spec);
}

}  // namespace trackgnn::native
