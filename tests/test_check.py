"""The checker: correct solutions pass, every catalogue mistake is named, nothing wrong passes.

``lstm_doc.check`` compares a submission with lstm_doc and with deliberately broken
implementations of its own. These tests give it the catalogue's implementations, other broken
implementations written here (not in the catalogue), the exercise's own solution and files that
cannot be checked, and run the command line in a subprocess for its exit status.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import lstm_doc.check as check
from lstm_doc import LSTMGrads, lstm_step, lstm_step_backward, sigmoid
from lstm_doc.check import (
    BACKWARD_MISTAKES,
    STEP_MISTAKES,
    check_lstm_step,
    check_step_backward,
)
from lstm_doc.check.backward_mistakes import BackSlip, broken_step_backward
from lstm_doc.check.cases import step_cases
from lstm_doc.check.step_mistakes import Slip, broken_step

EXERCISE = Path(__file__).parent / "data" / "check" / "exercise_solution.py"
SEEDS = (0, 7)
MORE_SEEDS = range(4)

STEP_IMPLS = [(m, k, impl) for m in STEP_MISTAKES for k, impl in enumerate(m.implementations)]
BACKWARD_IMPLS = [
    (m, k, impl) for m in BACKWARD_MISTAKES for k, impl in enumerate(m.implementations)
]


def values_are_right(mistake) -> bool:
    """The overflowing sigmoid written as 1 / (1 + exp(-a)) warns but returns the right values."""
    return mistake.key == "overflowing-sigmoid"


# --- correct solutions -------------------------------------------------------------------------


def test_lstm_doc_itself_is_correct_and_checked_on_batches() -> None:
    result = check_lstm_step(lstm_step)
    assert (result.verdict, result.exit_code, result.batches) == ("correct", 0, True)
    assert result.message.startswith("CORRECT: lstm_step matches lstm_doc.lstm_step")


def test_the_exercises_own_solution_passes_and_the_report_says_batches_are_not_accepted() -> None:
    result = check.check_file(str(EXERCISE))
    assert result.verdict == "correct", result.message
    assert result.batches is False
    assert "Batches: not accepted" in result.message
    # Its naive sigmoid overflows on the large cases: named as a note, not as a failure.
    assert result.mistakes == ("overflowing-sigmoid",)


def test_a_stable_one_example_solution_passes_cleanly() -> None:
    def one_at_a_time(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        hx = np.concatenate([h_prev, x_t])
        f_t, i_t, o_t = (sigmoid(np.dot(W, hx) + b) for W, b in ((Wf, bf), (Wi, bi), (Wo, bo)))
        c_next = f_t * c_prev + i_t * np.tanh(np.dot(Wc, hx) + bc)
        return o_t * np.tanh(c_next), c_next

    result = check_lstm_step(one_at_a_time)
    assert (result.verdict, result.mistakes, result.batches) == ("correct", (), False)


def test_a_float64_solution_given_float32_passes_within_1e_5() -> None:
    def upcasting(*args):
        h, c = lstm_step(*(a.astype(np.float64) for a in args))
        return h, c

    assert check_lstm_step(upcasting).verdict == "correct"


def test_lstm_doc_backward_step_is_correct() -> None:
    result = check_step_backward(lstm_step_backward)
    assert (result.verdict, result.batches) == ("correct", True), result.message


def test_a_backward_step_returning_a_dict_of_gradients_passes() -> None:
    def as_dict(*args):
        back = lstm_step_backward(*args)
        return (
            back.dx_t,
            back.dh_prev,
            back.dc_prev,
            dict(
                zip(
                    ("dWf", "dWi", "dWo", "dWc", "dbf", "dbi", "dbo", "dbc"),
                    back.grads,
                    strict=True,
                )
            ),
        )

    assert check_step_backward(as_dict).verdict == "correct"


# --- the cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", MORE_SEEDS)
def test_cases_show_transposes_overflow_and_batches_treated_as_features(seed: int) -> None:
    cases = step_cases(seed)
    for case in cases:
        x_t, h_prev, _, Wf, *_ = case.args
        H, D = h_prev.shape[-1], x_t.shape[-1]
        assert H + D != 2 * H and Wf.shape == (H, H + D), case.name
    largest = {}
    for case in cases:
        x_t, h_prev, _, *p = case.args
        hx = np.concatenate([h_prev, x_t], axis=-1).astype(np.float64)
        a = max(float(np.abs(hx @ W.T + b).max()) for W, b in zip(p[:4], p[4:], strict=True))
        key = case.dtype.name
        largest[key] = max(largest.get(key, 0.0), a)
    assert largest["float64"] > 709 and largest["float32"] > 88.8  # where exp overflows
    first_batch = next(c for c in cases if c.batched)
    assert first_batch.args[0].shape[0] == first_batch.args[1].shape[1]  # B == H
    assert {c.dtype.name for c in cases if c.batched} == {"float32", "float64"}


# --- the catalogue -----------------------------------------------------------------------------


def test_the_catalogues_are_as_large_as_promised() -> None:
    assert len(STEP_MISTAKES) >= 12
    assert len({m.key for m in STEP_MISTAKES + BACKWARD_MISTAKES}) == len(
        STEP_MISTAKES + BACKWARD_MISTAKES
    )


@pytest.mark.parametrize(
    ("mistake", "k", "impl"), STEP_IMPLS, ids=[f"{m.key}-{k}" for m, k, _ in STEP_IMPLS]
)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_step_mistake_is_recognised_by_name(mistake, k, impl, seed: int) -> None:
    result = check_lstm_step(impl, seed=seed, name="my_step")
    assert result.mistakes == (mistake.key,), result.message
    assert f": {mistake.title}." in result.message
    if values_are_right(mistake) and k == 0:
        assert result.verdict == "correct"
    else:
        assert (result.verdict, result.exit_code) == ("mistake", 1), result.message


@pytest.mark.parametrize(
    ("mistake", "k", "impl"), BACKWARD_IMPLS, ids=[f"{m.key}-{k}" for m, k, _ in BACKWARD_IMPLS]
)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_backward_mistake_is_recognised_by_name(mistake, k, impl, seed: int) -> None:
    result = check_step_backward(impl, seed=seed)
    assert (result.verdict, result.mistakes) == ("mistake", (mistake.key,)), result.message


def test_a_mistake_report_says_which_output_differs_where_and_by_how_much() -> None:
    result = check_lstm_step(broken_step(Slip(h_rule="o*c")), name="my_step")
    h_ref, _ = lstm_step(*step_cases()[0].args)
    h_bad, _ = broken_step(Slip(h_rule="o*c"))(*step_cases()[0].args)
    worst = int(np.argmax(np.abs(h_bad - h_ref)))
    assert "On the running example" in result.message
    assert (
        f"h_next differs first at index [0] (got {h_bad[0]:.8g}, expected {h_ref[0]:.8g})"
        in result.message
    )
    assert "\n    largest difference" in result.message
    assert f"largest difference {abs(h_bad - h_ref)[worst]:.3g} at [{worst}]" in result.message
    assert "(c_next matches)" in result.message


def test_a_report_of_an_in_place_change_names_the_argument() -> None:
    result = check_lstm_step(broken_step(Slip(in_place=True)))
    assert "changes its argument(s) c_prev in place" in " ".join(result.message.split())


# --- nothing wrong is ever called correct ------------------------------------------------------


def other_broken_steps():
    """Wrong implementations that are not in the catalogue."""

    def gates(x_t, h_prev, Ws, bs):
        hx = np.concatenate([h_prev, x_t], axis=-1)
        return [hx @ W.T + b for W, b in zip(Ws, bs, strict=True)]

    def no_input_gate(x_t, h_prev, c_prev, *p):
        a_f, _a_i, a_o, a_c = gates(x_t, h_prev, p[:4], p[4:])
        c = sigmoid(a_f) * c_prev + np.tanh(a_c)
        return sigmoid(a_o) * np.tanh(c), c

    def no_output_gate(x_t, h_prev, c_prev, *p):
        _h, c = lstm_step(x_t, h_prev, c_prev, *p)
        return np.tanh(c), c

    def candidate_and_output_swapped(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        return lstm_step(x_t, h_prev, c_prev, Wf, Wi, Wc, Wo, bf, bi, bc, bo)

    def bias_twice(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        return lstm_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, 2 * bf, 2 * bi, 2 * bo, 2 * bc)

    def h_and_c_prev_swapped(x_t, h_prev, c_prev, *p):
        return lstm_step(x_t, np.tanh(c_prev), np.arctanh(np.clip(h_prev, -0.99, 0.99)), *p)

    def slightly_off(*args):
        h, c = lstm_step(*args)
        return h + 1e-7, c

    def half_precision(*args):
        h, c = lstm_step(*(a.astype(np.float16).astype(np.float32) for a in args))
        return h.astype(args[0].dtype), c.astype(args[0].dtype)

    def first_row_for_the_whole_batch(*args):
        h, c = lstm_step(*args)
        if h.ndim == 2:
            h = np.broadcast_to(h[0], h.shape).copy()
        return h, c

    def clobbers_h_prev(x_t, h_prev, c_prev, *p):
        h, c = lstm_step(x_t, h_prev, c_prev, *p)
        h_prev[...] = h
        return h, c

    def cell_state_clipped(*args):
        h, c = lstm_step(*args)
        return h, np.clip(c, -1, 1)

    return [
        no_input_gate,
        no_output_gate,
        candidate_and_output_swapped,
        bias_twice,
        h_and_c_prev_swapped,
        slightly_off,
        half_precision,
        first_row_for_the_whole_batch,
        clobbers_h_prev,
        cell_state_clipped,
    ]


WRONG_STEPS = [impl for m, k, impl in STEP_IMPLS if not (values_are_right(m) and k == 0)]


@pytest.mark.parametrize("seed", MORE_SEEDS)
def test_no_wrong_step_is_ever_called_correct(seed: int) -> None:
    for impl in WRONG_STEPS + other_broken_steps():
        result = check_lstm_step(impl, seed=seed)
        assert result.verdict == "mistake", (impl, result.message)


def test_wrong_steps_outside_the_catalogue_are_not_given_a_catalogue_name() -> None:
    for impl in other_broken_steps():
        result = check_lstm_step(impl)
        if impl.__name__ == "clobbers_h_prev":
            assert result.mistakes == ("in-place",)
            continue
        assert result.mistakes == (), (impl.__name__, result.message)
        assert "No mistake of the catalogue" in result.message


def other_broken_backward_steps():
    def doubled(*args):
        b = lstm_step_backward(*args)
        return 2 * b.dx_t, 2 * b.dh_prev, 2 * b.dc_prev, LSTMGrads(*(2 * g for g in b.grads))

    def no_candidate_in_dh(*args):
        right = broken_step_backward(BackSlip())(*args)
        dh, dc, step, _c_prev, params = args
        da_c = (
            (dc + dh * step.o_t * (1 - np.tanh(step.c_next) ** 2))
            * step.i_t
            * (1 - step.c_tilde**2)
        )
        dcomb = da_c @ params.Wc
        H = params.n_hidden
        return right[0] - dcomb[..., H:], right[1] - dcomb[..., :H], right[2], right[3]

    return [doubled, no_candidate_in_dh]


@pytest.mark.parametrize("seed", MORE_SEEDS)
def test_no_wrong_backward_step_is_ever_called_correct(seed: int) -> None:
    for impl in [i for _, _, i in BACKWARD_IMPLS] + other_broken_backward_steps():
        assert check_step_backward(impl, seed=seed).verdict == "mistake", impl


def test_bias_gradients_kept_per_example_are_named_not_summed() -> None:
    def per_example(dh_next, dc_next, step, c_prev, params):
        b = lstm_step_backward(dh_next, dc_next, step, c_prev, params)
        if dh_next.ndim == 2:
            # The forget gate's bias gradient left with one row per example.
            dc = dc_next + dh_next * step.o_t * (1 - np.tanh(step.c_next) ** 2)
            da_f = dc * c_prev * step.f_t * (1 - step.f_t)
            return b.dx_t, b.dh_prev, b.dc_prev, (*b.grads[:4], da_f, *b.grads[5:])
        return b

    result = check_step_backward(per_example)
    assert (result.verdict, result.mistakes) == ("mistake", ("not-summed",)), result.message
    assert "dbf has shape (3, 3); expected (3,)" in result.message


# --- what cannot be checked: one line, exit status 2 -------------------------------------------


def returns(value):
    def step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        return value(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc)

    return step


@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (
            lambda x_t, h_prev: None,
            "has the signature <lambda>(x_t, h_prev); the checker calls it as <lambda>(x_t, h_prev, "
            "c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc)",
        ),
        (
            returns(lambda *a: (1 / 0, 1)),
            "raised on the running example (one example, D=10, H=4, "
            "float64): ZeroDivisionError: division by zero (test_check.py, line",
        ),
        (returns(lambda *a: lstm_step(*a)[0]), "it returned a ndarray; expected two arrays"),
        (returns(lambda *a: (*lstm_step(*a), 0)), "it returned 3 values; expected two arrays"),
        (
            returns(lambda *a: tuple(v.tolist() for v in lstm_step(*a))),
            "h_next is a list, not a NumPy array (expected shape (4,))",
        ),
        (
            returns(lambda *a: (lstm_step(*a)[0][:2], lstm_step(*a)[1])),
            "h_next has shape (2,); expected (4,)",
        ),
        ("not a function", "is not a function (it is a str)"),
    ],
)
def test_what_cannot_be_checked_gets_one_line_and_exit_status_2(fn, expected: str) -> None:
    result = check_lstm_step(fn, name="fn") if isinstance(fn, str) else check_lstm_step(fn)
    assert (result.verdict, result.exit_code) == ("error", 2)
    assert "\n" not in result.message and result.message.startswith("ERROR: ")
    assert expected in result.message, result.message


def test_a_submission_slower_than_the_time_limit_is_stopped() -> None:
    def slow(*args):
        time.sleep(5)
        return lstm_step(*args)

    start = time.perf_counter()
    result = check_lstm_step(slow, time_limit=0.2)
    assert time.perf_counter() - start < 2
    assert result.verdict == "error"
    assert "ran longer than the time limit of 0.2 s" in result.message


# --- the command line --------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lstm_doc.check", *args], capture_output=True, text=True, timeout=120
    )


def write(folder: Path, name: str, code: str) -> str:
    path = folder / name
    path.write_text(textwrap.dedent(code))
    return str(path)


def test_cli_exit_0_for_the_exercises_own_solution() -> None:
    done = run_cli(str(EXERCISE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("CORRECT: lstm_step matches")
    assert "Concatenated" not in done.stdout  # the solution's own prints are swallowed


def test_cli_exit_1_names_the_mistake(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sol.py",
        """\
        import numpy as np
        from lstm_doc import sigmoid

        def my_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
            hx = np.concatenate([h_prev, x_t])
            f_t, i_t, o_t = sigmoid(Wf @ hx + bf), sigmoid(Wi @ hx + bi), sigmoid(Wo @ hx + bo)
            c_next = f_t * c_prev + i_t * np.tanh(Wc @ hx + bc)
            return o_t * c_next, c_next
        """,
    )
    done = run_cli(path, "--function", "my_step")
    assert done.returncode == 1
    assert "Likely mistake: h_next = o_t * c_next (the tanh left out)." in done.stdout


@pytest.mark.parametrize(
    ("code", "args", "expected"),
    [
        ("def lstm_step(:\n", (), "ERROR: cannot import sol.py: SyntaxError: "),
        (
            "raise RuntimeError('boom')\n",
            (),
            "ERROR: cannot import sol.py: RuntimeError: boom "
            "(sol.py, line 1: raise RuntimeError('boom'))",
        ),
        (
            "def other(): pass\n",
            (),
            "ERROR: sol.py has no function named lstm_step (it defines: other)",
        ),
        (
            "def lstm_step(*a):\n    raise KeyError('Wf')\n",
            (),
            "raised on the running example "
            "(one example, D=10, H=4, float64): KeyError: 'Wf' (sol.py, line 2: raise KeyError('Wf'))",
        ),
        (
            "import time\ndef lstm_step(*a):\n    time.sleep(10)\n",
            ("--time-limit", "0.3"),
            "ran longer than the time limit of 0.3 s",
        ),
    ],
)
def test_cli_exit_2_with_one_line_and_no_traceback(tmp_path: Path, code: str, args, expected):
    done = run_cli(write(tmp_path, "sol.py", code), *args)
    assert done.returncode == 2
    assert done.stdout.count("\n") == 1 and "Traceback" not in done.stdout + done.stderr
    assert expected in done.stdout, done.stdout


def test_cli_checks_a_backward_step(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "back.py",
        """\
        from lstm_doc.check.backward_mistakes import BackSlip, broken_step_backward

        lstm_step_backward = broken_step_backward(BackSlip(dc_prev_through_f=False))
        right = broken_step_backward(BackSlip())
        """,
    )
    wrong = run_cli(path, "--target", "step_backward")
    assert wrong.returncode == 1
    assert "Likely mistake: dc_prev without the forget gate." in wrong.stdout
    assert run_cli(path, "--target", "step_backward", "--function", "right").returncode == 0


# --- the contract every public object follows --------------------------------------------------


@pytest.mark.parametrize("name", check.__all__)
def test_public_checker_objects_have_docstrings_examples_and_type_hints(name: str) -> None:
    obj = getattr(check, name)
    if not callable(obj):
        return  # the catalogues: tuples of Mistake, documented in the module
    doc = inspect.getdoc(obj)
    assert doc and "Examples\n--------" in doc and ">>> " in doc, name
    if inspect.isfunction(obj):
        sig = inspect.signature(obj)
        assert sig.return_annotation is not inspect.Signature.empty
        assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values())


# --- checking one part of the step ------------------------------------------------------------


def test_a_part_written_by_hand_is_checked_through_the_step() -> None:
    from lstm_doc.check import step_from_parts

    def forget_complement_update(f_t, c_prev, i_t, c_tilde):
        return (1 - f_t) * c_prev + i_t * c_tilde

    def x_first(h_prev, x_t):
        return np.concatenate([x_t, h_prev], axis=-1)

    assert check_lstm_step(step_from_parts()).verdict == "correct"
    assert check_lstm_step(step_from_parts(cell_update=forget_complement_update)).mistakes == (
        "forget-complement",
    )
    assert check_lstm_step(step_from_parts(concatenate=x_first)).mistakes == ("x-first",)
    with pytest.raises(TypeError, match="unknown part"):
        step_from_parts(forget=x_first)
