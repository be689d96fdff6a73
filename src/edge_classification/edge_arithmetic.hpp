#pragma once
// The per-edge arithmetic of the edge operations, written once for the host loops
// (host_edge_operations.cpp) and the CUDA kernels (device/edge_operations.cu).
#include <cmath>

#include "core/host_device.hpp"

namespace trackgnn::edges {

// expf, not the fast intrinsic __expf: that one loses accuracy for large |x|.
TRACKGNN_HOST_DEVICE inline float sigmoid(float logit) { return 1.0f / (1.0f + expf(-logit)); }

TRACKGNN_HOST_DEVICE inline float average(float a, float b) { return 0.5f * (a + b); }

// NaN passes no cut.
TRACKGNN_HOST_DEVICE inline bool passes_cut(float score, float cut) { return score >= cut; }

// False for NaN too: what a model said to return probabilities must not give.
TRACKGNN_HOST_DEVICE inline bool inside_unit_interval(float value) { return value >= 0.0f && value <= 1.0f; }

}  // namespace trackgnn::edges
