#pragma once
// Do the model backends of this build compute the same thing from a model card's files? Each
// model of the card (embedding, filter, GNN) runs in every backend that loads it, on one synthetic
// event: random spacepoints and a graph in which a few spacepoints receive and send many edges,
// where a scatter-add exported without its sum (or any other wrong export) gives other numbers.
// Each backend's output is compared with the reference backend's. On the CPU in float32, whatever
// the card's device and precision: the comparison is of the files, not of reduced precision.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trackgnn/models/model_card.hpp"

namespace trackgnn {

// The largest |difference| from the reference that still counts as agreement: float32 forward
// passes of the same weights, summed in other orders, differ by up to ~5e-5 on the shipped GNN's
// logits (hubs of 64 edges); a message lost by a scatter without its sum moves logits by 0.1 and more.
inline constexpr float kModelCheckTolerance = 1e-4f;
// The backend that runs the exported TorchScript as PyTorch does.
inline constexpr const char* kModelCheckReference = "torchscript";

struct ModelCheckOptions {
  float tolerance = kModelCheckTolerance;
  // When the reference cannot load a model, the first backend (by name) that can is the reference.
  std::string reference_backend = kModelCheckReference;
};

enum class ModelCheckResult {
  reference,  // the outputs the others are compared with
  pass,       // within the tolerance of the reference
  fail,       // further, not finite, failed to run, or no backend could load the model
  refused,    // the backend would not load the model (the message says why): it cannot answer wrongly
};
std::string to_string(ModelCheckResult result);

struct ModelCheckRow {
  std::string model;  // "embedding", "filter" or "gnn"
  std::string backend;
  ModelCheckResult result = ModelCheckResult::fail;
  float max_abs_difference = 0;  // from the reference's output (infinite where not finite)
  std::string message;           // why it was refused or failed; empty otherwise
};

struct ModelCheckReport {
  std::filesystem::path directory;
  std::string card_name;
  float tolerance = kModelCheckTolerance;
  std::int64_t spacepoints = 0;
  std::int64_t edges = 0;
  std::vector<ModelCheckRow> rows;

  bool passed() const;  // no row failed
  // One line saying what was checked, then a table: model, backend, largest |difference| from the
  // reference, tolerance, result.
  std::string table() const;
};

// Loads and runs every model of `card` in every backend of model_backends().
ModelCheckReport check_models(const ModelCard& card, const ModelCheckOptions& options = {});

// The largest |a[i] - b[i]|; infinity where a value is not finite or the sizes differ.
float max_abs_difference(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace trackgnn
