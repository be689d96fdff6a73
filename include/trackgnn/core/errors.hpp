#pragma once
// Error types. Bad configuration is std::invalid_argument, run-time failures std::runtime_error;
// bad input data is an InputError that names the file and the line.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace trackgnn {

class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, std::size_t line, const std::string& what)
      : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what),
        file_(file),
        line_(line) {}
  const std::string& file() const noexcept { return file_; }
  // 1-based line of the offending record; 0 when the error concerns the whole file.
  std::size_t line() const noexcept { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace trackgnn
