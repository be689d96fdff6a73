#include <fmt/core.h>

#include <algorithm>
#include <exception>
#include <map>

#include "command.hpp"

namespace trackgnn::cli {

std::vector<Command>& commands() {
  static std::vector<Command> registered;
  return registered;
}

bool add_command(Command command) {
  commands().push_back(std::move(command));
  return true;
}

}  // namespace trackgnn::cli

int main(int argc, char** argv) {
  using trackgnn::cli::commands;
  CLI::App app{"trackgnn: charged-particle tracking with graph neural networks (Exa.TrkX pipeline)"};
  app.require_subcommand(1);
  auto& registered = commands();
  std::sort(registered.begin(), registered.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, std::function<int()>> runners;
  for (const auto& command : registered) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners[sub] = command.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    for (auto* sub : app.get_subcommands()) return runners.at(sub)();
  } catch (const std::exception& error) {
    fmt::print(stderr, "trackgnn: error: {}\n", error.what());
    return 1;
  }
  return 1;
}
