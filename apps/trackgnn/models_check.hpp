#pragma once
// The model check as `models check` and `run --check-models` run it.
#include <filesystem>

#include "trackgnn/pipeline/model_check.hpp"

namespace trackgnn::cli {

// Checks the card in `directory` (empty: the default model directory).
ModelCheckReport check_model_directory(const std::filesystem::path& directory, float tolerance = kModelCheckTolerance);

// For `run --check-models`: prints the table and throws, naming the directory, when a backend
// disagrees.
void require_agreeing_backends(const std::filesystem::path& directory, bool print_table);

}  // namespace trackgnn::cli
