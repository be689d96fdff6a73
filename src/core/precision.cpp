#include "trackgnn/core/precision.hpp"

#include <stdexcept>

namespace trackgnn {

Precision parse_precision(const std::string& text) {
  if (text == "fp32") return Precision::fp32;
  if (text == "fp16") return Precision::fp16;
  if (text == "bf16") return Precision::bf16;
  throw std::invalid_argument("unknown precision '" + text + "' (expected fp32, fp16 or bf16)");
}

std::string to_string(Precision precision) {
  switch (precision) {
    case Precision::fp16: return "fp16";
    case Precision::bf16: return "bf16";
    case Precision::fp32: break;
  }
  return "fp32";
}

}  // namespace trackgnn
