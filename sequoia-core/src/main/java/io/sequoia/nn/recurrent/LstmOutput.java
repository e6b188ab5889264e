package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/** The result of {@link LSTM}: every step's output and the final hidden and cell states of each layer and direction. */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {}
