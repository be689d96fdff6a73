#include "models_check.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace trackgnn::cli {

ModelCheckReport check_model_directory(const std::filesystem::path& directory, float tolerance) {
  ModelCheckOptions options;
  options.tolerance = tolerance;
  return check_models(ModelCard::load(directory.empty() ? default_model_directory() : directory), options);
}

void require_agreeing_backends(const std::filesystem::path& directory, bool print_table) {
  const ModelCheckReport report = check_model_directory(directory);
  if (print_table) fmt::print("{}", report.table());
  if (!report.passed())
    throw std::runtime_error("--check-models: the model backends disagree on the models of " +
                             report.directory.string() + " (the table above; `trackgnn models check " +
                             report.directory.string() + "` prints it again); not running");
}

}  // namespace trackgnn::cli
