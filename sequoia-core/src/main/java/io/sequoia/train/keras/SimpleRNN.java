package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.RnnOutput;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Keras's {@code SimpleRNN(units, activation)}: an Elman layer, {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}
 * with act tanh (default) or relu, built on {@link RNN}. Keys {@code weight_ih_l0} (units, F),
 * {@code weight_hh_l0} (units, units), {@code bias_ih_l0}, {@code bias_hh_l0} (units): those of
 * {@code torch.nn.RNN(F, units, nonlinearity=act, batch_first=True)}.
 * <pre>
 * input (N, T, F), mask (N, T)   output (N, T, units) with returnSequences, else (N, units)
 * </pre>
 * Options and shapes as in {@link RecurrentLayer}.
 */
public class SimpleRNN extends RecurrentLayer {
    public static final String DEFAULT_ACTIVATION = "tanh";
    private final String activation;

    public SimpleRNN(int units) { this(units, DEFAULT_ACTIVATION); }

    public SimpleRNN(int units, String activation) { this(units, activation, true, -1); }

    /** With a known input size the weights exist at once; -1 builds them on the first input. */
    public SimpleRNN(int units, String activation, boolean useBias, int inputSize) {
        super("SimpleRNN", units, useBias);
        if (!"tanh".equals(activation) && !"relu".equals(activation)) {
            throw Errors.arg("SimpleRNN", "activation must be 'tanh' or 'relu'", "'tanh' or 'relu'", activation, null);
        }
        this.activation = activation;
        if (inputSize != -1) build(inputSize);
    }

    public String activation() { return activation; }

    @Override RNNBase create(int in) {
        return new RNN(in, units, RNNBase.DEFAULT_NUM_LAYERS, activation, useBias, true, 0.0, false);
    }

    @Override Tensor[] runInner(Tensor x, Tensor h0, Tensor c0, Tensor mask) {
        RnnOutput o = ((RNN) rnn).forwardMasked(x, h0, mask);
        return new Tensor[]{o.output(), o.hN(), null};
    }

    @Override RecurrentLayer freshCopy() { return new SimpleRNN(units, activation, useBias, inputSize()); }

    /** Rebuilds a SimpleRNN from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static SimpleRNN fromConfig(Map<String, Object> config) {
        Config c = Config.of("SimpleRNN", config);
        return (SimpleRNN) new SimpleRNN(c.integer("units"), c.string("activation"), c.bool("use_bias"), c.integer("input_size")).options(c);
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", activation);
        return c;
    }
}
