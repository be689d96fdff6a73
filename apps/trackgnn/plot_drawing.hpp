#pragma once
// The PNGs of `trackgnn eval --plots`: drawn by the plotting script shipped with trackgnn
// (plot_eval.py) from the CSVs and plots.json that eval wrote, with a Python that has matplotlib.
#include <filesystem>
#include <string>
#include <vector>

namespace trackgnn::cli {

// The plotting script: $TRACKGNN_PLOT_SCRIPT, else the source tree's copy (a build tree prefers
// its own sources), else the installed copy beside the executable (<bin>/../share/trackgnn),
// else the configured install location. Throws std::runtime_error naming every place looked at
// when none holds it.
std::filesystem::path plot_script();

// The Python interpreters tried, in order: $TRACKGNN_PYTHON alone when it is set; otherwise
// python3 from PATH, then Debian's system interpreter (the one python3-matplotlib installs into,
// which a PATH python3 from pyenv or a virtual environment does not see).
std::vector<std::string> plot_python_candidates();

struct PlotDrawing {
  bool drawn = false;
  std::string missing;  // when not drawn: what was missing, for each interpreter tried
};

// Runs the plotting script on `directory` with the first candidate interpreter that can import
// matplotlib. Not drawn (and `missing` says why) when none can; throws std::runtime_error when
// the script is not found or fails.
PlotDrawing draw_plots(const std::filesystem::path& directory);

}  // namespace trackgnn::cli
