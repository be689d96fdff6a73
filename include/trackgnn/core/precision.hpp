#pragma once
// The arithmetic precision a model runs in: part of the model card, and of every backend and
// kernel that computes with it.
#include <string>

namespace trackgnn {

enum class Precision { fp32, fp16, bf16 };
Precision parse_precision(const std::string& text);  // "fp32" | "fp16" | "bf16"
std::string to_string(Precision precision);

}  // namespace trackgnn
