#pragma once
// The stages of one event, in pipeline order: the one vocabulary of the timing table, the JSON
// files and the metrics. Each has a title (the timing table's row, named as in "Accelerating the
// Inference of the Exa.TrkX Pipeline", Lazar et al., so the two compare row by row) and a key
// (the JSON's and the file names' spelling).
#include <array>
#include <optional>
#include <string>

namespace trackgnn {

enum class Stage {
  reading,       // the event's files, read ahead of the pipeline by the event runner
  data_loading,  // node features computed and copied to the event's device
  embedding,
  build_edges,
  filtering,
  gnn,
  labeling,
};

inline constexpr std::array<Stage, 7> kStages{Stage::reading,   Stage::data_loading, Stage::embedding, Stage::build_edges,
                                              Stage::filtering, Stage::gnn,          Stage::labeling};

// The stages after which the pipeline can hand over the graph's edges (for metrics and files).
inline constexpr std::array<Stage, 3> kGraphStages{Stage::build_edges, Stage::filtering, Stage::gnn};

std::string stage_title(Stage stage);  // "Data loading", "Build edges", ...
std::string stage_key(Stage stage);    // "data_loading", "build_edges", ...
// The stage whose key is `key`; nullopt for none.
std::optional<Stage> stage_from_key(const std::string& key);

}  // namespace trackgnn
