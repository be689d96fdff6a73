#pragma once
// What the kernel tests share: a skip without a GPU, fresh random seeds that are reported on
// failure, and device copies through trackgnn::Buffer (so the tests need no CUDA headers).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "trackgnn/core/buffer.hpp"
#include "trackgnn/core/device.hpp"

namespace trackgnn::testing {

#define TRACKGNN_SKIP_WITHOUT_CUDA()                                                        \
  do {                                                                                      \
    if (!::trackgnn::cuda_available()) GTEST_SKIP() << "no CUDA device: kernel test skipped"; \
  } while (0)

// A generator with a fresh seed each run; the seed is part of every failure message.
class FreshRandom {
 public:
  FreshRandom() : seed_(std::random_device{}()), engine_(seed_), trace_(__FILE__, __LINE__, "random seed " + std::to_string(seed_)) {}
  std::mt19937_64& engine() { return engine_; }
  float uniform(float low, float high) { return std::uniform_real_distribution<float>(low, high)(engine_); }
  std::int64_t integer(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(engine_);
  }

 private:
  unsigned seed_;
  std::mt19937_64 engine_;
  ::testing::ScopedTrace trace_;
};

template <typename T>
Buffer<T> to_device(const std::vector<T>& values) {
  return Buffer<T>::from_host(values, Device::cuda());
}

}  // namespace trackgnn::testing
