package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/** The result of {@link RNN} and {@link GRU}: every step's output and the final hidden state of each layer and direction. */
public record RnnOutput(Tensor output, Tensor hN) {}
