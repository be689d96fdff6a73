#include "io/file_io.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "trackgnn/core/errors.hpp"

namespace trackgnn::io {

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

std::string system_error_text() { return std::strerror(errno); }

}  // namespace

std::string read_whole_file(const std::filesystem::path& file) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) throw InputError(file.string(), 0, "is a directory, not a file");
  FileHandle handle(std::fopen(file.c_str(), "rb"));
  if (!handle) throw InputError(file.string(), 0, "cannot open: " + system_error_text());
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw InputError(file.string(), 0, "cannot read its size: " + error.message());
  std::string contents(static_cast<std::size_t>(size), '\0');
  const std::size_t count = std::fread(contents.data(), 1, contents.size(), handle.get());
  if (std::ferror(handle.get())) throw InputError(file.string(), 0, "read failed: " + system_error_text());
  // A file that shrank while being read is reported rather than parsed short.
  if (count != contents.size()) throw InputError(file.string(), 0, "changed size while being read");
  return contents;
}

void write_whole_file(const std::filesystem::path& file, std::string_view contents) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  // A name of this writer's own (process and call): two runs writing one directory each publish
  // only their own complete file, whichever renames last.
  static std::atomic<std::uint64_t> writes{0};
  std::filesystem::path temporary = file;
  temporary += fmt::format(".{}.{}.partial", ::getpid(), writes++);
  FileHandle handle(std::fopen(temporary.c_str(), "wb"));
  if (!handle) throw std::runtime_error("cannot create " + temporary.string() + ": " + system_error_text());
  const bool written = std::fwrite(contents.data(), 1, contents.size(), handle.get()) == contents.size();
  const bool closed = std::fclose(handle.release()) == 0;
  if (!written || !closed) {
    const std::string reason = system_error_text();
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error("cannot write " + file.string() + ": " + reason);
  }
  std::filesystem::rename(temporary, file);
}

}  // namespace trackgnn::io
