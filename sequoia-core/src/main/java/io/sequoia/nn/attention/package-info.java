/**
 * Attention and Transformers with PyTorch's semantics and state-dict keys:
 * {@link io.sequoia.nn.attention.Attention#scaledDotProductAttention}, {@link io.sequoia.nn.attention.MultiheadAttention},
 * positional encodings ({@link io.sequoia.nn.attention.SinusoidalPositionalEncoding},
 * {@link io.sequoia.nn.attention.LearnedPositionalEncoding}, {@link io.sequoia.nn.attention.TokenPositionEmbedding}),
 * {@link io.sequoia.nn.attention.TransformerEncoderLayer}, {@link io.sequoia.nn.attention.TransformerDecoderLayer},
 * {@link io.sequoia.nn.attention.TransformerEncoder}, {@link io.sequoia.nn.attention.TransformerDecoder} (with
 * incremental decoding through a {@link io.sequoia.nn.attention.DecoderCache}) and
 * {@link io.sequoia.nn.attention.Transformer}.
 *
 * <p>Letters: N batch, L target (query) length, S source (key) length, E embedding (dModel),
 * H heads, d = E / H head size.
 *
 * <p><b>Masks have one polarity everywhere:</b> a 0/1 mask is boolean and 1 means "not allowed to
 * attend" (MultiheadAttention's and the Transformer's polarity, also used by
 * {@code scaledDotProductAttention}, where PyTorch's boolean masks mean the opposite); any other
 * mask is added to the scores. A query with every key masked gets zeros, not NaN.
 *
 * <p>float32 attention runs the fused kernel ({@code AttentionKernel}: per-head GEMMs through
 * {@link io.sequoia.tensor.Gemm#sgemm} on packed heads, fused scale + mask + softmax, a backward that
 * recomputes the probabilities from one saved log-sum-exp per row); float64 runs its composed twin.
 */
package io.sequoia.nn.attention;
