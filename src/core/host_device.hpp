#pragma once
// TRACKGNN_HOST_DEVICE marks a per-element function that both the host loops and the CUDA
// kernels call, so that each rule is written once. Empty for a host-only compiler.
#if defined(__CUDACC__)
#define TRACKGNN_HOST_DEVICE __host__ __device__
#else
#define TRACKGNN_HOST_DEVICE
#endif
