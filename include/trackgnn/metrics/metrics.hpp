#pragma once
// Tracking performance against Monte-Carlo truth: one include for all of it.
#include "trackgnn/metrics/binned_counts.hpp"
#include "trackgnn/metrics/binned_metrics.hpp"
#include "trackgnn/metrics/binomial_interval.hpp"
#include "trackgnn/metrics/edge_metrics.hpp"
#include "trackgnn/metrics/metric_plots.hpp"
#include "trackgnn/metrics/metrics_config.hpp"
#include "trackgnn/metrics/metrics_summary.hpp"
#include "trackgnn/metrics/track_metrics.hpp"
