#include "models_describe.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "trackgnn/core/errors.hpp"

namespace trackgnn::cli {
namespace {

std::string source_note(FeatureSource source) {
  switch (source) {
    case FeatureSource::cells: return " (from -cells.csv)";
    case FeatureSource::cluster_shape: return " (from -cells.csv and the detector's modules)";
    case FeatureSource::hit: break;
  }
  return "";
}

std::string describe_edge_classifier(const std::string& stage, const EdgeClassifierCard& card) {
  const std::string graph = card.graph == EdgeGraph::doubled
                                ? "doubled (each edge in both directions, [2, 2E]; an edge's score is the mean of the "
                                  "model's two outputs)"
                                : "directed (each edge once, inner hit -> outer hit, [2, E])";
  const std::string output = card.output == EdgeOutput::probabilities
                                 ? "probabilities (taken as they are, checked to lie in [0, 1])"
                                 : "logits (the pipeline applies the sigmoid)";
  std::string text = fmt::format("{}:\n  graph   {}\n  output  {}\n  cut     {} on the probability, {}\n", stage, graph,
                                 output, card.cut,
                                 card.prune ? "edges under it dropped before the next stage" : "edges kept");
  if (card.edge_chunk_size > 0) text += fmt::format("  chunks  at most {} edges per model call\n", card.edge_chunk_size);
  return text;
}

struct FileRow {
  std::string stage, kind, name;
};

// Whether the file matches the checksum the card records for it, as loading it would find.
std::string file_status(const ModelCard& card, const std::string& name) {
  try {
    card.verified_file(name);
    return card.sha256.empty() ? "present, unverified (the card records no checksums)" : "matches";
  } catch (const ModelError& error) {
    return std::string("PROBLEM: ") + error.what();
  }
}

}  // namespace

std::string describe_card(const ModelCard& card) {
  std::string text = fmt::format("model card '{}' ({})\n", card.name, (card.directory / "card.json").string());
  if (!card.description.empty()) text += fmt::format("  {}\n", card.description);
  text += fmt::format("backend {}, radius search {}, precision {}\n\n", card.backend, card.radius_search,
                      to_string(card.precision));

  text += fmt::format("node features, in the model's column order: the model sees (value - offset) / scale\n");
  text += fmt::format("  {:>3}  {:<12} {:>12} {:>12}  {}\n", "#", "name", "offset", "scale", "value");
  bool needs_cells = false;
  for (std::size_t i = 0; i < card.features.size(); ++i) {
    const FeatureSpec& feature = card.features[i];
    const KnownFeature& known = known_feature(feature.name);
    needs_cells = needs_cells || known.source != FeatureSource::hit;
    text += fmt::format("  {:>3}  {:<12} {:>12} {:>12}  {}{}\n", i, feature.name, feature.offset, feature.scale,
                        known.meaning, source_note(known.source));
  }
  if (needs_cells) text += "  events need their -cells.csv (or cells in the .tgnevent file)\n";
  if (needs_cluster_shapes(card.features)) {
    std::string status;
    try {
      status = card.detector_file().string();
    } catch (const ModelError& error) {
      status = std::string("PROBLEM: ") + error.what();
    }
    text += fmt::format("  detector modules (pitches, module_t, rotations) from {}: {}\n",
                        card.detector.empty() ? "the TrackML detectors.csv shipped with trackgnn" : card.detector,
                        status);
  }

  text += fmt::format("\nembedding:\n  output  [N, {}]\n  radius  {} in embedding space, at most k = {} neighbours per "
                      "spacepoint\n",
                      card.embedding.output_dim, card.embedding.radius, card.embedding.max_neighbours);
  text += describe_edge_classifier("filter", card.filter);
  text += describe_edge_classifier("gnn", card.gnn);
  text += fmt::format("track building:\n  {} on GNN scores >= {}, candidates of at least {} hits\n",
                      card.track_building.builder, card.track_building.score_cut, card.track_building.min_track_size);

  std::vector<FileRow> rows;
  const std::pair<const char*, const ModelFiles*> stages[] = {
      {"embedding", &card.embedding.files}, {"filter", &card.filter.files}, {"gnn", &card.gnn.files}};
  for (const auto& [stage, files] : stages) {
    if (!files->torchscript.empty()) rows.push_back({stage, "torchscript", files->torchscript});
    if (!files->onnx.empty()) rows.push_back({stage, "onnx", files->onnx});
  }
  if (!card.detector.empty()) rows.push_back({"features", "detector", card.detector});
  text += "\nfiles (torchscript files also serve the native backend):\n";
  text += fmt::format("  {:<10} {:<12} {:<20} {:<64}  {}\n", "stage", "kind", "file", "sha256 (card)", "on disk");
  for (const FileRow& row : rows) {
    const auto recorded = card.sha256.find(row.name);
    text += fmt::format("  {:<10} {:<12} {:<20} {:<64}  {}\n", row.stage, row.kind, row.name,
                        recorded == card.sha256.end() ? "(none)" : recorded->second, file_status(card, row.name));
  }
  return text;
}

}  // namespace trackgnn::cli
