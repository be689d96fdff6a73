#pragma once
// Shared by the ONNX backend tests: the backend when built in, and the committed fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn::testing {

inline bool onnx_backend_built() {
  auto names = ModelBackendRegistry::instance().names();
  return std::find(names.begin(), names.end(), "onnx") != names.end();
}

#define TRACKGNN_SKIP_WITHOUT_ONNX()                                                                 \
  if (!::trackgnn::testing::onnx_backend_built())                                                    \
  GTEST_SKIP() << "trackgnn was built without ONNX Runtime (run scripts/fetch-onnxruntime.sh and " \
                  "reconfigure with -DTRACKGNN_ONNX=ON)"

inline std::filesystem::path onnx_fixture(const std::string& name) {
  return std::filesystem::path(TRACKGNN_SOURCE_DIR) / "tests" / "models_onnx" / "fixtures" / name;
}

inline ModelSpec fixture_spec(const std::string& name, std::int64_t num_features) {
  ModelSpec spec;
  spec.file = onnx_fixture(name);
  spec.num_features = num_features;
  return spec;
}

}  // namespace trackgnn::testing
