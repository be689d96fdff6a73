#pragma once
// Runs the built `trackgnn` program (TRACKGNN_CLI) for the command-line tests: its exit status
// and everything it printed.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace trackgnn::testing {

struct CommandResult {
  int status = 0;
  std::string output;  // stdout and stderr together
};

// `arguments` are passed to the shell as written; the output goes through scratch/cli.log.
inline CommandResult run_cli(const std::string& arguments, const std::filesystem::path& scratch) {
  const std::filesystem::path log = scratch / "cli.log";
  const std::string command = std::string("\"") + TRACKGNN_CLI + "\" " + arguments + " > \"" + log.string() + "\" 2>&1";
  CommandResult result;
  result.status = std::system(command.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  return result;
}

}  // namespace trackgnn::testing
