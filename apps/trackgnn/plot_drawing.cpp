#include "plot_drawing.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

extern char** environ;

namespace trackgnn::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSystemPython = "/usr/bin/python3";
constexpr const char* kPathPython = "python3";
// A shell's status for a signal is 128 + its number; ours follows it so messages read alike.
constexpr int kSignalStatusBase = 128;

struct ProgramRun {
  bool started = false;
  int status = 0;
};

// Runs `arguments` (the program looked up in PATH) and waits for it; with `quiet` its output
// goes to /dev/null. Not started when the program does not exist or cannot be executed.
ProgramRun run_program(const std::vector<std::string>& arguments, bool quiet) {
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  // Our buffered output must come before the child's.
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t child = 0;
  const int spawn_error = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) return {};

  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waiting for ") + argv[0] + ": " + std::strerror(errno));
  }
  ProgramRun run;
  run.started = true;
  run.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : kSignalStatusBase + WTERMSIG(wait_status);
  return run;
}

std::optional<fs::path> executable_directory() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  return executable.parent_path();
}

}  // namespace

fs::path plot_script() {
  if (const char* from_environment = std::getenv("TRACKGNN_PLOT_SCRIPT")) return from_environment;
  std::vector<fs::path> places{TRACKGNN_SOURCE_PLOT_SCRIPT};
  if (const auto directory = executable_directory()) places.push_back(*directory / TRACKGNN_PLOT_SCRIPT_FROM_BINDIR);
  places.emplace_back(TRACKGNN_INSTALL_PLOT_SCRIPT);
  std::string looked_at;
  for (const fs::path& place : places) {
    if (fs::exists(place)) return place;
    looked_at += (looked_at.empty() ? "" : ", ") + place.string();
  }
  throw std::runtime_error("the plotting script plot_eval.py is not installed (looked at " + looked_at +
                           "; $TRACKGNN_PLOT_SCRIPT names another)");
}

std::vector<std::string> plot_python_candidates() {
  if (const char* from_environment = std::getenv("TRACKGNN_PYTHON")) return {from_environment};
  return {kPathPython, kSystemPython};
}

PlotDrawing draw_plots(const fs::path& directory) {
  const fs::path script = plot_script();
  PlotDrawing drawing;
  for (const std::string& python : plot_python_candidates()) {
    const ProgramRun probe = run_program({python, "-c", "import matplotlib"}, /*quiet=*/true);
    if (!probe.started) {
      drawing.missing += (drawing.missing.empty() ? "" : "; ") + python + " not found";
      continue;
    }
    if (probe.status != 0) {
      drawing.missing += (drawing.missing.empty() ? "" : "; ") + python + " has no matplotlib";
      continue;
    }
    const ProgramRun plotting = run_program({python, script.string(), directory.string()}, /*quiet=*/false);
    if (!plotting.started || plotting.status != 0) {
      throw std::runtime_error(python + " " + script.string() + " failed" +
                               (plotting.started ? " (exit status " + std::to_string(plotting.status) + ")" : "") +
                               "; the CSVs are in " + directory.string());
    }
    drawing.drawn = true;
    return drawing;
  }
  return drawing;
}

}  // namespace trackgnn::cli
