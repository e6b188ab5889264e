package io.sequoia.nn.recurrent;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Map;

/** PyTorch's {@code nn.RNNCell}: one Elman step {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}. */
public class RNNCell extends CellBase {
    private final boolean relu;

    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, RNN.DEFAULT_NONLINEARITY); }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity) {
        super("RNNCell", 1, inputSize, hiddenSize, bias);
        if (!"tanh".equals(nonlinearity) && !"relu".equals(nonlinearity)) {
            throw Errors.arg("RNNCell", "unknown nonlinearity", "'tanh' or 'relu'", nonlinearity, null);
        }
        this.relu = "relu".equals(nonlinearity);
    }

    /** One step from a zero state. */
    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    public Tensor forward(Tensor input, Tensor hx) {
        boolean unbatched = input.dim() == 1;
        Tensor x = batched("RNNCell.forward", input);
        Tensor h = state("RNNCell.forward", "hx", hx, x, unbatched);
        return unbatch(CellMath.rnn(x, h, weightIh, weightHh, biasIh, biasHh, relu), unbatched);
    }

    /** Rebuilds a RNNCell from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static RNNCell fromConfig(Map<String, Object> config) {
        Config c = Config.of("RNNCell", config);
        return new RNNCell(c.integer("input_size"), c.integer("hidden_size"), c.bool("bias"), c.string("nonlinearity"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("nonlinearity", relu ? "relu" : "tanh");
        return c;
    }
}
