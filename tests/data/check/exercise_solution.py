# The classic exercise's own solution (Exercise 6b), as a reader would save it: a sigmoid, a
# tanh and lstm_step, which prints the shapes every time it runs. The checker must accept it.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def tanh(x):
    return np.tanh(x)


def lstm_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
    # Concatenate h_prev and x_t
    combined = np.concatenate((h_prev, x_t), axis=0)
    print(
        f"After and before Concatenation shapes:\n\nConcatenated{combined.shape}\nprev_state:{h_prev.shape}\nInput x:{x_t.shape}\n\n"
    )

    # Forget gate
    f_t = sigmoid(np.dot(Wf, combined) + bf)

    # Input gate
    i_t = sigmoid(np.dot(Wi, combined) + bi)

    # Cell state candidate
    c_tilde_t = tanh(np.dot(Wc, combined) + bc)

    # Output gate
    o_t = sigmoid(np.dot(Wo, combined) + bo)

    # Update cell state
    c_next = f_t * c_prev + i_t * c_tilde_t

    # Update hidden state
    h_next = o_t * tanh(c_next)

    return h_next, c_next
