#pragma once
// The JSON model card (card.json) that travels with a model directory. Everything the pipeline
// needs to run the models comes from here: features and scales, radius, k, cuts, precision.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace trackgnn {

enum class Precision { fp32, fp16, bf16 };
Precision parse_precision(const std::string& text);  // "fp32" | "fp16" | "bf16"
std::string to_string(Precision precision);

struct FeatureSpec {
  std::string name;   // one of: r, phi, z, x, y, eta, cell_count, cell_value
  float scale = 1.0;  // the model sees value / scale
};

struct ModelFiles {
  std::string torchscript;  // file name inside the model directory; empty when not shipped
  std::string onnx;
};

struct EmbeddingCard {
  ModelFiles files;
  std::int64_t output_dim = 0;
  float radius = 0;              // in embedding space
  std::int64_t max_neighbours = 0;  // k: nearest neighbours kept per spacepoint
};

struct EdgeClassifierCard {
  ModelFiles files;
  float cut = 0.5;               // on sigmoid(logit)
  bool prune = true;             // drop the edges under the cut before the next stage
  std::int64_t edge_chunk_size = 0;  // score at most this many edges per model call (0: all at once)
};

struct TrackBuildingCard {
  std::string builder = "connected_components";  // a TrackBuilderRegistry name
  float score_cut = 0.5;
  std::int64_t min_track_size = 3;
};

struct ModelCard {
  std::filesystem::path directory;
  std::string name;
  std::string description;
  std::string backend = "torchscript";   // default model backend
  std::string radius_search = "grid";    // default radius-search method
  Precision precision = Precision::fp32;
  std::vector<FeatureSpec> features;
  EmbeddingCard embedding;
  EdgeClassifierCard filter;
  EdgeClassifierCard gnn;
  TrackBuildingCard track_building;
  // The card's "sha256": model file name -> SHA-256 (hex) written at export. Empty when the card
  // records none; then the files load unverified, with a warning.
  std::map<std::string, std::string> sha256;

  std::int64_t num_features() const { return static_cast<std::int64_t>(features.size()); }
  // Full path of a stage's model file for `backend`; throws ModelError if the card ships none, or
  // if the file does not match the checksum the card records for it (damaged or replaced).
  std::filesystem::path model_file(const ModelFiles& files, const std::string& backend) const;

  // Reads and validates <directory>/card.json. Throws InputError for unreadable or malformed
  // JSON and std::invalid_argument for values out of range or unknown feature names.
  static ModelCard load(const std::filesystem::path& directory);
};

// The model directory used when none is given: $TRACKGNN_MODEL_DIR, else the source tree's
// models/default (a build tree prefers its own sources), else the installed copy.
std::filesystem::path default_model_directory();

}  // namespace trackgnn
