// trackgnn models check DIR: runs each model of the card in DIR in every backend of this build on
// one synthetic event and prints how far each backend's outputs lie from the reference's
// (trackgnn/models/model_check.hpp); the exit status is 1 when any backend disagrees.
#include <fmt/core.h>

#include <memory>
#include <string>

#include "command.hpp"
#include "models_check.hpp"

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
  return [options] {
    const ModelCheckReport report = check_model_directory(options->directory, options->tolerance);
    fmt::print("{}", report.table());
    fmt::print("{}\n", report.passed() ? "models check passed: every backend that loads a model agrees"
                                       : "models check FAILED: a backend disagrees (or no backend ran a model)");
    return report.passed() ? 0 : 1;
  };
};

TRACKGNN_COMMAND("models", "Model directories: `models check DIR` compares the backends' outputs", setup);

}  // namespace
}  // namespace trackgnn::cli
