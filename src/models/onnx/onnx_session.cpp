#include "models/onnx/onnx_session.hpp"

#include <fmt/core.h>
#include <onnxruntime_session_options_config_keys.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "models/onnx/onnx_environment.hpp"
#include "models/onnx/onnx_scatter_guard.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn::onnx_backend {
namespace {

constexpr const char* kCudaProvider = "CUDAExecutionProvider";

void check_supported(const ModelSpec& spec) {
  if (spec.device.is_cuda()) {
    auto providers = Ort::GetAvailableProviders();
    std::string available;
    for (const auto& provider : providers) available += (available.empty() ? "" : ", ") + provider;
    // The ONNX Runtime that scripts/fetch-onnxruntime.sh installs is CPU-only; a build with
    // the CUDA provider would also need device-memory tensors and the event's stream bound here.
    throw std::invalid_argument("the onnx backend runs on cpu only (device " + spec.device.str() +
                                " requested for " + spec.file.string() + "; this ONNX Runtime " +
                                (std::find(providers.begin(), providers.end(), kCudaProvider) == providers.end()
                                     ? "has no " + std::string(kCudaProvider) + ", only " + available
                                     : "has " + std::string(kCudaProvider) + ", which trackgnn does not drive yet") +
                                "); use the torchscript backend on cuda");
  }
  if (spec.precision != Precision::fp32)
    throw std::invalid_argument("the onnx backend runs fp32 models only (precision " + to_string(spec.precision) +
                                " requested for " + spec.file.string() + ")");
}

std::string read_model_file(const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw ModelError("cannot load ONNX model " + file.string() + ": cannot open the file");
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

void report_repair(const std::filesystem::path& file, const GuardedModel& guarded) {
  fmt::print(stderr,
             "trackgnn: warning: {}: {} scatter(s) without a reduction add into zeros (a scatter-add exported "
             "without its sum, as torch does below opset {}); running them with reduction=\"add\" at opset {} "
             "(first: {})\n",
             file.string(), guarded.repaired.size(), kScatterReductionOpset, guarded.opset_after,
             guarded.repaired.front());
}

const Ort::MemoryInfo& host_memory() {
  static const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeDefault);
  return memory;
}

template <typename T>
Ort::Value wrap(const T* data, const std::vector<std::int64_t>& shape) {
  auto count = std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
  // ONNX Runtime only reads input tensors; the const_cast is what its C API asks for.
  return Ort::Value::CreateTensor<T>(host_memory(), const_cast<T*>(data), static_cast<std::size_t>(count),
                                     shape.data(), shape.size());
}

}  // namespace

OnnxSession::OnnxSession(const ModelSpec& spec) : spec_(spec) {
  auto& env = environment();
  check_supported(spec);
  const GuardedModel guarded = guard_scatter_reductions(read_model_file(spec.file), spec.file.string());
  if (guarded.rewritten()) report_repair(spec.file, guarded);
  try {
    Ort::SessionOptions options;
    options.DisablePerSessionThreads();  // the environment's shared pool runs every session
    options.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
    if (guarded.rewritten()) {
      // A model read from memory finds its external data files (if any) where the file lies.
      options.AddConfigEntry(kOrtSessionOptionsModelExternalInitializersFileFolderPath,
                             spec.file.parent_path().string().c_str());
      session_ = std::make_unique<Ort::Session>(env, guarded.bytes.data(), guarded.bytes.size(), options);
    } else {
      session_ = std::make_unique<Ort::Session>(env, spec.file.c_str(), options);
    }
    signature_ = ModelSignature::read(*session_);
  } catch (const Ort::Exception& exception) {
    throw ModelError("cannot load ONNX model " + spec.file.string() + ": " + exception.what());
  }
}

void OnnxSession::run(const std::vector<const char*>& input_names, const std::vector<Ort::Value>& inputs,
                      const std::vector<const char*>& output_names, std::vector<Ort::Value>& outputs) const {
  try {
    session_->Run(Ort::RunOptions{nullptr}, input_names.data(), inputs.data(), inputs.size(), output_names.data(),
                  outputs.data(), outputs.size());
  } catch (const Ort::Exception& exception) {
    throw error(std::string("run failed: ") + exception.what());
  }
}

std::vector<Ort::Value> OnnxSession::run(const std::vector<const char*>& input_names,
                                         const std::vector<Ort::Value>& inputs,
                                         const std::vector<const char*>& output_names) const {
  try {
    return session_->Run(Ort::RunOptions{nullptr}, input_names.data(), inputs.data(), inputs.size(),
                         output_names.data(), output_names.size());
  } catch (const Ort::Exception& exception) {
    throw error(std::string("run failed: ") + exception.what());
  }
}

ModelError OnnxSession::error(const std::string& what) const {
  return ModelError("ONNX model " + spec_.file.string() + " " + signature_.str() + ": " + what);
}

Ort::Value wrap_host_tensor(const float* data, const std::vector<std::int64_t>& shape) { return wrap(data, shape); }
Ort::Value wrap_host_tensor(const std::int64_t* data, const std::vector<std::int64_t>& shape) {
  return wrap(data, shape);
}

}  // namespace trackgnn::onnx_backend
