/**
 * Keras-style layers on the PyTorch-named modules, with masks that flow.
 *
 * <h2>Layers</h2>
 * <ul>
 * <li>{@link io.sequoia.train.keras.SimpleRNN}, {@link io.sequoia.train.keras.LSTM},
 *     {@link io.sequoia.train.keras.GRU}: Keras's recurrent layers with
 *     {@code returnSequences}, {@code returnState}, {@code goBackwards}; batch-first input (N, T, F),
 *     input size from the first input.</li>
 * <li>{@link io.sequoia.train.keras.Bidirectional}: merge modes concat, sum, mul, ave, none.</li>
 * <li>{@link io.sequoia.train.keras.Embedding} ({@code maskZero}),
 *     {@link io.sequoia.train.keras.Masking}: where masks come from.</li>
 * <li>{@link io.sequoia.train.keras.GlobalAveragePooling1D},
 *     {@link io.sequoia.train.keras.GlobalMaxPooling1D}, {@link io.sequoia.train.keras.Flatten}.</li>
 * </ul>
 *
 * <h2>Names</h2>
 * A layer keeps its Keras name where PyTorch has no module of that name (SimpleRNN, Bidirectional,
 * GlobalAveragePooling1D, Masking) and is prefixed {@code Keras} where it has one (LSTM,
 * GRU, Embedding, Flatten): a saved model records each module by its simple class
 * name, so the two families must not share one. Weights keep PyTorch's keys: a recurrent layer's
 * are its inner module's ({@code weight_ih_l0}, ...), a Bidirectional's add the {@code _reverse}
 * half, so {@code Sequential(Embedding, Bidirectional(LSTM), GlobalAveragePooling1D, Dense)}
 * has the keys {@code 0.weight, 1.weight_ih_l0, ..., 1.bias_hh_l0_reverse, 3.weight, 3.bias}.
 *
 * <h2>Masks</h2>
 * A mask (N, T) marks real steps (non-zero) and padding (0). {@link io.sequoia.train.keras.MaskedLayer}s
 * take it and say what mask their output has; {@link io.sequoia.train.keras.Masks#forward} carries
 * it through a Sequential, and {@link io.sequoia.train.Model} scores per-step outputs on the real
 * steps only (loss and metrics). Padding may sit anywhere (post- or pre-padding).
 */
package io.sequoia.train.keras;
