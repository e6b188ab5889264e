/**
 * Modules with PyTorch's names, arguments, defaults and state-dict keys: {@link io.sequoia.nn.Module}
 * (the template is {@link io.sequoia.nn.Linear}), {@link io.sequoia.nn.Embedding},
 * {@link io.sequoia.nn.LayerNorm}, {@link io.sequoia.nn.Dropout}, activations, {@link io.sequoia.nn.Sequential},
 * losses ({@code nn.loss}), recurrent layers ({@code nn.recurrent}), attention and Transformers
 * ({@code nn.attention}), 1-D convolutions ({@code nn.conv}); {@link io.sequoia.nn.ModuleRegistry} and
 * {@link io.sequoia.nn.Config} describe and rebuild any of them from {@code config.json}.
 *
 * <h2>The letters of every shape comment</h2>
 * <pre>
 * N      batch size
 * L      target (query / output) sequence length
 * S      source (key / input) sequence length
 * T      time steps of a recurrent input (= L or S)
 * H_in   input features (inputSize)          H_out  hidden features (hiddenSize, or projSize for a projected LSTM)
 * E      embedding size (embedDim, dModel)   C      channels (conv) or classes (losses)
 * D      2 if bidirectional else 1           V      vocabulary size
 * heads  attention heads, headDim = E / heads
 * </pre>
 * Every {@code forward} states its shapes for each layout (batchFirst or not, batched or unbatched)
 * in a {@code <pre>} block and checks exactly those shapes on its first line; every reshape or
 * permute ends with a comment naming the new shape, e.g. {@code // (N, heads, L, headDim)}.
 *
 * <h2>Masks</h2>
 * A boolean mask means "true = not allowed / padding" everywhere (see {@code nn.attention}).
 */
package io.sequoia.nn;
