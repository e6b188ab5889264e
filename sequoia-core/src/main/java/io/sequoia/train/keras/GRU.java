package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.RnnOutput;

/**
 * Keras's {@code io.sequoia.nn.recurrent.GRU(units)} (with {@code reset_after=True}, Keras's default, which is PyTorch's
 * formulation) built on {@link io.sequoia.nn.recurrent.GRU}; named {@code GRU} because PyTorch's {@code io.sequoia.nn.recurrent.GRU} has the
 * name. Gates r|z|n; keys {@code weight_ih_l0} (3·units, F), {@code weight_hh_l0} (3·units, units),
 * {@code bias_ih_l0}, {@code bias_hh_l0} (3·units): those of {@code torch.nn.GRU(F, units, batch_first=True)}.
 * <pre>
 * input (N, T, F), mask (N, T)   output (N, T, units) with returnSequences, else (N, units)
 * </pre>
 * Options and shapes as in {@link RecurrentLayer}.
 */
public class GRU extends RecurrentLayer {
    public GRU(int units) { this(units, true, -1); }

    /** With a known input size the weights exist at once; -1 builds them on the first input. */
    public GRU(int units, boolean useBias, int inputSize) {
        super("GRU", units, useBias);
        if (inputSize != -1) build(inputSize);
    }

    @Override RNNBase create(int in) {
        return new io.sequoia.nn.recurrent.GRU(in, units, RNNBase.DEFAULT_NUM_LAYERS, useBias, true, 0.0, false);
    }

    @Override Tensor[] runInner(Tensor x, Tensor h0, Tensor c0, Tensor mask) {
        RnnOutput o = ((io.sequoia.nn.recurrent.GRU) rnn).forwardMasked(x, h0, mask);
        return new Tensor[]{o.output(), o.hN(), null};
    }

    @Override RecurrentLayer freshCopy() { return new GRU(units, useBias, inputSize()); }

    /** Rebuilds a GRU from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static GRU fromConfig(Map<String, Object> config) {
        Config c = Config.of("GRU", config);
        return (GRU) new GRU(c.integer("units"), c.bool("use_bias"), c.integer("input_size")).options(c);
    }
}
