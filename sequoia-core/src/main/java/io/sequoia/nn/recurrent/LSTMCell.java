package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/** PyTorch's {@code nn.LSTMCell}: one LSTM step, gates i|f|g|o. */
public class LSTMCell extends CellBase {
    /** The (h, c) pair an LSTM step reads and returns. */
    public record State(Tensor h, Tensor c) {}

    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias) { super("LSTMCell", 4, inputSize, hiddenSize, bias); }

    /** One step from zero states; returns h'. */
    @Override public Tensor forward(Tensor input) { return forward(input, null).h(); }

    /** One step; {@code state} null means zeros. */
    public State forward(Tensor input, State state) {
        boolean unbatched = input.dim() == 1;
        Tensor x = batched("LSTMCell.forward", input);
        Tensor h = state("LSTMCell.forward", "h", state == null ? null : state.h(), x, unbatched);
        Tensor c = state("LSTMCell.forward", "c", state == null ? null : state.c(), x, unbatched);
        Tensor[] hc = CellMath.lstm(x, h, c, weightIh, weightHh, biasIh, biasHh, null);
        return new State(unbatch(hc[0], unbatched), unbatch(hc[1], unbatched));
    }

    /** Rebuilds a LSTMCell from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LSTMCell fromConfig(java.util.Map<String, Object> config) {
        io.sequoia.nn.Config c = io.sequoia.nn.Config.of("LSTMCell", config);
        return new LSTMCell(c.integer("input_size"), c.integer("hidden_size"), c.bool("bias"));
    }
}
