package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Activation;
import io.sequoia.nn.Module;
import io.sequoia.nn.Linear;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Keras's {@code Dense(units, activation)}: a {@link Linear} (built when the input size is known:
 * given, or taken from the first input) followed by an activation. Parameters {@code weight}
 * (units, inputSize) and {@code bias} (units) with PyTorch's Linear initialisation, so weights move
 * to and from {@code torch.nn.Linear}.
 */
public class Dense extends Module implements io.sequoia.nn.LazyModule {
    private final int units;
    private final boolean useBias;
    private final Activation activation;
    private int inputSize = -1;
    private Linear linear;          // built on the first input; its parameters are this layer's "weight" and "bias"

    public Dense(int units) { this(units, "linear"); }

    public Dense(int units, String activation) { this(units, activation, true, -1); }

    /** With a known input size the parameters exist at once; -1 builds them on the first forward. */
    public Dense(int units, String activation, boolean useBias, int inputSize) {
        if (units <= 0) throw Errors.arg("Dense", "units must be positive", "> 0", units, null);
        this.units = units;
        this.useBias = useBias;
        this.activation = Activation.of(activation);
        if (inputSize > 0) build(inputSize);
    }

    private void build(int in) {
        inputSize = in;
        linear = new Linear(in, units, useBias);
        registerParameter("weight", linear.weight);
        registerParameter("bias", linear.bias);
    }

    @Override public Tensor forward(Tensor input) {
        if (input.dim() == 0) throw Errors.shape("Dense.forward", "input needs a feature dim", ">= 1 dims", 0, null);
        if (linear == null) build(input.size(-1));
        if (input.size(-1) != inputSize) {
            throw Errors.shape("Dense.forward", "input.size(-1) must equal the layer's input size", inputSize, input.size(-1),
                    "input shape " + input.shapeString());
        }
        return activation.forward(linear.forward(input));
    }

    public int units() { return units; }

    @Override public boolean built() { return linear != null; }

    /** Rebuilds a Dense from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Dense fromConfig(Map<String, Object> config) {
        Config c = Config.of("Dense", config);
        return new Dense(c.integer("units"), c.string("activation"), c.bool("use_bias"), c.integer("input_size"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("input_size", inputSize);
        return c;
    }
}
