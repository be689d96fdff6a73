#pragma once
// Whole-file reads and writes: one system call each way instead of a stream per record.
#include <filesystem>
#include <string>
#include <string_view>

namespace trackgnn::io {

// The file's bytes. A file that cannot be opened or read is an InputError naming it.
std::string read_whole_file(const std::filesystem::path& file);

// Replaces `file` with `contents`, creating its directory when needed. Written to a temporary
// name first and renamed, so a reader never sees half a file. Failure is a std::runtime_error.
void write_whole_file(const std::filesystem::path& file, std::string_view contents);

}  // namespace trackgnn::io
