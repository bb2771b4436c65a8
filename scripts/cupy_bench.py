#!/usr/bin/env python3
"""CuPy reference for the bms GPU benchmark (issue 7).

Times the same host-to-host operations as bms.core.linalg.gpu.GpuCheck: NumPy arrays in,
NumPy arrays out, so uploads and downloads are included, plus the device-only time of each
operation for reference. Writes a JSON list of rows like GpuCheck's.

    python3 cupy_bench.py --out cupy.json [--sizes 256,512,...]
"""
import argparse
import json
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", default="256,512,1024,2048,4096,8192")
    args = ap.parse_args()
    result = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rows": []}
    try:
        import numpy as np
        import cupy as cp
        import cupyx.scipy.linalg as cpl
    except Exception as e:  # noqa: BLE001 - report whatever stops the import
        result["error"] = "cannot import cupy: %r" % (e,)
        write(args.out, result)
        print(result["error"], file=sys.stderr)
        return 2
    props = cp.cuda.runtime.getDeviceProperties(0)
    result["device"] = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
    result["cupy"] = cp.__version__
    result["numpy"] = np.__version__
    result["cuda_runtime"] = cp.cuda.runtime.runtimeGetVersion()

    def timed(reps, setup, body):
        setup()
        body()
        cp.cuda.Device().synchronize()
        out = []
        for _ in range(reps):
            setup()
            cp.cuda.Device().synchronize()
            t = time.perf_counter()
            body()
            cp.cuda.Device().synchronize()
            out.append(time.perf_counter() - t)
        return out

    def row(op, n, mode, flops, secs):
        med = statistics.median(secs)
        r = {"op": op, "n": n, "backend": "cupy_" + mode, "median_ms": med * 1e3,
             "min_ms": min(secs) * 1e3, "reps": len(secs), "gflops": flops / med / 1e9}
        result["rows"].append(r)
        print("[cupy] %s" % json.dumps(r), flush=True)
        write(args.out, result)

    for n in [int(s) for s in args.sizes.split(",")]:
        reps = 5 if n >= 8192 else 7 if n >= 2048 else 9
        rng = np.random.default_rng(5000 + n)
        g = rng.uniform(-1, 1, (n, n))
        a = g @ g.T / n + np.eye(n)
        b = rng.uniform(-1, 1, (n, n))
        b2 = rng.uniform(-1, 1, (n, n))
        l_host = np.linalg.cholesky(a)
        del g

        # Host to host: NumPy in, NumPy out.
        row("potrf", n, "h2h", n ** 3 / 3, timed(reps, lambda: None,
            lambda: cp.linalg.cholesky(cp.asarray(a)).get()))
        row("trsm", n, "h2h", float(n) ** 3, timed(reps, lambda: None,
            lambda: cpl.solve_triangular(cp.asarray(l_host), cp.asarray(b), lower=True).get()))
        row("gemm", n, "h2h", 2.0 * n ** 3, timed(reps, lambda: None,
            lambda: (cp.asarray(b) @ cp.asarray(b2)).get()))

        # Device only: operands already on the GPU, result left there.
        da, dl, db, db2 = cp.asarray(a), cp.asarray(l_host), cp.asarray(b), cp.asarray(b2)
        row("potrf", n, "device", n ** 3 / 3, timed(reps, lambda: None, lambda: cp.linalg.cholesky(da)))
        row("trsm", n, "device", float(n) ** 3, timed(reps, lambda: None,
            lambda: cpl.solve_triangular(dl, db, lower=True)))
        row("gemm", n, "device", 2.0 * n ** 3, timed(reps, lambda: None, lambda: db @ db2))
        del da, dl, db, db2
        cp.get_default_memory_pool().free_all_blocks()
    return 0


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
