#include <stdexcept>
#include <string>

#include "cuda/gnn_ops.hpp"

namespace trackgnn::cuda {
namespace {
[[noreturn]] void no_cuda(const char* operation) {
  throw std::runtime_error(std::string(operation) +
                           " on cuda: trackgnn was built without CUDA (rebuild with -DTRACKGNN_CUDA=ON)");
}
}  // namespace

std::int64_t count_out_of_range_endpoints(const std::int64_t*, std::int64_t, std::int64_t, Stream) {
  no_cuda("count_out_of_range_endpoints");
}
void standardize_rows(const float*, std::int64_t, std::int64_t, const float*, const float*, std::int64_t, Precision,
                      void*, Stream) {
  no_cuda("standardize_rows");
}
void build_edge_inputs(const float*, std::int64_t, const std::int64_t*, std::int64_t, const gnn::EdgeInputParams&,
                       std::int64_t, Precision, void*, Stream) {
  no_cuda("build_edge_inputs");
}
void dense_epilogue(const void*, std::int64_t, std::int64_t, const gnn::RowEpilogue&, const void*, Precision, void*,
                    Stream) {
  no_cuda("dense_epilogue");
}
void gather_dense_epilogue(const void*, const std::int64_t*, std::int64_t, const void*, std::int64_t,
                           const gnn::RowEpilogue&, const void*, Precision, void*, Stream) {
  no_cuda("gather_dense_epilogue");
}
void group_edges_by_node(const std::int64_t*, std::int64_t, std::int64_t, std::int64_t*, std::int64_t*, Stream) {
  no_cuda("group_edges_by_node");
}
void node_update_inputs(const void*, const void*, const std::int64_t*, const std::int64_t*, std::int64_t, std::int64_t,
                        std::int64_t, Precision, void*, Stream) {
  no_cuda("node_update_inputs");
}
void convert_from_float(const float*, std::int64_t, Precision, void*, Stream) { no_cuda("convert_from_float"); }
void convert_to_float(const void*, std::int64_t, Precision, float*, Stream) { no_cuda("convert_to_float"); }

}  // namespace trackgnn::cuda
