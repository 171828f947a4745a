"""lstm_doc: the LSTM cell, equation by equation, in NumPy.

The package reads top-down in the order the site teaches:

1. :mod:`lstm_doc.activations`: the sigmoid and tanh, and their derivatives;
2. :mod:`lstm_doc.params`: the weights and biases, and a seeded initializer;
3. :mod:`lstm_doc.example`: the classic exercise's running example;
4. :mod:`lstm_doc.step`: one time step;
5. :mod:`lstm_doc.sequence`: a whole sequence, as a readable loop and as a fast path.

Beyond the plain cell: :mod:`lstm_doc.variants` (peepholes, the coupled input-forget gate, the
GRU, the projection layer) and :mod:`lstm_doc.convert` (to and from PyTorch, Keras and any
named gate order).
"""

from .activations import sigmoid, sigmoid_grad, tanh, tanh_grad
from .params import GATE_ORDER, LSTMParams, init_params
from .example import RunningExample, running_example
from .step import StepResult, lstm_cell, lstm_step
from .sequence import ForwardCache, ForwardResult, lstm_forward, lstm_forward_fast
from .variants import (
    GRUParams,
    GRUStepResult,
    Peepholes,
    ProjectedLSTMParams,
    ProjectedStepResult,
    cifg_lstm_cell,
    gru_cell,
    init_gru_params,
    init_projected_params,
    peephole_lstm_cell,
    projected_lstm_cell,
    projected_lstm_forward,
)
from .convert import (
    KERAS_ORDER,
    TORCH_ORDER,
    KerasWeights,
    StackedWeights,
    from_keras,
    from_stacked,
    from_torch,
    from_torch_proj,
    parse_gate_order,
    to_keras,
    to_stacked,
    to_torch,
    to_torch_proj,
)

__version__ = "0.1.0"

__all__ = [
    "GATE_ORDER",
    "KERAS_ORDER",
    "TORCH_ORDER",
    "ForwardCache",
    "ForwardResult",
    "GRUParams",
    "GRUStepResult",
    "KerasWeights",
    "LSTMParams",
    "Peepholes",
    "ProjectedLSTMParams",
    "ProjectedStepResult",
    "RunningExample",
    "StackedWeights",
    "StepResult",
    "cifg_lstm_cell",
    "from_keras",
    "from_stacked",
    "from_torch",
    "from_torch_proj",
    "gru_cell",
    "init_gru_params",
    "init_params",
    "init_projected_params",
    "lstm_cell",
    "lstm_forward",
    "lstm_forward_fast",
    "lstm_step",
    "parse_gate_order",
    "peephole_lstm_cell",
    "projected_lstm_cell",
    "projected_lstm_forward",
    "running_example",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "to_keras",
    "to_stacked",
    "to_torch",
    "to_torch_proj",
]
