package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;

/**
 * What a Keras recurrent layer returns with {@code returnState}: Keras's {@code [output, h, c]}.
 * @param output (N, T, units) with returnSequences, else (N, units)
 * @param h      (N, units) each sequence's hidden state at its last real step
 * @param c      (N, units) the LSTM cell state at that step; null for SimpleRNN and GRU
 */
public record RecurrentOutput(Tensor output, Tensor h, Tensor c) {}
