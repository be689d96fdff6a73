#include <fmt/core.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
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

namespace {

// Every event allocates and frees tensors of hundreds of MB (filter activations). glibc gives such
// blocks back to the kernel at once, so the next event faults every page in again: on 2 cores a
// third of the CPU time went to the kernel (docs/benchmarks.md). Keeping freed memory in the heap
// makes the next event reuse it. Done here, for our own process; the library leaves a host
// framework's allocator alone.
constexpr std::size_t kHeapTopPadBytes = std::size_t{1} << 30;
constexpr std::size_t kHeapTrimThresholdBytes = std::size_t{64} << 30;

void keep_freed_memory_for_reuse() {
#ifdef __GLIBC__
  mallopt(M_TOP_PAD, static_cast<int>(kHeapTopPadBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::min<std::size_t>(kHeapTrimThresholdBytes, INT32_MAX)));
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using trackgnn::cli::commands;
  keep_freed_memory_for_reuse();
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
