#pragma once
// SHA-256 digests as lowercase hex, for the checksums of model files.
#include <filesystem>
#include <string>
#include <string_view>

namespace trackgnn {

std::string sha256_hex(std::string_view data);
// Throws std::runtime_error when the file cannot be read.
std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace trackgnn
