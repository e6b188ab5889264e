package io.sequoia.nn.recurrent;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * The layer-normalised LSTM cell of Ba, Kiros &amp; Hinton (2016), beyond PyTorch's core: the input
 * and recurrent projections are normalised separately, and so is the cell state before its tanh:
 * {@code gates = LN_ih(W_ih x) + LN_hh(W_hh h) + bias}, {@code c' = f ⊙ c + i ⊙ g},
 * {@code h' = o ⊙ tanh(LN_c(c'))}. Parameters {@code weight_ih} (4H, H_in), {@code weight_hh} (4H, H),
 * {@code bias} (4H), {@code ln_ih.*}, {@code ln_hh.*} (4H), {@code ln_c.*} (H).
 * <pre>
 * input (N, H_in)   h, c (N, H)
 * </pre>
 */
public class LayerNormLSTMCell extends Module {
    private final int inputSize, hiddenSize;
    public final Parameter weightIh, weightHh, bias;
    private final LayerNorm lnIh, lnHh, lnC;

    public LayerNormLSTMCell(int inputSize, int hiddenSize) {
        if (inputSize <= 0) throw Errors.arg("LayerNormLSTMCell", "inputSize must be positive", "> 0", inputSize, null);
        if (hiddenSize <= 0) throw Errors.arg("LayerNormLSTMCell", "hiddenSize must be positive", "> 0", hiddenSize, null);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", new Parameter(Init.uniform(bound, 4 * hiddenSize, inputSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Init.uniform(bound, 4 * hiddenSize, hiddenSize)));
        bias = registerParameter("bias", new Parameter(Init.zeros(4 * hiddenSize)));
        lnIh = registerModule("ln_ih", new LayerNorm(4 * hiddenSize));
        lnHh = registerModule("ln_hh", new LayerNorm(4 * hiddenSize));
        lnC = registerModule("ln_c", new LayerNorm(hiddenSize));
    }

    @Override public Tensor forward(Tensor input) { return forward(input, null).h(); }

    public LSTMCell.State forward(Tensor input, LSTMCell.State state) {
        if (input.dim() != 2 || input.size(1) != inputSize) {
            throw Errors.shape("LayerNormLSTMCell.forward", "input must be (N, inputSize)", "[N, " + inputSize + "]", input.shapeString(), null);
        }
        int n = input.size(0);
        Tensor h = state == null ? new Tensor(NDArray.zeros(input.dtype(), n, hiddenSize)) : state.h();
        Tensor c = state == null ? new Tensor(NDArray.zeros(input.dtype(), n, hiddenSize)) : state.c();
        Tensor gates = lnIh.forward(Functional.linear(input, weightIh, null)).add(lnHh.forward(Functional.linear(h, weightHh, null))).add(bias);
        Tensor[] g = gates.chunk(4, -1);
        Tensor c2 = g[1].sigmoid().mul(c).add(g[0].sigmoid().mul(g[2].tanh()));
        Tensor h2 = g[3].sigmoid().mul(lnC.forward(c2).tanh());
        return new LSTMCell.State(h2, c2);
    }

    /** Rebuilds a LayerNormLSTMCell from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LayerNormLSTMCell fromConfig(Map<String, Object> config) {
        Config c = Config.of("LayerNormLSTMCell", config);
        return new LayerNormLSTMCell(c.integer("input_size"), c.integer("hidden_size"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        return c;
    }
}
