#include "trackgnn/models/model_card.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/sha256.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/simulation/detector.hpp"

namespace trackgnn {

namespace {

using json = nlohmann::json;

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Sections whose every key the loader reads refuse the others: a misspelt "output" would
// otherwise leave probabilities treated as logits, a wrong result without an error.
void reject_unknown_keys(const json& object, const std::vector<std::string>& known, const std::string& where) {
  if (!object.is_object()) throw std::invalid_argument(where + ": must be a JSON object");
  for (const auto& item : object.items())
    if (std::find(known.begin(), known.end(), item.key()) == known.end())
      throw std::invalid_argument(where + ": unknown key '" + item.key() + "' (known: " + joined(known) + ")");
}

// Reads a required key with a clear message naming the card and the key.
template <typename T>
T required(const json& object, const std::string& key, const std::string& where) {
  if (!object.contains(key)) throw std::invalid_argument(where + ": missing key '" + key + "'");
  try {
    return object.at(key).get<T>();
  } catch (const json::exception& error) {
    throw std::invalid_argument(where + ": key '" + key + "' has the wrong type (" + error.what() + ")");
  }
}

template <typename T>
T optional(const json& object, const std::string& key, T fallback, const std::string& where) {
  return object.contains(key) ? required<T>(object, key, where) : fallback;
}

ModelFiles read_files(const json& section, const std::string& where) {
  ModelFiles files;
  files.torchscript = optional<std::string>(section, "torchscript", "", where);
  files.onnx = optional<std::string>(section, "onnx", "", where);
  if (files.torchscript.empty() && files.onnx.empty())
    throw std::invalid_argument(where + ": names no model file (keys 'torchscript' / 'onnx')");
  return files;
}

FeatureSpec read_feature(const json& feature, const std::string& where) {
  reject_unknown_keys(feature, {"name", "scale", "offset"}, where);
  FeatureSpec spec{required<std::string>(feature, "name", where), required<float>(feature, "scale", where),
                   optional<float>(feature, "offset", 0.0f, where)};
  try {
    known_feature(spec.name);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(where + ": " + error.what());
  }
  if (!(spec.scale > 0.0f) || !std::isfinite(spec.scale))
    throw std::invalid_argument(where + ": feature '" + spec.name + "' needs a finite scale > 0");
  if (!std::isfinite(spec.offset)) throw std::invalid_argument(where + ": feature '" + spec.name + "' needs a finite offset");
  return spec;
}

EdgeClassifierCard read_edge_classifier(const json& card, const std::string& key, const std::string& where,
                                        bool default_prune) {
  const std::string section_name = where + " [" + key + "]";
  const json& section = required<json>(card, key, where);
  reject_unknown_keys(section, {"torchscript", "onnx", "cut", "prune", "edge_chunk_size", "graph", "output"},
                      section_name);
  EdgeClassifierCard result;
  result.files = read_files(section, section_name);
  result.cut = required<float>(section, "cut", section_name);
  result.prune = optional<bool>(section, "prune", default_prune, section_name);
  result.edge_chunk_size = optional<std::int64_t>(section, "edge_chunk_size", 0, section_name);
  try {
    result.graph = parse_edge_graph(optional<std::string>(section, "graph", to_string(result.graph), section_name));
    result.output = parse_edge_output(optional<std::string>(section, "output", to_string(result.output), section_name));
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(section_name + ": " + error.what());
  }
  if (!(result.cut >= 0.0f && result.cut <= 1.0f)) throw std::invalid_argument(section_name + ": cut must be in [0, 1]");
  if (result.edge_chunk_size < 0) throw std::invalid_argument(section_name + ": edge_chunk_size must be >= 0");
  return result;
}

}  // namespace

const std::vector<KnownFeature>& known_features() {
  static const std::vector<KnownFeature> features{
      {"r", "transverse radius sqrt(x^2 + y^2), mm"},
      {"phi", "azimuth atan2(y, x), rad in (-pi, pi]"},
      {"z", "z, mm"},
      {"x", "x, mm"},
      {"y", "y, mm"},
      {"eta", "pseudorapidity of the hit seen from the origin"},
      {"cell_count", "number of cells in the hit's cluster", FeatureSource::cells},
      {"cell_value", "summed charge of the cluster's cells", FeatureSource::cells},
      {"lx", "cluster extent across the module: channels spanned (ch0) x pitch_u, mm", FeatureSource::cluster_shape},
      {"ly", "cluster extent along the module: channels spanned (ch1) x pitch_v, mm", FeatureSource::cluster_shape},
      {"lz", "cluster depth: 2 x the module's module_t, mm", FeatureSource::cluster_shape},
      {"leta", "pseudorapidity of (lx, ly, lz) in the module's frame", FeatureSource::cluster_shape},
      {"lphi", "azimuth of (lx, ly, lz) in the module's frame, rad", FeatureSource::cluster_shape},
      {"geta", "pseudorapidity of (lx, ly, lz) rotated to global coordinates", FeatureSource::cluster_shape},
      {"gphi", "azimuth of (lx, ly, lz) rotated to global coordinates, rad", FeatureSource::cluster_shape},
  };
  return features;
}

const KnownFeature& known_feature(const std::string& name) {
  const auto& known = known_features();
  const auto found =
      std::find_if(known.begin(), known.end(), [&](const KnownFeature& feature) { return feature.name == name; });
  if (found != known.end()) return *found;
  std::vector<std::string> names;
  for (const auto& feature : known) names.push_back(feature.name);
  throw std::invalid_argument("unknown feature '" + name + "' (known: " + joined(names) + ")");
}

bool needs_cluster_shapes(const std::vector<FeatureSpec>& features) {
  return std::any_of(features.begin(), features.end(), [](const FeatureSpec& feature) {
    return known_feature(feature.name).source == FeatureSource::cluster_shape;
  });
}

EdgeGraph parse_edge_graph(const std::string& text) {
  if (text == "directed") return EdgeGraph::directed;
  if (text == "doubled") return EdgeGraph::doubled;
  throw std::invalid_argument("unknown graph '" + text + "' (expected directed or doubled)");
}

std::string to_string(EdgeGraph graph) { return graph == EdgeGraph::doubled ? "doubled" : "directed"; }

EdgeOutput parse_edge_output(const std::string& text) {
  if (text == "logits") return EdgeOutput::logits;
  if (text == "probabilities") return EdgeOutput::probabilities;
  throw std::invalid_argument("unknown output '" + text + "' (expected logits or probabilities)");
}

std::string to_string(EdgeOutput output) { return output == EdgeOutput::probabilities ? "probabilities" : "logits"; }

std::filesystem::path ModelCard::verified_file(const std::string& name) const {
  const auto path = directory / name;
  if (!std::filesystem::exists(path)) throw ModelError("model file missing: " + path.string());
  if (!sha256.empty()) {
    const auto expected = sha256.find(name);
    if (expected == sha256.end())
      throw ModelError("model card " + (directory / "card.json").string() + " records no checksum for " + name);
    if (sha256_file_hex(path) != expected->second)
      throw ModelError("model file " + path.string() +
                       " does not match the SHA-256 its card records (damaged, or replaced by another file)");
  }
  return path;
}

std::filesystem::path ModelCard::model_file(const ModelFiles& files, const std::string& backend) const {
  // The native backend runs the weights of the TorchScript files with its own kernels.
  const bool onnx = backend == "onnx";
  if (!onnx && backend != "torchscript" && backend != "native")
    throw std::invalid_argument("unknown model backend '" + backend + "' (expected torchscript, native or onnx)");
  const std::string& name = onnx ? files.onnx : files.torchscript;
  if (name.empty()) throw ModelError("model card " + (directory / "card.json").string() + " ships no " + backend + " file for a stage");
  return verified_file(name);
}

std::filesystem::path ModelCard::detector_file() const {
  return detector.empty() ? simulation::default_detector_file() : verified_file(detector);
}

ModelCard ModelCard::load(const std::filesystem::path& directory) {
  const auto path = directory / "card.json";
  const std::string where = path.string();
  std::ifstream stream(path);
  if (!stream) throw InputError(where, 0, "cannot open the model card (is '" + directory.string() + "' a model directory?)");
  json card;
  try {
    card = json::parse(stream);
  } catch (const json::exception& error) {  // a syntax error, or a number JSON cannot hold (1e4000)
    throw InputError(where, 0, std::string("malformed JSON: ") + error.what());
  }
  if (!card.is_object()) throw InputError(where, 0, "the card must be a JSON object");

  ModelCard result;
  result.directory = directory;
  result.name = required<std::string>(card, "name", where);
  result.description = optional<std::string>(card, "description", "", where);
  result.backend = optional<std::string>(card, "backend", "torchscript", where);
  result.radius_search = optional<std::string>(card, "radius_search", "grid", where);
  result.precision = parse_precision(optional<std::string>(card, "precision", "fp32", where));
  result.sha256 = optional<std::map<std::string, std::string>>(card, "sha256", {}, where);
  result.detector = optional<std::string>(card, "detector", "", where);
  if (result.sha256.empty())
    fmt::print(stderr, "trackgnn: warning: {} records no checksums (\"sha256\"): its model files load unverified\n",
               where);

  const json& features = required<json>(card, "features", where);
  if (!features.is_array()) throw std::invalid_argument(where + ": 'features' must be a list");
  for (const auto& feature : features) result.features.push_back(read_feature(feature, where + " [features]"));
  if (result.features.empty()) throw std::invalid_argument(where + ": 'features' is empty");

  const std::string embedding_where = where + " [embedding]";
  const json& embedding = required<json>(card, "embedding", where);
  reject_unknown_keys(embedding, {"torchscript", "onnx", "output_dim", "radius", "max_neighbours"}, embedding_where);
  result.embedding.files = read_files(embedding, embedding_where);
  result.embedding.output_dim = required<std::int64_t>(embedding, "output_dim", embedding_where);
  result.embedding.radius = required<float>(embedding, "radius", embedding_where);
  result.embedding.max_neighbours = required<std::int64_t>(embedding, "max_neighbours", embedding_where);
  if (result.embedding.output_dim <= 0) throw std::invalid_argument(embedding_where + ": output_dim must be > 0");
  if (!(result.embedding.radius > 0.0f)) throw std::invalid_argument(embedding_where + ": radius must be > 0");
  if (result.embedding.max_neighbours <= 0) throw std::invalid_argument(embedding_where + ": max_neighbours must be > 0");

  result.filter = read_edge_classifier(card, "filter", where, true);
  result.gnn = read_edge_classifier(card, "gnn", where, false);

  const std::string tracks_where = where + " [track_building]";
  const json& tracks = required<json>(card, "track_building", where);
  result.track_building.builder = tracks.value("builder", result.track_building.builder);
  result.track_building.score_cut = required<float>(tracks, "score_cut", tracks_where);
  result.track_building.min_track_size = required<std::int64_t>(tracks, "min_track_size", tracks_where);
  if (result.track_building.min_track_size < 1) throw std::invalid_argument(tracks_where + ": min_track_size must be >= 1");
  return result;
}

std::filesystem::path default_model_directory() {
  if (const char* from_environment = std::getenv("TRACKGNN_MODEL_DIR")) return from_environment;
  // A build tree prefers its own sources (they may be newer than an install); an installed
  // library whose source tree is gone falls back to the installed copy.
  if (std::filesystem::exists(std::filesystem::path(TRACKGNN_SOURCE_MODEL_DIR) / "card.json"))
    return TRACKGNN_SOURCE_MODEL_DIR;
  return TRACKGNN_INSTALL_MODEL_DIR;
}

}  // namespace trackgnn
