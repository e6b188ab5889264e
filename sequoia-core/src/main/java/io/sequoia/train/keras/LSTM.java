package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RNNBase;

/**
 * Keras's {@code io.sequoia.nn.recurrent.LSTM(units)} built on {@link io.sequoia.nn.recurrent.LSTM} (named {@code LSTM} because PyTorch's
 * {@code io.sequoia.nn.recurrent.LSTM} already has the name). Gates i|f|g|o; keys {@code weight_ih_l0} (4·units, F),
 * {@code weight_hh_l0} (4·units, units), {@code bias_ih_l0}, {@code bias_hh_l0} (4·units): those of
 * {@code torch.nn.LSTM(F, units, batch_first=True)}. Initialisation is PyTorch's U(−1/√units, 1/√units)
 * (not Keras's glorot/orthogonal with a unit forget bias).
 * <pre>
 * input (N, T, F), mask (N, T)   output (N, T, units) with returnSequences, else (N, units)
 * states h, c (N, units)
 * </pre>
 * Options and shapes as in {@link RecurrentLayer}.
 */
public class LSTM extends RecurrentLayer {
    public LSTM(int units) { this(units, true, -1); }

    /** With a known input size the weights exist at once; -1 builds them on the first input. */
    public LSTM(int units, boolean useBias, int inputSize) {
        super("LSTM", units, useBias);
        if (inputSize != -1) build(inputSize);
    }

    @Override RNNBase create(int in) {
        return new io.sequoia.nn.recurrent.LSTM(in, units, RNNBase.DEFAULT_NUM_LAYERS, useBias, true, 0.0, false);
    }

    @Override Tensor[] runInner(Tensor x, Tensor h0, Tensor c0, Tensor mask) {
        io.sequoia.nn.recurrent.LSTM lstm = (io.sequoia.nn.recurrent.LSTM) rnn;
        if (h0 == null && c0 != null) h0 = Tensor.zeros(c0.dtype(), c0.shape());
        if (c0 == null && h0 != null) c0 = Tensor.zeros(h0.dtype(), h0.shape());
        LstmOutput o = lstm.forwardMasked(x, h0, c0, mask);
        return new Tensor[]{o.output(), o.hN(), o.cN()};
    }

    @Override RecurrentLayer freshCopy() { return new LSTM(units, useBias, inputSize()); }

    /** Rebuilds a LSTM from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LSTM fromConfig(Map<String, Object> config) {
        Config c = Config.of("LSTM", config);
        return (LSTM) new LSTM(c.integer("units"), c.bool("use_bias"), c.integer("input_size")).options(c);
    }
}
