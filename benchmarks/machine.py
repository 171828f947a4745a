"""The machine a benchmark ran on, and how busy it was: what benchmarks/forward.py reports.

The numbers of a benchmark mean little without the machine: the CPU, the BLAS library NumPy
runs and the kernel it picked (which ``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` change),
its thread count, what a small NumPy call costs here, and how much of the CPUs' time other
processes took while the benchmark ran.
"""

from __future__ import annotations

import ctypes
import datetime
import os
import platform
import subprocess
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
#: The OpenBLAS variables that change the kernel it runs (``--unset-openblas-env`` drops them).
OPENBLAS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_build() -> dict:
    """What NumPy was built against, from numpy.show_config."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except Exception:  # older NumPy: no dicts mode
        return {}
    return {k: blas.get(k) for k in ("name", "version", "openblas configuration")}


def blas_runtime() -> dict:
    """The BLAS NumPy runs now: threads and kernel, by threadpoolctl or by asking OpenBLAS."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return openblas_runtime()
    for lib in threadpool_info():
        if lib.get("user_api") == "blas" and "numpy" in str(lib.get("filepath", "")):
            return {
                "library": lib.get("internal_api"),
                "version": lib.get("version"),
                "threads": lib.get("num_threads"),
                "kernel": lib.get("architecture"),
                "source": "threadpoolctl",
            }
    return openblas_runtime()


def openblas_runtime() -> dict:
    """Ask the OpenBLAS loaded in this process for its thread count and kernel (Linux)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return {}
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()})
    for path in paths:
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                try:
                    threads = getattr(lib, f"{prefix}_get_num_threads{suffix}")
                    corename = getattr(lib, f"{prefix}_get_corename{suffix}")
                    config = getattr(lib, f"{prefix}_get_config{suffix}")
                except AttributeError:
                    continue
                corename.restype = config.restype = ctypes.c_char_p
                version = config().decode().split()
                return {
                    "library": "openblas",
                    "threads": int(threads()),
                    "version": version[1] if len(version) > 1 else None,
                    "kernel": corename().decode(),
                    "source": Path(path).name,
                }
    return {}


def machine_info() -> dict:
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas_build": blas_build(),
        "blas": blas_runtime(),
        "env": {
            k: os.environ.get(k)
            for k in (*OPENBLAS_ENV, "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        },
        "load_before": os.getloadavg(),
        "call_costs_us": call_costs(),
    }
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = None
    return info


def call_costs() -> dict[str, float]:
    """Microseconds per call of NumPy operations like those a fast-path step is made of."""
    h, W = np.ones((1, 4)), np.ones((4, 16))
    a, out = np.ones((1, 16)), np.empty((1, 16))
    half = np.array(0.5)
    rows = np.ones((32, 1024))
    strided, contiguous = rows[:, :768], np.ones((32, 768))  # the sigmoid block of (B, 4H)
    ops = {
        "np.dot (1, 4) @ (4, 16), out=": lambda: np.dot(h, W, out),
        "np.tanh (1, 16), in place": lambda: np.tanh(a, a),
        "np.multiply (1, 16) by a 0-d array, in place": lambda: np.multiply(a, half, a),
        "np.multiply (32, 768) contiguous, in place": lambda: np.multiply(
            contiguous, half, contiguous
        ),
        "np.multiply (32, 768) slice of (32, 1024) rows, in place": lambda: np.multiply(
            strided, half, strided
        ),
    }
    costs = {}
    for name, op in ops.items():
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(500):
                op()
            best = min(best, (time.perf_counter() - start) / 500)
        costs[name] = best * 1e6
    return costs


def cpu_busy_seconds() -> float | None:
    """Seconds all CPUs have spent busy since boot, from /proc/stat (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class OtherLoad:
    """How busy the CPUs were with other processes while the benchmark ran.

    The share of all cores' time, between start and stop, spent on work that was not this
    process's: 0 on a quiet machine, 0.5 when another process kept one of two cores busy.
    """

    def __init__(self) -> None:
        self.wall, self.busy, self.own = time.perf_counter(), cpu_busy_seconds(), own_seconds()

    def share(self) -> float | None:
        busy = cpu_busy_seconds()
        if busy is None or self.busy is None:
            return None
        wall = time.perf_counter() - self.wall
        other = (busy - self.busy) - (own_seconds() - self.own)
        return max(0.0, other) / (wall * (os.cpu_count() or 1))


def own_seconds() -> float:
    t = os.times()
    return t.user + t.system
