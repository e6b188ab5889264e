package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;

/**
 * The result of {@link LuongAttention} and {@link AdditiveAttention}: the context vectors
 * (N, L, H_k) and the attention weights (N, L, S), each row a distribution over the source
 * positions (zeros at padding), kept for plotting alignments.
 */
public record AttentionOutput(Tensor context, Tensor weights) {}
