#include "trackgnn/graph/node_features.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace trackgnn {

namespace {

const std::vector<float>& cluster_shape_column(const ClusterShapes* shapes, const std::string& name) {
  if (shapes == nullptr)
    throw std::invalid_argument("the model needs the cluster-shape feature '" + name +
                                "', computed from the event's cells and the detector's modules, and none were given");
  if (name == "lx") return shapes->lx;
  if (name == "ly") return shapes->ly;
  if (name == "lz") return shapes->lz;
  if (name == "leta") return shapes->leta;
  if (name == "lphi") return shapes->lphi;
  if (name == "geta") return shapes->geta;
  if (name == "gphi") return shapes->gphi;
  throw std::invalid_argument("unknown node feature '" + name + "'");
}

const std::vector<float>& feature_column(const Spacepoints& spacepoints, const ClusterShapes* shapes,
                                         const std::string& name) {
  if (known_feature(name).source == FeatureSource::cluster_shape) return cluster_shape_column(shapes, name);
  if (name == "r") return spacepoints.r;
  if (name == "phi") return spacepoints.phi;
  if (name == "z") return spacepoints.z;
  if (name == "x") return spacepoints.x;
  if (name == "y") return spacepoints.y;
  if (name == "eta") return spacepoints.eta;
  if (name == "cell_count") return spacepoints.cell_count;
  if (name == "cell_value") return spacepoints.cell_value;
  throw std::invalid_argument("unknown node feature '" + name + "'");
}

}  // namespace

void build_node_features(const Spacepoints& spacepoints, const std::vector<FeatureSpec>& features,
                         std::vector<float>& node_features, std::vector<float>& node_positions,
                         const ClusterShapes* shapes) {
  const std::size_t n = spacepoints.size();
  if (spacepoints.r.size() != n || spacepoints.phi.size() != n || spacepoints.eta.size() != n)
    throw std::invalid_argument("spacepoints lack r/phi/eta: call Spacepoints::derive_cylindrical() first");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(spacepoints.x[i]) || !std::isfinite(spacepoints.y[i]) || !std::isfinite(spacepoints.z[i]))
      throw std::invalid_argument("spacepoint " + std::to_string(i) + " (hit_id " +
                                  std::to_string(spacepoints.hit_id[i]) + ") has a non-finite coordinate");
  }
  const std::size_t num_features = features.size();
  node_features.resize(n * num_features);
  for (std::size_t f = 0; f < num_features; ++f) {
    const auto& column = feature_column(spacepoints, shapes, features[f].name);
    if (column.size() != n)
      throw std::invalid_argument("the model needs feature '" + features[f].name +
                                  "' but the event has none (no -cells.csv?)");
    const float offset = features[f].offset;
    const float inverse_scale = 1.0f / features[f].scale;
    for (std::size_t i = 0; i < n; ++i) node_features[i * num_features + f] = (column[i] - offset) * inverse_scale;
  }
  node_positions.resize(n * 3);
  for (std::size_t i = 0; i < n; ++i) {
    node_positions[3 * i] = spacepoints.r[i];
    node_positions[3 * i + 1] = spacepoints.phi[i];
    node_positions[3 * i + 2] = spacepoints.z[i];
  }
}

}  // namespace trackgnn
