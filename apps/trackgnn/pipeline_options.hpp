#pragma once
// Options that choose and tune the pipeline, shared by every subcommand that runs it.
#include <CLI/CLI.hpp>

#include <string>

#include "trackgnn/pipeline/pipeline.hpp"

namespace trackgnn::cli {

struct PipelineOptions {
  std::string models;
  std::string device = "cpu";
  std::string precision;
  std::string backend;
  std::string radius_search;
  std::string track_builder;
  std::int64_t edge_chunk_size = -1;
  std::string memory_limit;  // empty: what the device has free
  bool host_labeling = false;
  // Simulated events run when the pipeline is made (WarmUp); -1: kGpuWarmUpEvents on a GPU, none
  // on the CPU, where a process's first events are not slower and each costs about a minute.
  std::int64_t warm_up_events = -1;
  double warm_up_pileup = WarmUp{}.pileup;
  static constexpr std::int64_t kGpuWarmUpEvents = 10;  // docs/benchmarks.md, "Warm-up"

  void add_to(CLI::App& app);
  // How the pipeline departs from the model card in `models`.
  CardOptions card_options() const;
};

}  // namespace trackgnn::cli
