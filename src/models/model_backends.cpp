#include "models/model_backend_registry.hpp"
#include "trackgnn/models/model.hpp"

namespace trackgnn {

std::vector<std::string> model_backends() { return ModelBackendRegistry::instance().names(); }

std::unique_ptr<NodeModel> load_node_model(const std::string& backend, const ModelSpec& spec) {
  return ModelBackendRegistry::instance().create(backend)->load_node_model(spec);
}

std::unique_ptr<EdgeModel> load_edge_model(const std::string& backend, const ModelSpec& spec) {
  return ModelBackendRegistry::instance().create(backend)->load_edge_model(spec);
}

}  // namespace trackgnn
