// Google Benchmark timings of the CUDA radius search and connected components on
// embedding-like points (see synthetic_embedding.hpp). Each entry point synchronises, so wall
// time is device time plus the contract's one read-back. Skips without a CUDA device.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "track_building/device/connected_components.hpp"
#include "graph_construction/device/radius_search_cuda.hpp"
#include "synthetic_embedding.hpp"
#include "trackgnn/core/buffer.hpp"

namespace {

using namespace trackgnn;

constexpr std::int64_t kDim = 8;
constexpr double kMeanNeighbours = 50;

bench::SyntheticEmbedding embedding_of(std::int64_t n) {
  bench::SyntheticEmbeddingConfig config;
  config.num_points = n;
  config.dim = kDim;
  config.mean_neighbours = kMeanNeighbours;
  return bench::make_synthetic_embedding(config);
}

void BM_RadiusSearch(benchmark::State& state) {
  if (!cuda_available()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const std::int64_t n = state.range(0), k = state.range(1);
  const bench::SyntheticEmbedding embedding = embedding_of(n);
  const Buffer<float> points = Buffer<float>::from_host(embedding.points, Device::cuda());
  Buffer<std::int64_t> edges(Device::cuda());
  std::int64_t num_edges = 0;
  for (auto _ : state) {
    num_edges = cuda::radius_search_grid_thresholds(points.data(), n, kDim, embedding.radius, k,
                                    [&](std::int64_t count) {
                                      edges.resize(static_cast<std::size_t>(2 * count));
                                      return edges.data();
                                    },
                                    nullptr);
  }
  state.counters["edges"] = static_cast<double>(num_edges);
}
BENCHMARK(BM_RadiusSearch)->ArgsProduct({{10000, 100000, 150000}, {16, 500}})->Unit(benchmark::kMillisecond);

void BM_ConnectedComponents(benchmark::State& state) {
  if (!cuda_available()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const std::int64_t n = state.range(0);
  const bench::SyntheticEmbedding embedding = embedding_of(n);
  const Buffer<float> points = Buffer<float>::from_host(embedding.points, Device::cuda());
  Buffer<std::int64_t> edges(Device::cuda());
  const std::int64_t num_edges = cuda::radius_search_grid_thresholds(points.data(), n, kDim, embedding.radius, n,
                                                     [&](std::int64_t count) {
                                                       edges.resize(static_cast<std::size_t>(2 * count));
                                                       return edges.data();
                                                     },
                                                     nullptr);
  // After the classifier about a fifth of the candidate edges pass.
  constexpr float kCut = 0.8f;
  const Buffer<float> scores = Buffer<float>::from_host(bench::random_scores(num_edges, 1), Device::cuda());
  Buffer<std::int32_t> labels(Device::cuda());
  labels.resize(static_cast<std::size_t>(n));
  std::int32_t components = 0;
  for (auto _ : state)
    components = cuda::connected_components(edges.data(), scores.data(), num_edges, kCut, n, labels.data(), nullptr);
  state.counters["edges"] = static_cast<double>(num_edges);
  state.counters["components"] = components;
}
BENCHMARK(BM_ConnectedComponents)->Arg(10000)->Arg(100000)->Arg(150000)->Unit(benchmark::kMillisecond);

}  // namespace
