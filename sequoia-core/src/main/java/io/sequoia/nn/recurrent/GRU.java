package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/**
 * PyTorch's {@code nn.GRU}, gates r|z|n with the reset gate applied to {@code W_hn h + b_hn}:
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 * Shapes as in {@link RNNBase}.
 */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, DEFAULT_NUM_LAYERS, DEFAULT_BIAS, DEFAULT_BATCH_FIRST, DEFAULT_DROPOUT, DEFAULT_BIDIRECTIONAL);
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super("GRU", CellType.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    @Override public Tensor forward(Tensor input) { return forward(input, null, null).output(); }

    public RnnOutput forward(Tensor input, Tensor h0) { return forward(input, h0, null); }

    public RnnOutput forward(Tensor input, Tensor h0, int[] lengths) {
        Tensor[] r = run("GRU.forward", input, h0, null, lengths);
        return new RnnOutput(r[0], r[1]);
    }
}
