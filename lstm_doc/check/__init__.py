"""Check your own LSTM: run it against lstm_doc and name the mistake when it differs.

From a notebook:

    from lstm_doc.check import check_lstm_step
    print(check_lstm_step(my_lstm_step))

From the command line:

    python -m lstm_doc.check solution.py                        # its lstm_step
    python -m lstm_doc.check solution.py --function my_step
    python -m lstm_doc.check backward.py --target step_backward

The submission runs on the running example and on random cases (one example and batches,
float64 and float32, small and large pre-activations, sizes with H + D != 2H). It is correct when
it matches :func:`lstm_doc.lstm_step` (to 1e-10 in float64, 1e-5 in float32) without warnings and
without changing its arguments; a function for one example at a time is correct, and batches are
checked only when it accepts them. Otherwise the checker runs the deliberately broken
implementations of its catalogues (``STEP_MISTAKES``, ``BACKWARD_MISTAKES``) on the same
cases and names the ones the submission reproduces. Exit status: 0 correct, 1 mistake, 2 the
function cannot be checked (missing, wrong signature, raises, returns the wrong things, too slow).
"""

from .backward_mistakes import BACKWARD_MISTAKES
from .cli import check_file, main
from .mistake import Mistake
from .parts import step_from_parts
from .result import CheckResult
from .step_mistakes import STEP_MISTAKES
from .targets import check_lstm_step, check_step_backward

__all__ = [
    "BACKWARD_MISTAKES",
    "STEP_MISTAKES",
    "CheckResult",
    "Mistake",
    "check_file",
    "check_lstm_step",
    "check_step_backward",
    "main",
    "step_from_parts",
]
