// Link-time stand-in for device/gnn_ops.cu in a build without CUDA. It remains because the native
// backend picks its host or device kernels per call (fused_ops.cpp, by the model's device) instead
// of through a registry, and tests/cuda/test_cuda_gnn_ops links these entry points in every build.
#include "core/built_without_cuda.hpp"
#include "models/native/device/gnn_ops.hpp"

namespace trackgnn::cuda {

std::int64_t count_out_of_range_endpoints(const std::int64_t*, std::int64_t, std::int64_t, Stream) {
  throw_built_without_cuda("count_out_of_range_endpoints");
}
void standardize_rows(const float*, std::int64_t, std::int64_t, const float*, const float*, std::int64_t, Precision,
                      void*, Stream) {
  throw_built_without_cuda("standardize_rows");
}
void build_edge_inputs(const float*, std::int64_t, const std::int64_t*, std::int64_t, const gnn::EdgeInputParams&,
                       std::int64_t, Precision, void*, Stream) {
  throw_built_without_cuda("build_edge_inputs");
}
void dense_epilogue(const void*, std::int64_t, std::int64_t, const gnn::RowEpilogue&, const void*, Precision, void*,
                    Stream) {
  throw_built_without_cuda("dense_epilogue");
}
void gather_dense_epilogue(const void*, const std::int64_t*, std::int64_t, const void*, std::int64_t,
                           const gnn::RowEpilogue&, const void*, Precision, void*, Stream) {
  throw_built_without_cuda("gather_dense_epilogue");
}
void group_edges_by_node(const std::int64_t*, std::int64_t, std::int64_t, std::int64_t*, std::int64_t*, Stream) {
  throw_built_without_cuda("group_edges_by_node");
}
void node_update_inputs(const void*, const void*, const std::int64_t*, const std::int64_t*, std::int64_t, std::int64_t,
                        std::int64_t, Precision, void*, Stream) {
  throw_built_without_cuda("node_update_inputs");
}
void convert_from_float(const float*, std::int64_t, Precision, void*, Stream) { throw_built_without_cuda("convert_from_float"); }
void convert_to_float(const void*, std::int64_t, Precision, float*, Stream) { throw_built_without_cuda("convert_to_float"); }

}  // namespace trackgnn::cuda
