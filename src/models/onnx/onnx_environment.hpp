#pragma once
// The process's one Ort::Env. Every session shares its intra-op thread pool, as every TorchScript
// model shares libtorch's, so concurrent events cannot multiply the thread count.
#include "models/onnx/onnx_api.hpp"

namespace trackgnn::onnx_backend {

// Created on first use; throws ModelError when the ONNX Runtime library is unusable.
Ort::Env& environment();

// Threads of the shared intra-op pool: OMP_NUM_THREADS when set (the variable libtorch's pool
// obeys too, so both backends run with the same number of threads), else one per physical core.
int intra_op_threads();

}  // namespace trackgnn::onnx_backend
