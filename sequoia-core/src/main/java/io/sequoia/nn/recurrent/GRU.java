package io.sequoia.nn.recurrent;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;

/**
 * PyTorch's {@code nn.GRU}, gates r|z|n with the reset gate applied to {@code W_hn h + b_hn}:
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 * Shapes as in {@link RNNBase}.
 */
public class GRU extends RNNBase {
    /** Named options with PyTorch's defaults: {@code GRU.options(inputSize, hiddenSize).numLayers(2).bidirectional().build()}. */
    public static RecurrentOptions<GRU> options(int inputSize, int hiddenSize) {
        return new RecurrentOptions<>("GRU", inputSize, hiddenSize, o -> new GRU(o.inputSize, o.hiddenSize, o.numLayers, o.bias, o.batchFirst, o.dropout, o.bidirectional));
    }

    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, DEFAULT_NUM_LAYERS, DEFAULT_BIAS, DEFAULT_BATCH_FIRST, DEFAULT_DROPOUT, DEFAULT_BIDIRECTIONAL);
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super("GRU", CellType.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    @Override public Tensor forward(Tensor input) { return forward(input, null, null).output(); }

    public RnnOutput forward(Tensor input, Tensor h0) { return forward(input, h0, null); }

    public RnnOutput forward(Tensor input, Tensor h0, int[] lengths) {
        Tensor[] r = run("GRU.forward", input, h0, null, lengths, null);
        return new RnnOutput(r[0], r[1]);
    }

    /** With a padding mask ((L, N), or (N, L) with batchFirst): 0 marks a padded step anywhere in a sequence. */
    public RnnOutput forwardMasked(Tensor input, Tensor h0, Tensor mask) {
        Tensor[] r = run("GRU.forward", input, h0, null, null, mask);
        return new RnnOutput(r[0], r[1]);
    }

    /** A packed batch (PyTorch's {@code rnn(pack_padded_sequence(...))}): the output is packed the same way. */
    public PackedOutput forward(PackedSequence input, Tensor h0) {
        Object[] r = runPacked("GRU.forward", input, h0, null);
        return new PackedOutput((PackedSequence) r[0], (Tensor) r[1], null);
    }

    /** Rebuilds a GRU from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static GRU fromConfig(Map<String, Object> config) {
        Config c = Config.of("GRU", config);
        return (GRU) new GRU(c.integer("input_size"), c.integer("hidden_size"), c.integer("num_layers"), c.bool("bias"),
                c.bool("batch_first"), c.real("dropout"), c.bool("bidirectional")).recurrentDropout(c.real("recurrent_dropout", 0));
    }
}
