package io.sequoia.train;

import io.sequoia.nn.Module;

/**
 * Keras's {@code Sequential}: layers added in order, then {@code compile}/{@code fit}/{@code evaluate}/
 * {@code predict}. The layers form an {@link io.sequoia.nn.Sequential}, so parameter keys are
 * PyTorch's ("0.weight", "1.bias", ...).
 */
public class Sequential extends Model {
    public Sequential(Module... layers) { super(new io.sequoia.nn.Sequential(layers)); }

    /** Wraps existing layers (used when loading a saved model). */
    public Sequential(io.sequoia.nn.Sequential layers) { super(layers); }

    public Sequential add(Module layer) {
        ((io.sequoia.nn.Sequential) module).add(layer);
        return this;
    }
}
