#include "trackgnn/pipeline/model_check.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include "trackgnn/event/cells.hpp"
#include "trackgnn/event/spacepoints.hpp"
#include "trackgnn/graph/cluster_shape.hpp"
#include "trackgnn/graph/node_features.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {
namespace {

// The synthetic event looks, locally, like what the filter and the GNN are given: spacepoints on
// straight tracks from the beam line, one on each barrel layer, joined layer to layer; and around a
// few of them (the hubs) many spacepoints on the neighbouring layers, each joined to the hub, so that
// many edges enter and leave one spacepoint, where a scatter-add exported without its sum differs.
// Edges join nearby spacepoints only: the logits stay in the range real candidate edges give (far
// apart ones drive the filter to logits of thousands, where float32 rounding alone exceeds the
// tolerance).
constexpr float kLayerRadii[] = {32.0f, 72.0f, 116.0f, 172.0f, 260.0f, 360.0f, 500.0f, 660.0f, 820.0f, 1020.0f};  // mm
constexpr std::size_t kLayers = std::size(kLayerRadii);
constexpr std::int64_t kTracks = 60;
constexpr float kMaxCotTheta = 2.0f;    // |eta| up to 1.4: the barrel
constexpr float kHitPhiJitter = 1e-3f;  // rad
constexpr float kHitZJitter = 1.0f;     // mm
constexpr std::int64_t kHubs = 8;       // the first tracks' spacepoints on kHubLayer
constexpr std::size_t kHubLayer = kLayers / 2;
constexpr std::int64_t kEdgesPerHub = 64;  // into each hub, and as many out of it
constexpr float kHubPhiWindow = 0.02f;     // rad: where a hub's neighbours lie around its track
constexpr float kHubZWindow = 20.0f;       // mm
constexpr std::uint64_t kSeed = 20261203;
// Cluster cell counts and charges, for cards whose models read them.
constexpr float kMinCells = 1.0f;
constexpr float kMaxCells = 12.0f;
constexpr float kMinCharge = 0.05f;
constexpr float kMaxCharge = 2.0f;
// Clusters for cards with cluster-shape features: every spacepoint on one pixel module of the
// TrackML detector's pitches and thickness, its cluster spanning up to this many channels each way.
constexpr std::int32_t kMaxChannelsSpanned = 6;
constexpr double kPixelPitchU = 0.05, kPixelPitchV = 0.05625, kPixelModuleT = 0.15;  // mm

struct SyntheticEvent {
  std::int64_t spacepoints = 0;
  std::vector<float> features;           // [N, F] as the card scales them
  std::vector<std::int64_t> edge_index;  // [2, E]
  std::int64_t num_edges() const { return static_cast<std::int64_t>(edge_index.size() / 2); }
};

class SyntheticEventBuilder {
 public:
  SyntheticEvent build(const ModelCard& card) {
    std::vector<std::int64_t> hubs;
    for (std::int64_t track = 0; track < kTracks; ++track) {
      const float phi = uniform(-static_cast<float>(M_PI), static_cast<float>(M_PI));
      const float cot_theta = uniform(-kMaxCotTheta, kMaxCotTheta);
      std::int64_t previous = -1;
      for (std::size_t layer = 0; layer < kLayers; ++layer) {
        const float radius = kLayerRadii[layer];
        const std::int64_t hit = add_spacepoint(radius, phi + uniform(-kHitPhiJitter, kHitPhiJitter),
                                                radius * cot_theta + uniform(-kHitZJitter, kHitZJitter));
        if (previous >= 0) add_edge(previous, hit);
        if (layer == kHubLayer && track < kHubs) hubs.push_back(hit);
        previous = hit;
      }
    }
    for (auto hub : hubs)
      for (std::int64_t edge = 0; edge < kEdgesPerHub; ++edge) {
        add_edge(neighbour_of(hub, kLayerRadii[kHubLayer - 1]), hub);
        add_edge(hub, neighbour_of(hub, kLayerRadii[kHubLayer + 1]));
      }
    SyntheticEvent event;
    event.spacepoints = static_cast<std::int64_t>(cylindrical_.size());
    event.features = features(card);
    event.edge_index = sources_;
    event.edge_index.insert(event.edge_index.end(), targets_.begin(), targets_.end());
    return event;
  }

 private:
  float uniform(float low, float high) { return std::uniform_real_distribution<float>(low, high)(random_); }

  std::int64_t add_spacepoint(float radius, float phi, float z) {
    cylindrical_.push_back({radius, phi, z});
    return static_cast<std::int64_t>(cylindrical_.size()) - 1;
  }

  // A new spacepoint at `radius` near the straight line from the beam line through `hub`.
  std::int64_t neighbour_of(std::int64_t hub, float radius) {
    const auto [hub_radius, hub_phi, hub_z] = cylindrical_[static_cast<std::size_t>(hub)];
    return add_spacepoint(radius, hub_phi + uniform(-kHubPhiWindow, kHubPhiWindow),
                          hub_z * radius / hub_radius + uniform(-kHubZWindow, kHubZWindow));
  }

  void add_edge(std::int64_t source, std::int64_t target) {
    sources_.push_back(source);
    targets_.push_back(target);
  }

  std::vector<float> features(const ModelCard& card) {
    Spacepoints spacepoints;
    for (std::size_t index = 0; index < cylindrical_.size(); ++index) {
      const auto [radius, phi, z] = cylindrical_[index];
      spacepoints.push_back(index + 1, radius * std::cos(phi), radius * std::sin(phi), z, 0, 0, 0);
      spacepoints.cell_count.push_back(std::round(uniform(kMinCells, kMaxCells)));
      spacepoints.cell_value.push_back(uniform(kMinCharge, kMaxCharge));
    }
    spacepoints.derive_cylindrical();
    std::vector<float> result, positions;
    if (!needs_cluster_shapes(card.features)) {
      build_node_features(spacepoints, card.features, result, positions);
      return result;
    }
    Cells cells;
    for (std::size_t index = 0; index < cylindrical_.size(); ++index)
      add_cluster_corners(static_cast<std::int32_t>(index), cells);
    DetectorModules modules;
    modules.add(0, 0, 0, {kPixelPitchU, kPixelPitchV, kPixelModuleT, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    const ClusterShapes shapes = cluster_shapes(spacepoints, cells, modules);
    build_node_features(spacepoints, card.features, result, positions, &shapes);
    return result;
  }

  // The two opposite corner cells of a cluster: all that its extent depends on.
  void add_cluster_corners(std::int32_t hit, Cells& cells) {
    const auto span = [&] { return std::uniform_int_distribution<std::int32_t>(1, kMaxChannelsSpanned)(random_); };
    const std::int32_t span_u = span(), span_v = span();
    for (const auto& [ch0, ch1] : {std::pair{0, 0}, std::pair{span_u - 1, span_v - 1}}) {
      cells.hit_index.push_back(hit);
      cells.ch0.push_back(ch0);
      cells.ch1.push_back(ch1);
      cells.value.push_back(uniform(kMinCharge, kMaxCharge));
    }
  }

  std::mt19937_64 random_{kSeed};
  std::vector<std::array<float, 3>> cylindrical_;  // r, phi, z of each spacepoint
  std::vector<std::int64_t> sources_, targets_;
};

struct CardModel {
  const char* name;
  const ModelFiles& files;
  bool per_spacepoint;  // the embedding (a NodeModel); the classifiers score edges
};

// One backend's attempt at one model.
struct Attempt {
  std::string backend;
  bool loaded = false;
  bool ran = false;
  std::vector<float> outputs;
  std::string message;  // why it did not load or did not run
};

ModelSpec spec_for(const ModelCard& card, const CardModel& model, const std::string& backend) {
  ModelSpec spec;
  spec.file = card.model_file(model.files, backend);
  spec.num_features = card.num_features();
  return spec;
}

std::vector<float> run_node_model(const NodeModel& network, const SyntheticEvent& event, std::int64_t num_features) {
  std::vector<float> outputs(static_cast<std::size_t>(event.spacepoints * network.output_dim()), NAN);
  network.forward(event.features.data(), event.spacepoints, num_features, outputs.data(), ExecutionContext{});
  return outputs;
}

std::vector<float> run_edge_model(const EdgeModel& network, const SyntheticEvent& event, std::int64_t num_features) {
  std::vector<float> outputs(static_cast<std::size_t>(event.num_edges()), NAN);
  network.forward(event.features.data(), event.spacepoints, num_features, event.edge_index.data(), event.num_edges(),
                  outputs.data(), ExecutionContext{});
  return outputs;
}

Attempt attempt(const ModelCard& card, const CardModel& model, const std::string& backend,
                const SyntheticEvent& event) {
  Attempt result;
  result.backend = backend;
  std::unique_ptr<NodeModel> node_model;
  std::unique_ptr<EdgeModel> edge_model;
  try {
    const ModelSpec spec = spec_for(card, model, backend);
    if (model.per_spacepoint)
      node_model = load_node_model(backend, spec);
    else
      edge_model = load_edge_model(backend, spec);
  } catch (const std::exception& error) {
    result.message = error.what();
    return result;
  }
  result.loaded = true;
  try {
    result.outputs = model.per_spacepoint ? run_node_model(*node_model, event, card.num_features())
                                          : run_edge_model(*edge_model, event, card.num_features());
    result.ran = true;
  } catch (const std::exception& error) {
    result.message = std::string("loaded, but failed to run: ") + error.what();
  }
  return result;
}

void compare(const std::string& model_name, std::vector<Attempt> attempts, const ModelCheckOptions& options,
             std::vector<ModelCheckRow>& rows) {
  auto reference = std::find_if(attempts.begin(), attempts.end(),
                                [&](const Attempt& a) { return a.ran && a.backend == options.reference_backend; });
  if (reference == attempts.end())
    reference = std::find_if(attempts.begin(), attempts.end(), [](const Attempt& a) { return a.ran; });
  if (reference == attempts.end()) {
    // Nothing ran: nothing was checked, which is a failure, not a pass.
    for (const auto& a : attempts)
      rows.push_back(
          {model_name, a.backend, ModelCheckResult::fail, std::numeric_limits<float>::infinity(), a.message});
    return;
  }
  std::rotate(attempts.begin(), reference, reference + 1);  // the reference row first
  const std::vector<float>& expected = attempts.front().outputs;
  for (const auto& a : attempts) {
    ModelCheckRow row{model_name, a.backend, ModelCheckResult::fail, 0.0f, a.message};
    if (!a.loaded) row.result = ModelCheckResult::refused;
    if (a.ran) {
      row.max_abs_difference = max_abs_difference(a.outputs, expected);
      if (!std::isfinite(row.max_abs_difference))
        row.message = "outputs that are not finite";
      else if (&a == &attempts.front())
        row.result = ModelCheckResult::reference;
      else if (row.max_abs_difference <= options.tolerance)
        row.result = ModelCheckResult::pass;
    }
    rows.push_back(row);
  }
}

}  // namespace

std::string to_string(ModelCheckResult result) {
  switch (result) {
    case ModelCheckResult::reference:
      return "reference";
    case ModelCheckResult::pass:
      return "pass";
    case ModelCheckResult::fail:
      return "FAIL";
    case ModelCheckResult::refused:
      return "refused";
  }
  return "?";
}

float max_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return std::numeric_limits<float>::infinity();
  float largest = 0.0f;
  for (std::size_t index = 0; index < a.size(); ++index) {
    const float difference = std::abs(a[index] - b[index]);
    if (!std::isfinite(difference)) return std::numeric_limits<float>::infinity();
    largest = std::max(largest, difference);
  }
  return largest;
}

bool ModelCheckReport::passed() const {
  return std::none_of(rows.begin(), rows.end(), [](const auto& row) { return row.result == ModelCheckResult::fail; });
}

std::string ModelCheckReport::table() const {
  std::string text = fmt::format(
      "models check of {} ('{}'): {} spacepoints on {} straight tracks, {} edges ({} spacepoints with {} edges in "
      "and {} out each), CPU, float32\n",
      directory.string(), card_name, spacepoints, kTracks, edges, kHubs, kEdgesPerHub, kEdgesPerHub);
  text += fmt::format("{:<10} {:<12} {:>12} {:>10}  {}\n", "model", "backend", "max |diff|", "tolerance", "result");
  for (const auto& row : rows) {
    const bool compared = row.result == ModelCheckResult::pass || row.result == ModelCheckResult::reference ||
                          (row.result == ModelCheckResult::fail && row.message.empty());
    const std::string difference = compared ? fmt::format("{:.2e}", row.max_abs_difference) : "-";
    text += fmt::format("{:<10} {:<12} {:>12} {:>10.0e}  {}{}\n", row.model, row.backend, difference, tolerance,
                        to_string(row.result), row.message.empty() ? "" : ": " + row.message);
  }
  return text;
}

ModelCheckReport check_models(const ModelCard& card, const ModelCheckOptions& options) {
  ModelCheckReport report;
  report.directory = card.directory;
  report.card_name = card.name;
  report.tolerance = options.tolerance;
  const SyntheticEvent event = SyntheticEventBuilder().build(card);
  report.spacepoints = event.spacepoints;
  report.edges = event.num_edges();
  const CardModel models[] = {
      {"embedding", card.embedding.files, true}, {"filter", card.filter.files, false}, {"gnn", card.gnn.files, false}};
  for (const auto& model : models) {
    std::vector<Attempt> attempts;
    for (const auto& backend : model_backends()) attempts.push_back(attempt(card, model, backend, event));
    compare(model.name, std::move(attempts), options, report.rows);
  }
  return report;
}

}  // namespace trackgnn
