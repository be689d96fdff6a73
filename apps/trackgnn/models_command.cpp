// trackgnn models check DIR: runs each model of the card in DIR in every backend of this build on
// one synthetic event and prints how far each backend's outputs lie from the reference's
// (trackgnn/pipeline/model_check.hpp); the exit status is 1 when any backend disagrees.
// trackgnn models describe DIR: prints what the card expects (models_describe.hpp).
#include <fmt/core.h>

#include <memory>
#include <string>

#include "command.hpp"
#include "models_check.hpp"
#include "models_describe.hpp"

namespace trackgnn::cli {
namespace {

struct CheckOptions {
  std::string directory;
  float tolerance = kModelCheckTolerance;
};

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  app.require_subcommand(1);
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand(
      "check",
      "Run every model of a card in every backend of this build on one synthetic event and compare the "
      "outputs (exit status 1 when a backend disagrees)");
  check->add_option("DIR", options->directory, "Model directory with card.json")
      ->required()
      ->check(CLI::ExistingDirectory);
  check->add_option("--tolerance", options->tolerance, "Largest |difference| from the reference backend that passes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  auto describe_directory = std::make_shared<std::string>();
  CLI::App* describe = app.add_subcommand(
      "describe",
      "Print what a card expects: node features with offsets and scales, each edge classifier's graph convention and "
      "output kind, radius, k, cuts, backend, and the model files with their checksums");
  describe->add_option("DIR", *describe_directory, "Model directory with card.json")
      ->required()
      ->check(CLI::ExistingDirectory);
  return [options, describe, describe_directory] {
    if (describe->parsed()) {
      fmt::print("{}", describe_card(ModelCard::load(*describe_directory)));
      return 0;
    }
    const ModelCheckReport report = check_model_directory(options->directory, options->tolerance);
    fmt::print("{}", report.table());
    fmt::print("{}\n", report.passed() ? "models check passed: every backend that loads a model agrees"
                                       : "models check FAILED: a backend disagrees (or no backend ran a model)");
    return report.passed() ? 0 : 1;
  };
};

TRACKGNN_COMMAND("models",
                 "Model directories: `models check DIR` compares the backends' outputs, `models describe DIR` prints "
                 "what the card expects",
                 setup);

}  // namespace
}  // namespace trackgnn::cli
