package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;

/**
 * What {@link MultiheadAttention} returns, as PyTorch's {@code (attn_output, attn_output_weights)}.
 * <pre>
 * output  (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched
 * weights (N, L, S) averaged over heads, or (N, H, L, S) per head; without N when unbatched;
 *         null when not asked for (needWeights = false)
 * </pre>
 */
public record MhaOutput(Tensor output, Tensor weights) {}
