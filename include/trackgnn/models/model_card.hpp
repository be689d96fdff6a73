#pragma once
// The JSON model card (card.json) that travels with a model directory. Everything the pipeline
// needs to run the models comes from here: features and scales, radius, k, cuts, precision.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trackgnn/core/precision.hpp"

namespace trackgnn {

struct FeatureSpec {
  std::string name;   // one of known_features()
  float scale = 1.0;  // the model sees (value - offset) / scale
  float offset = 0.0;
};

// Where a node feature comes from: the hit alone, its cells (-cells.csv), or its cells and its
// module's geometry (detectors.csv; trackgnn/graph/cluster_shape.hpp).
enum class FeatureSource { hit, cells, cluster_shape };

// A node feature a card may name, and what it is (units before offset and scale).
struct KnownFeature {
  std::string name;
  std::string meaning;
  FeatureSource source = FeatureSource::hit;
};
const std::vector<KnownFeature>& known_features();
// The known feature of that name; std::invalid_argument listing the known names otherwise.
const KnownFeature& known_feature(const std::string& name);
// Whether any of `features` is a cluster-shape feature (needs cells and the detector's modules).
bool needs_cluster_shapes(const std::vector<FeatureSpec>& features);

// How an edge classifier wants its graph. `doubled`: every edge twice, the E edges as built and
// then the same E reversed ([2, 2E], as acorn's `undirected` and ACTS' `undirected` build it);
// the model returns one value per directed edge and an edge's score is the mean of its two.
enum class EdgeGraph { directed, doubled };
EdgeGraph parse_edge_graph(const std::string& text);  // "directed" | "doubled"
std::string to_string(EdgeGraph graph);

// What an edge classifier returns: logits (the pipeline applies the sigmoid) or probabilities
// already in [0, 1] (taken as they are).
enum class EdgeOutput { logits, probabilities };
EdgeOutput parse_edge_output(const std::string& text);  // "logits" | "probabilities"
std::string to_string(EdgeOutput output);

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
  float cut = 0.5;               // on the probability
  bool prune = true;             // drop the edges under the cut before the next stage
  std::int64_t edge_chunk_size = 0;  // score at most this many edges per model call (0: all at once)
  EdgeGraph graph = EdgeGraph::directed;
  EdgeOutput output = EdgeOutput::logits;
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
  // The card's "detector": a TrackML detectors.csv in the directory, the modules that
  // cluster-shape features are computed on; empty: the TrackML detector shipped with trackgnn.
  std::string detector;
  // The card's "sha256": model file name -> SHA-256 (hex) written at export. Empty when the card
  // records none; then the files load unverified, with a warning.
  std::map<std::string, std::string> sha256;

  std::int64_t num_features() const { return static_cast<std::int64_t>(features.size()); }
  // Full path of a stage's model file for `backend`; throws ModelError if the card ships none, or
  // if the file does not match the checksum the card records for it (damaged or replaced).
  std::filesystem::path model_file(const ModelFiles& files, const std::string& backend) const;

  // The detector description cluster-shape features use: the card's file (checked against its
  // recorded checksum like a model file), or the shipped TrackML detectors.csv.
  std::filesystem::path detector_file() const;

  // <directory>/name, checked against the checksum the card records for it (ModelError when it
  // is missing, unrecorded or different).
  std::filesystem::path verified_file(const std::string& name) const;

  // Reads and validates <directory>/card.json. Throws InputError for unreadable or malformed
  // JSON and std::invalid_argument for values out of range or unknown feature names.
  static ModelCard load(const std::filesystem::path& directory);
};

// The model directory used when none is given: $TRACKGNN_MODEL_DIR, else the source tree's
// models/default (a build tree prefers its own sources), else the installed copy.
std::filesystem::path default_model_directory();

}  // namespace trackgnn
