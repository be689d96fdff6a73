// A host that uses only trackgnn's model layer, linked with --as-needed as many distributions'
// linkers are: it lists the backends and scores a graph with many edges into one node through
// the TorchScript backend. Exit status 0 when the backends are there and the logits are finite.
//
//   model_layer <edge-classifier TorchScript file> <number of node features>
#include <trackgnn/models/model.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: model_layer <edge model .pt> <number of node features>\n");
    return 2;
  }
  try {
    const std::vector<std::string> backends = trackgnn::model_backends();
    std::printf("model backends:");
    for (const auto& name : backends) std::printf(" %s", name.c_str());
    std::printf("\n");

    trackgnn::ModelSpec spec;
    spec.file = argv[1];
    spec.num_features = std::stoll(argv[2]);
    const auto model = trackgnn::load_edge_model("torchscript", spec);
    // Node 0 receives an edge from every other node: sums over repeated indices are exercised.
    const std::int64_t nodes = 40;
    std::vector<float> x(static_cast<std::size_t>(nodes * spec.num_features));
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * static_cast<float>(i));
    std::vector<std::int64_t> edge_index;
    for (std::int64_t i = 1; i < nodes; ++i) edge_index.push_back(i);
    for (std::int64_t i = 1; i < nodes; ++i) edge_index.push_back(0);
    const std::int64_t edges = nodes - 1;
    std::vector<float> logits(static_cast<std::size_t>(edges));
    model->forward(x.data(), nodes, spec.num_features, edge_index.data(), edges, logits.data(), {});
    for (float logit : logits)
      if (!std::isfinite(logit)) throw std::runtime_error("a logit is not finite");
    std::printf("%lld edges scored; first logit %.4f\n", static_cast<long long>(edges), logits[0]);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "model_layer: %s\n", error.what());
    return 1;
  }
}
