#pragma once
// Subcommands register themselves: a new subcommand is one new file with one TRACKGNN_COMMAND.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
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
bool add_command(Command command);

}  // namespace trackgnn::cli

#define TRACKGNN_CLI_CONCAT_INNER(a, b) a##b
#define TRACKGNN_CLI_CONCAT(a, b) TRACKGNN_CLI_CONCAT_INNER(a, b)
#define TRACKGNN_COMMAND(name, description, setup) \
  static const bool TRACKGNN_CLI_CONCAT(trackgnn_command_, __LINE__) = ::trackgnn::cli::add_command({name, description, setup})
