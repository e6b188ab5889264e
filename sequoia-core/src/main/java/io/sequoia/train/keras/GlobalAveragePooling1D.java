package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;

/**
 * Keras's {@code GlobalAveragePooling1D}: the mean over time, over the real steps only when a mask
 * comes in. A sequence with no real step gives zeros (not NaN).
 * <pre>
 * input (N, T, F), mask (N, T)   output (N, F)
 * </pre>
 */
public class GlobalAveragePooling1D extends Module implements MaskedLayer {
    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    @Override public Tensor forward(Tensor x, Tensor mask) {
        Masks.checkSequence("GlobalAveragePooling1D.forward", x, mask);
        if (mask == null) return x.mean(1, false);                                       // (N, F)
        Tensor w = Masks.weights(mask, x.dtype());                                         // (N, T, 1)
        Tensor count = w.sum(1, false).clampMin(1);                                        // (N, 1)
        return x.mul(w).sum(1, false).div(count);                                          // (N, F)
    }

    /** No time axis is left: the mask ends here. */
    @Override public Tensor computeMask(Tensor x, Tensor mask) { return null; }

    /** Rebuilds a GlobalAveragePooling1D from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        Config c = Config.of("GlobalAveragePooling1D", config);
        return new GlobalAveragePooling1D();
    }
}
