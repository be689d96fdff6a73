#pragma once
// `models describe DIR`: what a model card expects of the events and of its model files, as the
// pipeline will apply it.
#include <string>

#include "trackgnn/models/model_card.hpp"

namespace trackgnn::cli {

// Features with offsets and scales, each stage's graph convention, output kind and cut, the
// embedding's dimension, radius and k, track building, backend, and every model file with the
// checksum the card records and whether the file on disk matches it.
std::string describe_card(const ModelCard& card);

}  // namespace trackgnn::cli
