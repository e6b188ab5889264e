package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/** The result of a recurrent layer on a {@link PackedSequence}: the packed output and the final states ({@code cN} for LSTM, else null). */
public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}
