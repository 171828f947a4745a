#!/usr/bin/env python3
r"""Time lstm_doc's forward pass against the exercise, the BLAS floor and torch.nn.LSTM.

    python3 tasks.py bench                       # the full benchmark, about a minute
    python3 tasks.py bench --json results.json   # also write every sample to a file
    python3 benchmarks/forward.py --help         # all options

For each size (T, B, D, H) and dtype it checks that every implementation computes the same
hidden states, then times them interleaved (one run of each in turn, repeated) and prints
the median of each and the ratios between them. Each timed run follows an untimed run of the
same code, and a pause (``--settle``, 0.3 s) separates the NumPy runs from the torch runs:
OpenBLAS's and torch's worker threads keep spinning for a while after their last call and
would otherwise take the cores from the other library's next run:

exercise
    The classic exercise's ``lstm_step`` (four products on ``concatenate([h, x])``), looped
    over the examples of the batch one by one and over the steps. Where that would take long,
    it runs on the first few steps only and its time is scaled to T steps (the table says
    on how many: every step costs the same).
loop
    :func:`lstm_doc.lstm_forward`, the readable loop: one :func:`lstm_doc.lstm_cell` per step
    on the whole batch.
fast
    :func:`lstm_doc.lstm_forward_fast`: stacked gates, one input projection, in-place steps.
floor
    The matrix products of the fast path and nothing else: the input projection
    ``(T*B, D) @ (D, 4H)`` and T recurrent products ``(B, H) @ (H, 4H)``. No LSTM on top of
    NumPy and this BLAS can be faster than that.
torch, torch+grad, torch-no-onednn
    ``torch.nn.LSTM`` on the CPU with the same number of threads as the BLAS, when torch can
    be imported: in ``torch.inference_mode()``, recording the autograd graph (the counterpart
    of lstm_doc's cache for the backward pass), and, as a diagnostic, in inference mode with
    its oneDNN backend turned off. Its weights come from :func:`lstm_doc.convert.to_torch`,
    and its outputs are checked equal to lstm_doc's within 1e-5 before it is timed.
    ``fast/torch`` compares with the faster of the first two.

The header says what the numbers were measured with: CPU, thread count, the BLAS library
and the kernel it runs, and the ``OPENBLAS_*`` variables, which change that kernel.
``--unset-openblas-env`` reruns the benchmark with ``OPENBLAS_CORETYPE`` and
``OPENBLAS_L2_SIZE`` removed from its own environment (and nowhere else).

Timings on a shared machine move with whatever else runs there; the header and the JSON
record the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lstm_doc import LSTMParams, init_params, lstm_forward, lstm_forward_fast

# The machine description lives beside this script (found also when a test loads it by path).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import OPENBLAS_ENV, OtherLoad, machine_info

SIZES = ((100, 1, 10, 4), (100, 32, 128, 256), (50, 64, 256, 512))
DTYPES = ("float32", "float64")
#: Largest difference allowed between any two implementations' hidden states.
AGREE = {"float32": 1e-5, "float64": 1e-12}
TORCH_AGREE = 1e-5
#: Seconds one timed run of the exercise-style loop may take before it is cut to fewer steps.
EXERCISE_BUDGET = 0.05

Forward = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray | None]


# -- the contestants ------------------------------------------------------------------------
def exercise_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def exercise_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
    """The classic exercise's lstm_step, as written there, without its print."""
    combined = np.concatenate((h_prev, x_t), axis=0)
    f_t = exercise_sigmoid(np.dot(Wf, combined) + bf)
    i_t = exercise_sigmoid(np.dot(Wi, combined) + bi)
    c_tilde_t = np.tanh(np.dot(Wc, combined) + bc)
    o_t = exercise_sigmoid(np.dot(Wo, combined) + bo)
    c_next = f_t * c_prev + i_t * c_tilde_t
    h_next = o_t * np.tanh(c_next)
    return h_next, c_next


def make_exercise(params: LSTMParams) -> Forward:
    """One example at a time, one step at a time, four gate products per step."""
    weights = tuple(params.as_dict().values())

    def exercise(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> np.ndarray:
        T, B, _ = xs.shape
        hs = np.empty((T, B, params.n_hidden), dtype=xs.dtype)
        with np.errstate(over="ignore"):  # the exercise's sigmoid overflows exp for x << 0
            for b in range(B):
                h, c = h0[b], c0[b]
                for t in range(T):
                    h, c = exercise_step(xs[t, b], h, c, *weights)
                    hs[t, b] = h
        return hs

    return exercise


def make_floor(params: LSTMParams, B: int) -> Forward:
    """The fast path's matrix products alone: the input projection and T recurrent products."""
    H, D = params.n_hidden, params.n_features
    W, _ = params.stacked_rows()
    WxT = W[:, H:].T
    WhT = np.ascontiguousarray(W[:, :H].T)
    h = np.tanh(np.random.default_rng(0).normal(size=(B, H))).astype(params.dtype)
    recurrent = np.empty((B, 4 * H), dtype=params.dtype)

    def floor(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> None:
        xs.reshape(-1, D) @ WxT
        for _ in range(xs.shape[0]):
            np.dot(h, WhT, recurrent)

    return floor


def make_torch(params: LSTMParams, *, grad: bool, onednn: bool = True) -> Forward:
    """torch.nn.LSTM with lstm_doc's weights; inference mode, or recording autograd.

    ``onednn=False`` turns off PyTorch's oneDNN (mkldnn) backend, whose fused LSTM kernel
    serves inference on the CPU: a diagnostic of where PyTorch's speed comes from.
    """
    import warnings

    import torch

    from lstm_doc.convert import to_torch

    module = torch.nn.LSTM(
        params.n_features, params.n_hidden, dtype=getattr(torch, str(params.dtype))
    )
    module.load_state_dict({k: torch.from_numpy(v) for k, v in to_torch(params).items()})
    module.requires_grad_(grad)

    def run(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> np.ndarray:
        state = (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None])
        if grad:
            out, _ = module(torch.from_numpy(xs), state)
            return out.detach().numpy()
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # oneDNN's note about Intel GPUs
            with torch.backends.mkldnn.flags(enabled=onednn):
                out, _ = module(torch.from_numpy(xs), state)
        return out.numpy()

    return run


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


# -- timing ---------------------------------------------------------------------------------
def max_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def time_once(fn: Forward, args: tuple) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def make_runners(params: LSTMParams, B: int, use_torch: bool) -> dict[str, Forward]:
    """Every contestant, by the name of its column, on the same parameters."""

    def loop(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> np.ndarray:
        return lstm_forward(xs, h0, c0, params).hs

    def fast(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> np.ndarray:
        return lstm_forward_fast(xs, h0, c0, params).hs

    runners: dict[str, Forward] = {
        "exercise": make_exercise(params),
        "loop": loop,
        "fast": fast,
        "floor": make_floor(params, B),
    }
    if use_torch:
        runners["torch"] = make_torch(params, grad=False)
        runners["torch+grad"] = make_torch(params, grad=True)
        runners["torch-no-onednn"] = make_torch(params, grad=False, onednn=False)
    return runners


def exercise_steps(
    runners: dict[str, Forward], xs: np.ndarray, h0: np.ndarray, c0: np.ndarray
) -> int:
    """On how many of the T steps the exercise-style loop fits in :data:`EXERCISE_BUDGET`."""
    per_step = time_once(runners["exercise"], (xs[:1], h0, c0))
    return int(max(1, min(xs.shape[0], EXERCISE_BUDGET // max(per_step, 1e-9))))


def check_agreement(
    runners: dict[str, Forward],
    xs: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    T_ex: int,
    where: str,
) -> dict[str, float]:
    """Every contestant's hidden states against the readable loop's; stop if one disagrees."""
    reference = runners["loop"](xs, h0, c0)
    assert reference is not None
    checks = {"fast": max_diff(runners["fast"](xs, h0, c0), reference)}
    checks["exercise"] = max_diff(runners["exercise"](xs[:T_ex], h0, c0), reference[:T_ex])
    for name in ("torch", "torch+grad", "torch-no-onednn"):
        if name in runners:
            checks[name] = max_diff(runners[name](xs, h0, c0), reference)
    for name, diff in checks.items():
        limit = TORCH_AGREE if name.startswith("torch") else AGREE[str(xs.dtype)]
        if not diff <= limit:
            raise SystemExit(
                f"{name} disagrees with lstm_forward at {where}: "
                f"max |difference| {diff:.2e} > {limit:.0e}"
            )
    return checks


def time_interleaved(
    runners: dict[str, Forward],
    args: dict[str, tuple],
    scale: dict[str, float],
    repeats: int,
    settle: float,
) -> dict[str, list[float]]:
    """``repeats`` timed runs of each contestant, one of each in turn, in a rotating order.

    NumPy's contestants and torch's form two families, ``settle`` seconds apart: the other
    library's threads spin for a while after its last call and would take the cores.
    """
    samples: dict[str, list[float]] = {name: [] for name in runners}
    families = [
        [n for n in runners if not n.startswith("torch")],
        [n for n in runners if n.startswith("torch")],
    ]
    families = [f for f in families if f]
    for r in range(repeats):
        for family in families[r % len(families) :] + families[: r % len(families)]:
            if len(families) > 1:
                time.sleep(settle)
            for name in family[r % len(family) :] + family[: r % len(family)]:
                runners[name](*args[name])  # untimed: wakes this library's threads
                samples[name].append(time_once(runners[name], args[name]) * scale[name])
    return samples


def bench_size(
    T: int,
    B: int,
    D: int,
    H: int,
    dtype: str,
    repeats: int,
    use_torch: bool,
    settle: float,
    log: Callable[[str], None],
) -> dict:
    """Check, then time, every contestant at one size and dtype; the JSON record of it."""
    rng = np.random.default_rng(2024)
    params = init_params(D, H, rng, dtype=dtype)
    xs = rng.normal(size=(T, B, D)).astype(dtype)
    h0 = np.zeros((B, H), dtype=dtype)
    c0 = np.zeros((B, H), dtype=dtype)
    runners = make_runners(params, B, use_torch)
    T_ex = exercise_steps(runners, xs, h0, c0)
    checks = check_agreement(runners, xs, h0, c0, T_ex, f"{(T, B, D, H)} {dtype}")

    args = dict.fromkeys(runners, (xs, h0, c0))
    args["exercise"] = (xs[:T_ex], h0, c0)
    scale = dict.fromkeys(runners, 1.0)
    scale["exercise"] = T / T_ex
    samples = time_interleaved(runners, args, scale, repeats, settle)
    median = {name: float(np.median(s)) for name, s in samples.items()}
    log(f"  timed {(T, B, D, H)} {dtype}")
    return {
        "size": [T, B, D, H],
        "dtype": dtype,
        "repeats": repeats,
        "settle": settle,
        "exercise_steps": T_ex,
        "max_diff": checks,
        "samples": samples,
        "median": median,
        "ratios": ratios(median),
    }


def ratios(median: dict[str, float]) -> dict[str, float | None]:
    torch_best = min((median[k] for k in ("torch", "torch+grad") if k in median), default=None)
    fast = median["fast"]
    return {
        "fast/floor": fast / median["floor"],
        "fast/torch": fast / torch_best if torch_best else None,
        "floor/torch": median["floor"] / torch_best if torch_best else None,
        "exercise/fast": median["exercise"] / fast,
        "loop/fast": median["loop"] / fast,
    }


# -- report ---------------------------------------------------------------------------------
def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    ms = seconds * 1e3
    return f"{ms:.3g}" if ms < 100 else f"{ms:.0f}"


def fmt_ratio(r: float | None) -> str:
    return "-" if r is None else (f"{r:.2f}" if r < 10 else f"{r:.0f}")


TIME_COLUMNS = ("exercise", "loop", "fast", "floor", "torch", "torch+grad", "torch-no-onednn")
RATIO_COLUMNS = ("fast/floor", "fast/torch", "floor/torch", "exercise/fast", "loop/fast")


def table(results: list[dict]) -> str:
    head = ["T, B, D, H", "dtype", *(f"{c} ms" for c in TIME_COLUMNS), *RATIO_COLUMNS]
    rows = []
    for res in results:
        T, B, D, H = res["size"]
        ex = fmt_ms(res["median"]["exercise"])
        if res["exercise_steps"] < T:
            ex += f" ({res['exercise_steps']}/{T})"
        rows.append(
            [
                f"{T}, {B}, {D}, {H}",
                res["dtype"],
                ex,
                *(fmt_ms(res["median"].get(c)) for c in TIME_COLUMNS[1:]),
                *(fmt_ratio(res["ratios"][c]) for c in RATIO_COLUMNS),
            ]
        )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in [head, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def find(results: list[dict], size: tuple, dtype: str) -> dict | None:
    for res in results:
        if tuple(res["size"]) == size and res["dtype"] == dtype:
            return res
    return None


#: What each ratio answers, printed under the table.
RATIO_MEANINGS = (
    (
        "fast/floor",
        "how much the fast path's elementwise work adds to its matrix products "
        "(1 would mean nothing)",
    ),
    ("fast/torch", "the fast path against torch.nn.LSTM (below 1: NumPy is faster)"),
    (
        "floor/torch",
        "the matrix products alone against torch.nn.LSTM (above 1: torch is "
        "faster than the products alone, which no NumPy forward pass on this "
        "BLAS can beat)",
    ),
    ("exercise/fast", "the speed-up of the fast path over the exercise's loop"),
    ("loop/fast", "the speed-up of the fast path over the readable loop"),
)


def ratio_legend() -> list[str]:
    """One line per ratio column: the question it answers."""
    width = max(len(key) for key, _ in RATIO_MEANINGS)
    return [f"  {key:<{width}}  {meaning}" for key, meaning in RATIO_MEANINGS]


def report(info: dict, results: list[dict]) -> str:
    blas, build = info["blas"], info["blas_build"]
    env = ", ".join(f"{k}={v}" for k, v in info["env"].items() if v is not None) or "none set"
    lines = [
        f"lstm_doc forward-pass benchmark, {info['date']}, commit {info['commit']}",
        f"CPU: {info['cpu']}, {info['cores']} cores; Python {info['python']}, "
        f"NumPy {info['numpy']}",
        f"BLAS: {build.get('name')} {build.get('version')}; runs "
        f"{blas.get('library')} {blas.get('version') or ''} with {blas.get('threads')} "
        f"threads, kernel {blas.get('kernel')} (read via {blas.get('source')})",
        f"Environment: {env}",
    ]
    if "torch" in info:
        lines.append(
            f"torch {info['torch']['version']} with {info['torch']['threads']} "
            f"threads (oneDNN available: {info['torch']['mkldnn']})"
        )
    else:
        lines.append(f"torch: {info.get('torch_absent', 'not used')}, its columns are empty")
    lines.append(
        "NumPy calls, us each: "
        + "; ".join(f"{name} {us:.2f}" for name, us in info["call_costs_us"].items())
    )
    share = info.get("other_cpu_share")
    lines.append(
        "Other processes used "
        + ("an unknown share" if share is None else f"{share:.1%}")
        + " of the CPUs' time during the run"
    )
    lines.append(
        f"Load average before: {', '.join(f'{x:.2f}' for x in info['load_before'])}"
        f"; after: {', '.join(f'{x:.2f}' for x in info['load_after'])}"
    )
    repeats = results[0]["repeats"] if results else 0
    lines += [
        "",
        f"Median of {repeats} interleaved runs, in milliseconds; each timed run follows an "
        "untimed one of the same code,",
        f"and NumPy and torch runs are {results[0]['settle'] if results else 0} s apart. "
        "exercise (k/T): timed on the first k steps, scaled to T.",
        "floor: the input projection plus T recurrent products alone. fast/torch compares "
        "with the faster torch column.",
        "",
        table(results),
        "",
        "Where the time goes: (fast - floor) / T is the work per step beyond the matrix",
        "products; exercise/floor bounds what any code on this BLAS can gain over the exercise.",
    ]
    for res in results:
        T = res["size"][0]
        med = res["median"]
        extra = (med["fast"] - med["floor"]) / T * 1e6
        lines.append(
            f"  {tuple(res['size'])!s:<20} {res['dtype']:<8} fast - floor = "
            f"{extra:7.1f} us per step; exercise/floor = "
            f"{fmt_ratio(med['exercise'] / med['floor'])}"
        )
    lines += ["", "How to read the ratios:", *ratio_legend()]
    return "\n".join(lines)


def parse_sizes(text: str) -> tuple:
    try:
        sizes = tuple(tuple(int(n) for n in part.split(",")) for part in text.split(";"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 'T,B,D,H;T,B,D,H'; got {text!r}") from None
    if any(len(s) != 4 or min(s) < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"every size is four positive integers; got {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=7,
        help="timed runs of each implementation (the median is reported; default 7)",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=SIZES,
        help="sizes as 'T,B,D,H;T,B,D,H' (default: one example with 4 "
        "hidden units, then two batched sizes: "
        "100,1,10,4;100,32,128,256;50,64,256,512)",
    )
    parser.add_argument(
        "--dtypes",
        default=",".join(DTYPES),
        help="comma-separated dtypes (default float32,float64)",
    )
    parser.add_argument("--no-torch", action="store_true", help="leave torch out")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.3,
        help="seconds to pause before switching between NumPy and torch, so "
        "that the other library's spinning threads go to sleep "
        "(default 0.3)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--unset-openblas-env",
        action="store_true",
        help="rerun without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    dtypes = [d.strip() for d in args.dtypes.split(",")]
    if not set(dtypes) <= set(DTYPES):
        parser.error(f"--dtypes: choose from {', '.join(DTYPES)}")

    if args.unset_openblas_env:
        env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_ENV}
        rest = [
            a for a in (argv if argv is not None else sys.argv[1:]) if a != "--unset-openblas-env"
        ]
        if any(k in os.environ for k in OPENBLAS_ENV):
            os.execve(sys.executable, [sys.executable, __file__, *rest], env)

    info = machine_info()
    use_torch = not args.no_torch and torch_available()
    if not use_torch:
        info["torch_absent"] = "left out (--no-torch)" if args.no_torch else "not installed"
    if use_torch:
        import torch

        threads = info["blas"].get("threads") or os.cpu_count() or 1
        torch.set_num_threads(int(threads))
        info["torch"] = {
            "version": torch.__version__,
            "threads": torch.get_num_threads(),
            "mkldnn": torch.backends.mkldnn.is_available(),
        }

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    other = OtherLoad()
    results = [
        bench_size(*size, dtype, args.repeats, use_torch, args.settle, log)
        for size in args.sizes
        for dtype in dtypes
    ]
    info["load_after"] = os.getloadavg()
    info["other_cpu_share"] = other.share()
    print(report(info, results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
