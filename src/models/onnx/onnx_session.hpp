#pragma once
// One ONNX Runtime session per model file, on the process's shared environment. Session::Run is
// thread-safe, so one OnnxSession serves every event at once. Inputs and outputs are tensors
// wrapping the caller's buffers: nothing is copied on the way in or out.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/onnx/onnx_api.hpp"
#include "models/onnx/onnx_signature.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn::onnx_backend {

class OnnxSession {
 public:
  // Throws std::invalid_argument for a device or precision this backend cannot run, ModelError
  // for a file ONNX Runtime cannot load.
  explicit OnnxSession(const ModelSpec& spec);

  const ModelSpec& spec() const { return spec_; }
  const ModelSignature& signature() const { return signature_; }

  // Runs the model writing into `outputs`, tensors the caller created over its own buffers.
  void run(const std::vector<const char*>& input_names, const std::vector<Ort::Value>& inputs,
           const std::vector<const char*>& output_names, std::vector<Ort::Value>& outputs) const;
  // Runs the model with outputs that ONNX Runtime allocates (load-time probes only).
  std::vector<Ort::Value> run(const std::vector<const char*>& input_names, const std::vector<Ort::Value>& inputs,
                              const std::vector<const char*>& output_names) const;

  // A ModelError that names the model file and its signature.
  ModelError error(const std::string& what) const;

 private:
  ModelSpec spec_;
  std::unique_ptr<Ort::Session> session_;
  ModelSignature signature_;
};

// Tensors over host buffers that the caller keeps alive for the duration of the run.
Ort::Value wrap_host_tensor(const float* data, const std::vector<std::int64_t>& shape);
Ort::Value wrap_host_tensor(const std::int64_t* data, const std::vector<std::int64_t>& shape);

}  // namespace trackgnn::onnx_backend
