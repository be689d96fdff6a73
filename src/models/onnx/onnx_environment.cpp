#include "models/onnx/onnx_environment.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "trackgnn/core/errors.hpp"

namespace trackgnn::onnx_backend {
namespace {

constexpr const char* kThreadsVariable = "OMP_NUM_THREADS";
constexpr const char* kLogIdentifier = "trackgnn";
// ONNX Runtime's own choice: one thread per physical core.
constexpr int kOnnxRuntimeDefaultThreads = 0;
// Anything larger is a typo, not a machine.
constexpr long kMostThreads = 4096;

int threads_from_environment() {
  const char* text = std::getenv(kThreadsVariable);
  if (text == nullptr || *text == '\0') return kOnnxRuntimeDefaultThreads;
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < 1 || value > kMostThreads)
    throw std::invalid_argument(std::string(kThreadsVariable) + "='" + text + "' is not a thread count");
  return static_cast<int>(value);
}

void bind_api() {
  const OrtApi* api = OrtGetApiBase()->GetApi(ORT_API_VERSION);
  if (api == nullptr)
    throw ModelError(std::string("the ONNX Runtime library (version ") + OrtGetApiBase()->GetVersionString() +
                     ") does not provide C API version " + std::to_string(ORT_API_VERSION) +
                     " that trackgnn was compiled against; install a newer libonnxruntime");
  Ort::InitApi(api);
}

Ort::Env create_environment() {
  bind_api();
  try {
    Ort::ThreadingOptions threading;
    threading.SetGlobalIntraOpNumThreads(intra_op_threads());
    // One thread per event runs the models; the pool's workers serve whichever session calls.
    threading.SetGlobalInterOpNumThreads(1);
    // Idle workers sleep instead of spinning: with many events in flight a spinning pool
    // competes with the events' own threads for the cores.
    threading.SetGlobalSpinControl(0);
    return Ort::Env(threading, ORT_LOGGING_LEVEL_WARNING, kLogIdentifier);
  } catch (const Ort::Exception& error) {
    throw ModelError(std::string("cannot start ONNX Runtime: ") + error.what());
  }
}

}  // namespace

int intra_op_threads() {
  static const int threads = threads_from_environment();
  return threads;
}

Ort::Env& environment() {
  static Ort::Env env = create_environment();
  return env;
}

}  // namespace trackgnn::onnx_backend
