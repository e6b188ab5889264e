package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * Keras's {@code Masking(mask_value)}: a step whose features all equal {@code maskValue} is padding.
 * The output is the input with padded steps zeroed; the mask goes on to the next layers.
 * <pre>
 * input (N, T, F)   output (N, T, F)   output mask (N, T): some feature != maskValue
 * </pre>
 */
public class Masking extends Module implements MaskedLayer {
    public static final double DEFAULT_MASK_VALUE = 0.0;
    private final double maskValue;

    public Masking() { this(DEFAULT_MASK_VALUE); }

    public Masking(double maskValue) { this.maskValue = maskValue; }

    public double maskValue() { return maskValue; }

    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    @Override public Tensor forward(Tensor x, Tensor mask) { return x.mul(Masks.weights(computeMask(x, mask), x.dtype())); }

    @Override public Tensor computeMask(Tensor x, Tensor mask) {
        Masks.checkSequence("Masking.forward", x, null);
        NDArray d = x.data();
        int n = x.size(0), t = x.size(1), f = x.size(2);
        NDArray m = NDArray.zeros(d.dtype(), n, t);
        for (int s = 0; s < n * t; s++) {
            for (int j = 0; j < f; j++) {
                if (d.getDouble(s * f + j) != maskValue) { m.setDouble(s, 1); break; }
            }
        }
        return new Tensor(m);
    }

    /** Rebuilds a Masking from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Masking fromConfig(Map<String, Object> config) {
        Config c = Config.of("Masking", config);
        return new Masking(c.real("mask_value"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("mask_value", maskValue);
        return c;
    }
}
