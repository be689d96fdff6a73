// Times the CUDA kernels on the GPU machine without Google Benchmark (which that machine lacks):
// radius search on embedding-like points at several sizes, and connected components on the
// edges it finds. Each entry point synchronises, so host wall time around a call is device time
// plus the one read-back the contract needs. Median of repeated calls after warm-up; buffers are
// reused as the pipeline reuses them, so steady state allocates from the pool only.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "../../cuda/synthetic_embedding.hpp"
#include "cuda/connected_components.hpp"
#include "cuda/edge_ops.hpp"
#include "cuda/frnn.hpp"
#include "trackgnn/core/buffer.hpp"

namespace {

constexpr int kWarmUp = 3;
constexpr int kRepetitions = 30;

struct Timing {
  double median_ms;
  double min_ms;
};

Timing time_call(const std::function<void()>& call) {
  for (int i = 0; i < kWarmUp; ++i) call();
  std::vector<double> times;
  for (int i = 0; i < kRepetitions; ++i) {
    const auto start = std::chrono::steady_clock::now();
    call();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.front()};
}

}  // namespace

// One call of each kernel at n = 100k, for a per-kernel profile under Nsight Compute.
int profile_once() {
  using namespace trackgnn;
  bench::SyntheticEmbeddingConfig config;
  const bench::SyntheticEmbedding embedding = bench::make_synthetic_embedding(config);
  const Buffer<float> points = Buffer<float>::from_host(embedding.points, Device::cuda());
  Buffer<std::int64_t> edges(Device::cuda());
  auto allocate = [&](std::int64_t num_edges) {
    edges.resize(static_cast<std::size_t>(2 * num_edges));
    return edges.data();
  };
  for (const std::int64_t k : {500, 16, 500})
    cuda::radius_search(points.data(), config.num_points, config.dim, embedding.radius, k, allocate, nullptr);
  Buffer<std::int32_t> labels(Device::cuda());
  labels.resize(static_cast<std::size_t>(config.num_points));
  cuda::connected_components(edges.data(), nullptr, static_cast<std::int64_t>(edges.size() / 2), 0.0f,
                             config.num_points, labels.data(), nullptr);
  return 0;
}

int main(int argc, char** argv) {
  using namespace trackgnn;
  if (!cuda_available()) {
    std::printf("no CUDA device\n");
    return 1;
  }
  if (argc > 1 && std::string(argv[1]) == "--profile") return profile_once();
  std::printf("%-44s %10s %12s %10s %10s\n", "kernel", "points", "edges", "median ms", "min ms");
  const std::int64_t dim = 8;
  for (const std::int64_t n : {10000, 30000, 100000, 150000}) {
    bench::SyntheticEmbeddingConfig config;
    config.num_points = n;
    config.dim = dim;
    const bench::SyntheticEmbedding embedding = bench::make_synthetic_embedding(config);
    const Buffer<float> points = Buffer<float>::from_host(embedding.points, Device::cuda());
    Buffer<std::int64_t> edges(Device::cuda());
    auto allocate = [&](std::int64_t num_edges) {
      edges.resize(static_cast<std::size_t>(2 * num_edges));
      return edges.data();
    };
    for (const std::int64_t k : {16, 500}) {
      std::int64_t num_edges = 0;
      const Timing search = time_call([&] {
        num_edges = cuda::radius_search(points.data(), n, dim, embedding.radius, k, allocate, nullptr);
      });
      std::printf("radius_search D=8 k=%-4lld (%.1f edges/point)   %10lld %12lld %10.3f %10.3f\n",
                  static_cast<long long>(k), 2.0 * static_cast<double>(num_edges) / static_cast<double>(n),
                  static_cast<long long>(n), static_cast<long long>(num_edges), search.median_ms, search.min_ms);
    }
    // Labeling after the classifier: about a fifth of the candidate edges pass the cut.
    const std::int64_t num_edges = static_cast<std::int64_t>(edges.size() / 2);
    const Buffer<float> scores = Buffer<float>::from_host(bench::random_scores(num_edges, 2), Device::cuda());
    Buffer<std::int32_t> labels(Device::cuda());
    labels.resize(static_cast<std::size_t>(n));
    const float cut = 0.8f;
    std::int32_t components = 0;
    const Timing labeling = time_call([&] {
      components = cuda::connected_components(edges.data(), scores.data(), num_edges, cut, n, labels.data(), nullptr);
    });
    std::printf("connected_components (%d components)%*s %10lld %12lld %10.3f %10.3f\n", components, 6, "",
                static_cast<long long>(n), static_cast<long long>(num_edges), labeling.median_ms, labeling.min_ms);
    Buffer<std::int64_t> kept(Device::cuda());
    Buffer<float> kept_scores(Device::cuda());
    kept.resize(static_cast<std::size_t>(2 * num_edges));
    kept_scores.resize(static_cast<std::size_t>(num_edges));
    const Timing selection = time_call([&] {
      cuda::select_edges(edges.data(), scores.data(), num_edges, cut, kept.data(), kept_scores.data(), nullptr);
    });
    std::printf("select_edges%*s %10lld %12lld %10.3f %10.3f\n", 33, "", static_cast<long long>(n),
                static_cast<long long>(num_edges), selection.median_ms, selection.min_ms);
  }
  return 0;
}
