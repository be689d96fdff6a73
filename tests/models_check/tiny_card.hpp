#pragma once
// The tiny fixture card (tests/models_onnx/make_gnn_fixtures.py: untrained networks of the shipped
// architectures) and copies of it whose GNN ONNX file is another one, its checksum recorded in the
// copy's card as an export would have written it.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/sha256.hpp"

namespace trackgnn::testing {

inline std::filesystem::path onnx_fixtures() {
  return std::filesystem::path(TRACKGNN_SOURCE_DIR) / "tests" / "models_onnx" / "fixtures";
}

inline std::filesystem::path tiny_card() { return onnx_fixtures() / "tiny_models"; }

// `gnn_onnx`: a file under tests/models_onnx/fixtures, e.g. "tiny_models/gnn_stale.onnx".
inline std::filesystem::path tiny_card_with_gnn_onnx(const std::filesystem::path& scratch,
                                                     const std::string& gnn_onnx) {
  namespace fs = std::filesystem;
  const fs::path card = scratch / "card";
  fs::copy(tiny_card(), card, fs::copy_options::recursive);
  fs::copy_file(onnx_fixtures() / gnn_onnx, card / "gnn.onnx", fs::copy_options::overwrite_existing);
  nlohmann::json json;
  std::ifstream(card / "card.json") >> json;
  json["sha256"]["gnn.onnx"] = sha256_file_hex(card / "gnn.onnx");
  std::ofstream(card / "card.json") << json.dump(2);
  return card;
}

}  // namespace trackgnn::testing
