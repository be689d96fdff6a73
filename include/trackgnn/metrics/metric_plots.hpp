#pragma once
// The physics plots of `trackgnn eval --plots`: binned counts (binned_metrics.hpp) summed over
// events, written as one CSV per plotted series plus an index, plots.json, from which the
// plotting script draws the PNGs.
//
// CSV columns: bin_low,bin_high,numerator,denominator,value,error_low,error_high. value is
// numerator / denominator; error_low and error_high are the distances from value down to and up
// to the bounds of its Clopper-Pearson interval at one standard deviation (binomial_interval.hpp),
// as error bars are drawn. A bin with denominator 0 has "nan" in the last three columns.
//
// plots.json: {"title": T, "plots": [{"name", "png", "x_label", "y_label", "log_x",
// "y_limits" ([low, high], or null to fit the data), "series": [{"label", "csv"}]}]}; file
// names are relative to the directory.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trackgnn/metrics/binned_counts.hpp"
#include "trackgnn/metrics/binned_metrics.hpp"
#include "trackgnn/metrics/metrics_config.hpp"

namespace trackgnn {

struct PlotSeries {
  std::string label;
  std::string csv_file;
  BinnedCounts counts;
};

struct MetricPlot {
  std::string name;  // the PNG is name + ".png"
  std::string x_label;
  std::string y_label;
  bool log_x = false;
  std::optional<std::pair<double, double>> y_limits;
  std::vector<PlotSeries> series;
};

class BinnedMetricsSummary {
 public:
  explicit BinnedMetricsSummary(MetricsConfig config = {}, MetricBinning binning = {});

  // Throws std::invalid_argument when the event was binned differently.
  void add_event(const BinnedTrackCounts& event_counts);
  // `stage` is one of metric_stage_names(); throws std::invalid_argument otherwise, or when the
  // counts are not binned in this summary's pT bins.
  void add_stage(const std::string& stage, const BinnedCounts& edge_efficiency_vs_pt);

  const BinnedTrackCounts& tracks() const { return tracks_; }
  const MetricsConfig& config() const { return config_; }
  // The plots in a fixed order: efficiency vs pT, eta, phi; fake and duplicate rate vs eta; edge
  // efficiency vs pT with one series per stage seen (in pipeline order; no plot without stages).
  std::vector<MetricPlot> plots() const;

  // Writes every series' CSV and plots.json (with `title`) into `directory`, creating it;
  // returns the CSV files written. Throws std::runtime_error when a file cannot be written.
  std::vector<std::filesystem::path> write(const std::filesystem::path& directory, const std::string& title) const;

 private:
  MetricsConfig config_;
  MetricBinning binning_;
  BinnedTrackCounts tracks_;
  std::vector<std::pair<std::string, BinnedCounts>> stages_;
};

// The name of the index file that BinnedMetricsSummary::write puts beside the CSVs.
inline constexpr const char* kPlotIndexFile = "plots.json";

}  // namespace trackgnn
