// trackgnn convert: TrackML CSV events -> the binary eventNNNNNNNNN.tgnevent form, which `run`
// and `bench` read in preference to CSV (an order of magnitude faster to load).
#include <fmt/core.h>

#include "command.hpp"
#include "progress.hpp"
#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::cli {
namespace {

struct ConvertOptions {
  std::string input;
  std::string output;
  std::size_t events = 0;
  bool quiet = false;
};

int convert(const ConvertOptions& options) {
  std::vector<std::uint64_t> ids = io::list_events(options.input);
  if (ids.empty()) throw std::runtime_error("no eventNNNNNNNNN-hits.csv files in " + options.input);
  if (options.events > 0 && options.events < ids.size()) ids.resize(options.events);
  Progress progress("events", ids.size(), !options.quiet);
  for (const std::uint64_t id : ids) {
    io::write_binary_event(io::read_event(options.input, id), io::binary_event_path(options.output, id));
    progress.advance();
  }
  progress.finish();
  fmt::print("{} events written to {} as .tgnevent\n", ids.size(), options.output);
  return 0;
}

CommandSetup setup = [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<ConvertOptions>();
  app.add_option("--input", options->input, "Directory of TrackML CSV events")->required()->check(CLI::ExistingDirectory);
  app.add_option("--output", options->output, "Directory for eventNNNNNNNNN.tgnevent files")->required();
  app.add_option("--events", options->events, "Convert only the first N events (0: all)")->check(non_negative_count());
  app.add_flag("--quiet", options->quiet, "No progress output");
  return [options] { return convert(*options); };
};

TRACKGNN_COMMAND("convert", "Convert TrackML CSV events (with cells and truth) to the binary .tgnevent form", setup);

}  // namespace
}  // namespace trackgnn::cli
