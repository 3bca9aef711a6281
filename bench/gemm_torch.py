"""PyTorch's float32 matmul on the shapes of GemmBench (issue 12): the other side of the GEMM comparison.

    /usr/bin/python3 bench/gemm_torch.py [seconds per shape=2] [threads=2]
"""
import sys
import time

import torch

SHAPES = [(512, 784, 1024), (512, 1024, 1024), (512, 1024, 256), (784, 512, 1024), (1024, 512, 1024),
          (512, 1024, 784), (1024, 1024, 1024), (256, 784, 1024), (256, 1024, 1024), (1024, 256, 1024)]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    torch.manual_seed(1)
    blas = [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {'; '.join(blas)}")
    total = 0.0
    for m, k, n in SHAPES:
        a, b = torch.rand(m, k), torch.rand(k, n)
        c = torch.empty(m, n)
        for _ in range(3):
            torch.matmul(a, b, out=c)
        reps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            torch.matmul(a, b, out=c)
            reps += 1
        sec = time.perf_counter() - t0
        total += sec / reps
        print(f"{str([m, k, n]):18s} {2.0 * m * k * n * reps / sec / 1e9:7.1f} GFLOP/s  {1e3 * sec / reps:6.2f} ms")
    print(f"all shapes once: {1e3 * total:.2f} ms")


if __name__ == "__main__":
    main()
