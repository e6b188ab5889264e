package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;

/**
 * Everything a {@link Bidirectional} layer computes (Keras's {@code [output, fh, fc, bh, bc]} with
 * {@code return_state}, and both outputs for {@code merge_mode=None}).
 * @param output         the merged output; null with mergeMode none
 * @param forwardOutput  (N, T, units) or (N, units): the forward half's output
 * @param backwardOutput the backward half's, in the input's time order with returnSequences
 * @param forwardH       (N, units) the forward half's final hidden state
 * @param forwardC       (N, units) its cell state (LSTM), else null
 * @param backwardH      (N, units) the backward half's final hidden state (at each sequence's first real step)
 * @param backwardC      (N, units) its cell state (LSTM), else null
 */
public record BidirectionalOutput(Tensor output, Tensor forwardOutput, Tensor backwardOutput,
                                  Tensor forwardH, Tensor forwardC, Tensor backwardH, Tensor backwardC) {}
