package io.sequoia.nn;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.util.Map;

/** Inverted dropout (PyTorch's {@code nn.Dropout}); the identity in eval mode. */
public class Dropout extends Module {
    public static final double DEFAULT_P = 0.5;
    private final double p;

    public Dropout() { this(DEFAULT_P); }

    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) throw Errors.arg("Dropout", "p must be in [0, 1]", "0 <= p <= 1", p, null);
        this.p = p;
    }

    @Override public Tensor forward(Tensor input) { return Functional.dropout(input, p, isTraining(), Generator.global()); }

    public double p() { return p; }

    /** Rebuilds a Dropout from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Dropout fromConfig(Map<String, Object> config) {
        Config c = Config.of("Dropout", config);
        return new Dropout(c.real("p", DEFAULT_P));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("p", p);
        return c;
    }
}
