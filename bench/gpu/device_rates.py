"""The GPU's measured ceilings for the floor in docs/benchmarks.md: dense matrix products in bf16
and fp32 (TF32 off, as the fp32 pipeline runs) and a device-to-device copy (bytes read plus
written). Median of CUDA-event-timed repeats after warm-up; random data, never zeros.

  python3 bench/gpu/device_rates.py rates.json
"""
import json
import sys

import torch

MATMUL_SIZE = 8192
COPY_BYTES = 2 << 30
WARMUP, REPEAT = 3, 20


def median_ms(function):
    for _ in range(WARMUP):
        function()
    times = []
    for _ in range(REPEAT):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        function()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return sorted(times)[len(times) // 2]


def matmul_tflops(dtype):
    a = torch.randn(MATMUL_SIZE, MATMUL_SIZE, device="cuda", dtype=dtype)
    b = torch.randn(MATMUL_SIZE, MATMUL_SIZE, device="cuda", dtype=dtype)
    return 2 * MATMUL_SIZE ** 3 / (median_ms(lambda: a @ b) * 1e-3) / 1e12


def main():
    torch.backends.cuda.matmul.allow_tf32 = False
    source = torch.randint(0, 255, (COPY_BYTES,), dtype=torch.uint8, device="cuda")
    destination = torch.empty_like(source)
    rates = {"gpu": torch.cuda.get_device_name(), "torch": torch.__version__, "cuda": torch.version.cuda,
             "bf16_matmul_tflops": matmul_tflops(torch.bfloat16), "fp16_matmul_tflops": matmul_tflops(torch.float16),
             "fp32_matmul_tflops": matmul_tflops(torch.float32),
             "copy_gbps": 2 * COPY_BYTES / (median_ms(lambda: destination.copy_(source)) * 1e-3) / 1e9}
    print(json.dumps(rates, indent=2))
    with open(sys.argv[1], "w") as stream:
        json.dump(rates, stream, indent=2)


if __name__ == "__main__":
    main()
