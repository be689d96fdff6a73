#pragma once
// Progress of a long run on stderr: a redrawn bar on a terminal, a line per tenth otherwise.
#include <cstddef>
#include <mutex>
#include <string>

namespace trackgnn::cli {

class Progress {
 public:
  Progress(std::string label, std::size_t total, bool enabled);
  void advance();  // thread-safe
  void finish();

 private:
  void draw();
  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t last_tenth_ = 0;
  bool enabled_;
  bool terminal_;
  double start_;
  std::mutex mutex_;
};

}  // namespace trackgnn::cli
