package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;

/**
 * A layer that takes a padding mask and says which of its outputs are real, as Keras's
 * {@code supports_masking} / {@code compute_mask}. {@link Masks#forward} runs a module tree
 * (a {@link io.sequoia.nn.Sequential} of layers) passing each layer's output mask to the next;
 * {@link io.sequoia.train.Model} runs through it in {@code fit}, {@code evaluate} and {@code predict}.
 * <pre>
 * mask  (N, T) for an input (N, T, ...): non-zero = a real step, 0 = padding; null = no mask
 * </pre>
 * A module that is not a {@code MaskedLayer} passes the mask on unchanged when its output is still a
 * sequence of the same (N, T) ({@code Dense} or {@code Dropout} on every step), and drops it otherwise
 * (as Keras drops it at a 2-D output).
 */
public interface MaskedLayer {
    /** The layer's output for {@code x}; {@code mask} marks its real steps (null: all real). */
    Tensor forward(Tensor x, Tensor mask);

    /** The mask of the output of {@code forward(x, mask)}, or null when the output has no time axis. */
    Tensor computeMask(Tensor x, Tensor mask);
}
