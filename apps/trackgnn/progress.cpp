#include "progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace trackgnn::cli {

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
constexpr std::size_t kBarWidth = 30;
}  // namespace

Progress::Progress(std::string label, std::size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && total > 0), terminal_(isatty(fileno(stderr)) != 0),
      start_(now_seconds()) {}

void Progress::advance() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  draw();
}

void Progress::draw() {
  if (!enabled_) return;
  const double elapsed = now_seconds() - start_;
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  if (terminal_) {
    const std::size_t filled = kBarWidth * done_ / total_;
    fmt::print(stderr, "\r{} [{}{}] {}/{} ({:.1f}/s)", label_, std::string(filled, '#'),
               std::string(kBarWidth - filled, '.'), done_, total_, rate);
    std::fflush(stderr);
    return;
  }
  const std::size_t tenth = 10 * done_ / total_;
  if (tenth > last_tenth_ || done_ == total_) {
    last_tenth_ = tenth;
    fmt::print(stderr, "{}: {}/{} ({:.1f}/s)\n", label_, done_, total_, rate);
  }
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_ && terminal_) fmt::print(stderr, "\n");
}

}  // namespace trackgnn::cli
