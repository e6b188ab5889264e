package io.sequoia.nn;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * {@code y = x Wᵀ + b}, PyTorch's {@code nn.Linear}. Parameters {@code weight} (outFeatures, inFeatures)
 * and {@code bias} (outFeatures), both initialised U(−1/√inFeatures, 1/√inFeatures).
 * <pre>
 * input  (*, H_in)   output (*, H_out)
 * </pre>
 */
public class Linear extends Module {
    public static final boolean DEFAULT_BIAS = true;

    private final int inFeatures, outFeatures;
    public final Parameter weight;
    public final Parameter bias;

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, DEFAULT_BIAS); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures <= 0) throw Errors.arg("Linear", "inFeatures must be positive", "> 0", inFeatures, null);
        if (outFeatures <= 0) throw Errors.arg("Linear", "outFeatures must be positive", "> 0", outFeatures, null);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1 / Math.sqrt(inFeatures);
        this.weight = registerParameter("weight", new Parameter(Init.uniform(bound, outFeatures, inFeatures)));
        this.bias = registerParameter("bias", bias ? new Parameter(Init.uniform(bound, outFeatures)) : null);
    }

    @Override public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw Errors.shape("Linear.forward", "input.size(-1) must equal inFeatures", inFeatures,
                    input.dim() == 0 ? "a scalar" : input.size(-1), "input shape " + input.shapeString());
        }
        return Functional.linear(input, weight, bias);
    }

    public int inFeatures() { return inFeatures; }
    public int outFeatures() { return outFeatures; }

    /** Rebuilds a Linear from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Linear fromConfig(Map<String, Object> config) {
        Config c = Config.of("Linear", config);
        return new Linear(c.integer("in_features"), c.integer("out_features"), c.bool("bias", DEFAULT_BIAS));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("in_features", inFeatures);
        c.put("out_features", outFeatures);
        c.put("bias", bias != null);
        return c;
    }
}
