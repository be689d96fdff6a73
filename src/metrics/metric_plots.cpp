#include "trackgnn/metrics/metric_plots.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

#include "trackgnn/metrics/binomial_interval.hpp"
#include "trackgnn/metrics/metrics_summary.hpp"
#include "metrics/stage_counts.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// Efficiencies are drawn on a fixed scale slightly above 1 so that points at 100% stay visible
// with their error bars; rates are small and get a scale fitted to the data.
const std::pair<double, double> kEfficiencyLimits{0.0, 1.05};
constexpr const char* kCsvHeader = "bin_low,bin_high,numerator,denominator,value,error_low,error_high\n";

// A file written in full, or std::runtime_error: a full disk shows only once the buffer reaches
// the file, so the stream is checked after closing.
void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
  out.close();
  if (out.fail()) throw std::runtime_error("cannot write " + file.string());
}

std::string csv_text(const BinnedCounts& counts) {
  std::string text = kCsvHeader;
  for (std::size_t bin = 0; bin < counts.bins(); ++bin) {
    const std::int64_t passed = counts.numerators()[bin];
    const std::int64_t total = counts.denominators()[bin];
    text += fmt::format("{},{},{},{},", counts.edges()[bin], counts.edges()[bin + 1], passed, total);
    const auto interval = clopper_pearson(passed, total);
    text += interval ? fmt::format("{},{},{}\n", interval->value, interval->value - interval->low,
                                   interval->high - interval->value)
                     : std::string("nan,nan,nan\n");
  }
  return text;
}

MetricPlot one_series_plot(const std::string& name, const std::string& x_label, const std::string& y_label,
                           bool log_x, std::optional<std::pair<double, double>> y_limits, const BinnedCounts& counts) {
  return MetricPlot{name, x_label, y_label, log_x, y_limits, {PlotSeries{y_label, name + ".csv", counts}}};
}

}  // namespace

BinnedMetricsSummary::BinnedMetricsSummary(MetricsConfig config, MetricBinning binning)
    : config_(config), binning_(std::move(binning)), tracks_(binning_) {
  config_.validate();
}

void BinnedMetricsSummary::add_event(const BinnedTrackCounts& event_counts) { tracks_ += event_counts; }

void BinnedMetricsSummary::add_stage(const std::string& stage, const BinnedCounts& edge_efficiency_vs_pt) {
  if (edge_efficiency_vs_pt.edges() != binning_.pt_edges) {
    throw std::invalid_argument("edge efficiency of stage '" + stage + "' is not binned in the summary's pT bins");
  }
  metrics_detail::add_stage_counts(stages_, stage, edge_efficiency_vs_pt);
}

std::vector<MetricPlot> BinnedMetricsSummary::plots() const {
  const std::string pt_cut = fmt::format("pT > {:g} GeV", config_.min_pt);
  const std::string candidate_eta = "candidate eta (mean of its hits' eta)";
  std::vector<MetricPlot> plots{
      one_series_plot("efficiency_vs_pt", "particle pT [GeV]", "track efficiency", true, kEfficiencyLimits,
                      tracks_.efficiency_vs_pt),
      one_series_plot("efficiency_vs_eta", "particle eta (" + pt_cut + ")", "track efficiency", false,
                      kEfficiencyLimits, tracks_.efficiency_vs_eta),
      one_series_plot("efficiency_vs_phi", "particle phi [rad] (" + pt_cut + ")", "track efficiency", false,
                      kEfficiencyLimits, tracks_.efficiency_vs_phi),
      one_series_plot("fake_rate_vs_eta", candidate_eta, "fake rate", false, std::nullopt, tracks_.fake_rate_vs_eta),
      one_series_plot("duplicate_rate_vs_eta", candidate_eta, "duplicate rate", false, std::nullopt,
                      tracks_.duplicate_rate_vs_eta)};
  if (stages_.empty()) return plots;

  MetricPlot edges{"edge_efficiency_vs_pt", "particle pT of the target edges [GeV]", "edge efficiency", true,
                   kEfficiencyLimits, {}};
  for (const std::string& stage : metric_stage_names()) {
    for (const auto& [name, counts] : stages_) {
      if (name == stage) edges.series.push_back({stage, "edge_efficiency_vs_pt_" + stage + ".csv", counts});
    }
  }
  plots.push_back(std::move(edges));
  return plots;
}

std::vector<fs::path> BinnedMetricsSummary::write(const fs::path& directory, const std::string& title) const {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error)
    throw std::runtime_error("cannot create the plot directory " + directory.string() + ": " + error.message());

  std::vector<fs::path> written;
  Json index_plots = Json::array();
  for (const MetricPlot& plot : plots()) {
    Json series = Json::array();
    for (const PlotSeries& entry : plot.series) {
      written.push_back(directory / entry.csv_file);
      write_file(written.back(), csv_text(entry.counts));
      series.push_back({{"label", entry.label}, {"csv", entry.csv_file}});
    }
    index_plots.push_back(
        {{"name", plot.name},
         {"png", plot.name + ".png"},
         {"x_label", plot.x_label},
         {"y_label", plot.y_label},
         {"log_x", plot.log_x},
         {"y_limits", plot.y_limits ? Json{plot.y_limits->first, plot.y_limits->second} : Json(nullptr)},
         {"series", series}});
  }
  const Json index{{"title", title}, {"plots", index_plots}};
  write_file(directory / kPlotIndexFile, index.dump(2) + "\n");
  return written;
}

}  // namespace trackgnn
