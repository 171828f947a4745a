"""lstm_doc: the LSTM cell, equation by equation, in NumPy.

The package reads top-down in the order the site teaches:

1. :mod:`lstm_doc.activations`: the sigmoid and tanh, and their derivatives;
2. :mod:`lstm_doc.params`: the weights and biases, a seeded initializer, and the parameter count;
3. :mod:`lstm_doc.example`: the classic exercise's running example;
4. :mod:`lstm_doc.step`: one time step;
5. :mod:`lstm_doc.sequence`: a whole sequence, as a readable loop and as a fast path;
6. :mod:`lstm_doc.backward`: the backward pass, one step and through time;
7. :mod:`lstm_doc.gradcheck`: checking gradients against central differences;
8. :mod:`lstm_doc.rnn`: the vanilla RNN, forward and backward, for comparison;
9. :mod:`lstm_doc.optim`: SGD with gradient-norm clipping, and Adam;
10. :mod:`lstm_doc.recall`: a long-range task, recalling the first symbol;
11. :mod:`lstm_doc.training`: a readout, a loss and a seeded training loop.

The path in for a reader new to recurrent networks: :mod:`lstm_doc.story`, a hand-set cell that
remembers the first letter of a sequence, followed through every gate.

Beyond the plain cell: :mod:`lstm_doc.variants` (peepholes, the coupled input-forget gate, the
GRU, the projection layer) and :mod:`lstm_doc.convert` (to and from PyTorch, Keras and any
named gate order).

Layers and real sequences: :mod:`lstm_doc.lengths` (padding, masks, per-length reversal),
:mod:`lstm_doc.masked` (one layer over a padded batch, forward and backward),
:mod:`lstm_doc.dropout` (inverted and variational masks), :mod:`lstm_doc.layers` (:class:`LSTM`,
stacked and bidirectional, like ``torch.nn.LSTM``) and :mod:`lstm_doc.tbptt` (truncated BPTT).
"""

from .activations import sigmoid, sigmoid_grad, tanh, tanh_grad
from .params import GATE_ORDER, LSTMParams, init_params, parameter_count
from .example import RunningExample, running_example
from .step import StepResult, lstm_cell, lstm_step
from .sequence import ForwardCache, ForwardResult, lstm_forward, lstm_forward_fast
from .story import STORY_SYMBOLS, answer_stories, encode_story, memory_cell, random_story
from .backward import (
    BackwardResult,
    LSTMGrads,
    StepGrads,
    lstm_backward,
    lstm_backward_fast,
    lstm_step_backward,
)
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .rnn import (
    RNNBackwardResult,
    RNNCache,
    RNNForwardResult,
    RNNGrads,
    RNNParams,
    init_rnn_params,
    rnn_backward,
    rnn_forward,
)
from .optim import SGD, Adam, clip_by_global_norm
from .recall import RecallTask, recall_task
from .training import (
    ClassifierLoss,
    TrainingRun,
    classifier_loss,
    init_classifier,
    softmax_cross_entropy,
    train,
)
from .variants import (
    GRUParams,
    GRUStepResult,
    Peepholes,
    ProjectedForwardResult,
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
    StackedColumns,
    from_keras,
    from_stacked_columns,
    from_torch,
    from_torch_proj,
    parse_gate_order,
    to_keras,
    to_stacked_columns,
    to_torch,
    to_torch_proj,
)
from .lengths import length_mask, reverse_padded
from .masked import masked_lstm_backward, masked_lstm_forward
from .dropout import dropout_mask, variational_mask
from .layers import LSTM, LSTMBackward
from .tbptt import TBPTTChunk, truncated_bptt

__version__ = "0.1.0"

__all__ = [
    "GATE_ORDER",
    "KERAS_ORDER",
    "LSTM",
    "SGD",
    "STORY_SYMBOLS",
    "TORCH_ORDER",
    "Adam",
    "BackwardResult",
    "ClassifierLoss",
    "ForwardCache",
    "ForwardResult",
    "GRUParams",
    "GRUStepResult",
    "KerasWeights",
    "LSTMBackward",
    "LSTMGrads",
    "LSTMParams",
    "Peepholes",
    "ProjectedForwardResult",
    "ProjectedLSTMParams",
    "ProjectedStepResult",
    "RNNBackwardResult",
    "RNNCache",
    "RNNForwardResult",
    "RNNGrads",
    "RNNParams",
    "RecallTask",
    "RunningExample",
    "StackedColumns",
    "StepGrads",
    "StepResult",
    "TBPTTChunk",
    "TrainingRun",
    "answer_stories",
    "cifg_lstm_cell",
    "classifier_loss",
    "clip_by_global_norm",
    "dropout_mask",
    "encode_story",
    "from_keras",
    "from_stacked_columns",
    "from_torch",
    "from_torch_proj",
    "gradient_check",
    "gru_cell",
    "init_classifier",
    "init_gru_params",
    "init_params",
    "init_projected_params",
    "init_rnn_params",
    "length_mask",
    "lstm_backward",
    "lstm_backward_fast",
    "lstm_cell",
    "lstm_forward",
    "lstm_forward_fast",
    "lstm_step",
    "lstm_step_backward",
    "masked_lstm_backward",
    "masked_lstm_forward",
    "memory_cell",
    "numerical_gradient",
    "parameter_count",
    "parse_gate_order",
    "peephole_lstm_cell",
    "projected_lstm_cell",
    "projected_lstm_forward",
    "random_story",
    "recall_task",
    "relative_error",
    "reverse_padded",
    "rnn_backward",
    "rnn_forward",
    "running_example",
    "sigmoid",
    "sigmoid_grad",
    "softmax_cross_entropy",
    "tanh",
    "tanh_grad",
    "to_keras",
    "to_stacked_columns",
    "to_torch",
    "to_torch_proj",
    "train",
    "truncated_bptt",
    "variational_mask",
]
