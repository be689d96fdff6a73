#include "pipeline_options.hpp"

#include "command.hpp"

namespace trackgnn::cli {

void PipelineOptions::add_to(CLI::App& app) {
  app.add_option("--models", models, "Model directory with card.json (default: the shipped models)");
  app.add_option("--device", device, "cpu, cuda or cuda:N")->capture_default_str();
  app.add_option("--precision", precision, "fp32, fp16 or bf16 (default: as the model card says)")
      ->check(CLI::IsMember({"fp32", "fp16", "bf16"}));
  app.add_option("--backend", backend,
                 "Model backend: torchscript, native (edge classifiers in fused kernels) or onnx (default: as the "
                 "model card says)");
  app.add_option("--radius-search", radius_search,
                 "grid, brute_force, grid_thresholds or (CPU) cell_list (default: as the model card says)");
  app.add_option("--track-builder", track_builder,
                 "connected_components or best_edges (default: as the model card says)");
  app.add_flag("--host-labeling", host_labeling,
               "Copy the scored graph to the host and build the tracks there (same tracks; for comparison)");
  app.add_option("--edge-chunk-size", edge_chunk_size, "Score at most this many edges per filter call (0: all)")
      ->check(non_negative_count());
  app.add_option("--warm-up-events", warm_up_events,
                 "Simulated events run when the pipeline is made, on every stream, so that the first real events "
                 "run as fast as later ones (default: " + std::to_string(kGpuWarmUpEvents) + " on a GPU, 0 on the CPU)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1000}));
  app.add_option("--warm-up-pileup", warm_up_pileup, "Pileup of the warm-up events (their size)")
      ->check(CLI::Range(0.0, 10000.0))
      ->capture_default_str();
  app.add_option("--memory-limit", memory_limit,
                 "Memory one event may use, e.g. 8GiB (default: the host's available memory on the CPU, the GPU's "
                 "free memory on CUDA). The filter is chunked to fit; an event that cannot fit is refused")
      ->check([](const std::string& text) {
        try {
          parse_memory_size(text);
          return std::string();
        } catch (const std::invalid_argument& error) {
          return std::string(error.what());
        }
      });
}

CardOptions PipelineOptions::card_options() const {
  CardOptions config;
  config.device = Device::parse(device);
  if (!precision.empty()) config.precision = parse_precision(precision);
  if (!backend.empty()) config.backend = backend;
  if (!radius_search.empty()) config.radius_search = radius_search;
  if (!track_builder.empty()) config.track_builder = track_builder;
  if (edge_chunk_size >= 0) config.edge_chunk_size = edge_chunk_size;
  if (!memory_limit.empty()) config.memory_limit = parse_memory_size(memory_limit);
  config.label_on_host = host_labeling;
  config.warm_up.events = static_cast<std::size_t>(
      warm_up_events >= 0 ? warm_up_events : (config.device.is_cuda() ? kGpuWarmUpEvents : 0));
  config.warm_up.pileup = warm_up_pileup;
  // Every command that runs the pipeline prints or records the per-stage table.
  config.time_stages = true;
  return config;
}

}  // namespace trackgnn::cli
