package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;

/**
 * Keras's {@code GlobalMaxPooling1D}: the maximum over time, over the real steps only when a mask
 * comes in. A sequence with no real step gives zeros (not −∞).
 * <pre>
 * input (N, T, F), mask (N, T)   output (N, F)
 * </pre>
 */
public class GlobalMaxPooling1D extends Module implements MaskedLayer {
    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    @Override public Tensor forward(Tensor x, Tensor mask) {
        Masks.checkSequence("GlobalMaxPooling1D.forward", x, mask);
        if (mask == null) return x.max(1, false).values();                                 // (N, F)
        Tensor w = Masks.weights(mask, x.dtype());                                         // (N, T, 1)
        Tensor max = x.maskedFill(w.eq(0), Double.NEGATIVE_INFINITY).max(1, false).values(); // (N, F)
        Tensor any = w.sum(1, false).gt(0);                                                // (N, 1)
        return Tensor.where(any, max, Tensor.zeros(x.dtype(), max.shape()));              // (N, F)
    }

    /** No time axis is left: the mask ends here. */
    @Override public Tensor computeMask(Tensor x, Tensor mask) { return null; }

    /** Rebuilds a GlobalMaxPooling1D from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
        Config c = Config.of("GlobalMaxPooling1D", config);
        return new GlobalMaxPooling1D();
    }
}
