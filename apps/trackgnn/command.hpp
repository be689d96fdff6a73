#pragma once
// Subcommands register themselves: a new subcommand is one new file with one TRACKGNN_COMMAND.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace trackgnn::cli {

// Adds the subcommand's options to `app` and returns what runs it (the exit status).
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct Command {
  std::string name;
  std::string description;
  CommandSetup setup;
};

std::vector<Command>& commands();

// Counts of events or edges: whole numbers >= 0 (a negative one would wrap to a huge count).
inline CLI::Validator non_negative_count() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        return digits ? std::string() : "must be a whole number >= 0, not " + value;
      },
      "COUNT");
}

// Threads, streams and readers: at least 1 and at most 4x the hardware threads (at least 64), so
// that a mistyped count is refused instead of starting millions of threads.
inline CLI::Validator concurrency_count() {
  const std::size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  return CLI::Range(std::size_t{1}, std::max<std::size_t>(64, 4 * hardware));
}
bool add_command(Command command);

}  // namespace trackgnn::cli

#define TRACKGNN_CLI_CONCAT_INNER(a, b) a##b
#define TRACKGNN_CLI_CONCAT(a, b) TRACKGNN_CLI_CONCAT_INNER(a, b)
#define TRACKGNN_COMMAND(name, description, setup) \
  static const bool TRACKGNN_CLI_CONCAT(trackgnn_command_, __LINE__) = ::trackgnn::cli::add_command({name, description, setup})
