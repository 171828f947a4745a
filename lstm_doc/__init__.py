"""lstm_doc: the LSTM cell, equation by equation, in NumPy.

The package reads top-down in the order the site teaches:

1. :mod:`lstm_doc.activations`: the sigmoid and tanh, and their derivatives;
2. :mod:`lstm_doc.params`: the weights and biases, and a seeded initializer;
3. :mod:`lstm_doc.example`: the classic exercise's running example;
4. :mod:`lstm_doc.step`: one time step;
5. :mod:`lstm_doc.sequence`: a whole sequence, as a readable loop and as a fast path.
"""

from .activations import sigmoid, sigmoid_grad, tanh, tanh_grad
from .params import GATE_ORDER, LSTMParams, init_params
from .example import RunningExample, running_example
from .step import StepResult, lstm_cell, lstm_step
from .sequence import ForwardCache, ForwardResult, lstm_forward, lstm_forward_fast

__version__ = "0.1.0"

__all__ = [
    "GATE_ORDER",
    "ForwardCache",
    "ForwardResult",
    "LSTMParams",
    "RunningExample",
    "StepResult",
    "init_params",
    "lstm_cell",
    "lstm_forward",
    "lstm_forward_fast",
    "lstm_step",
    "running_example",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
]
