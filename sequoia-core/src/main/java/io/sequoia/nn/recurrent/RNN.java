package io.sequoia.nn.recurrent;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * The Elman network, PyTorch's {@code nn.RNN}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with
 * act tanh or relu. Shapes as in {@link RNNBase}.
 */
public class RNN extends RNNBase {
    public static final String DEFAULT_NONLINEARITY = "tanh";

    /** Named options with PyTorch's defaults: {@code RNN.options(inputSize, hiddenSize).numLayers(2).bidirectional().build()}. */
    public static RecurrentOptions<RNN> options(int inputSize, int hiddenSize) {
        return new RecurrentOptions<>("RNN", inputSize, hiddenSize, o -> new RNN(o.inputSize, o.hiddenSize, o.numLayers, o.nonlinearity, o.bias, o.batchFirst, o.dropout, o.bidirectional));
    }

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, DEFAULT_NUM_LAYERS, DEFAULT_NONLINEARITY, DEFAULT_BIAS, DEFAULT_BATCH_FIRST, DEFAULT_DROPOUT, DEFAULT_BIDIRECTIONAL);
    }

    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional) {
        super("RNN", cellFor(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    private static CellType cellFor(String nonlinearity) {
        if ("tanh".equals(nonlinearity)) return CellType.RNN_TANH;
        if ("relu".equals(nonlinearity)) return CellType.RNN_RELU;
        throw Errors.arg("RNN", "unknown nonlinearity", "'tanh' or 'relu'", nonlinearity, null);
    }

    /** The output sequence, from zero initial states. */
    @Override public Tensor forward(Tensor input) { return forward(input, null, null).output(); }

    public RnnOutput forward(Tensor input, Tensor h0) { return forward(input, h0, null); }

    /** With per-sequence {@code lengths} (packed semantics), or null for full length. */
    public RnnOutput forward(Tensor input, Tensor h0, int[] lengths) {
        Tensor[] r = run("RNN.forward", input, h0, null, lengths, null);
        return new RnnOutput(r[0], r[1]);
    }

    public String nonlinearity() { return cell == CellType.RNN_RELU ? "relu" : "tanh"; }

    /** Rebuilds a RNN from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static RNN fromConfig(Map<String, Object> config) {
        Config c = Config.of("RNN", config);
        return (RNN) new RNN(c.integer("input_size"), c.integer("hidden_size"), c.integer("num_layers"), c.string("nonlinearity"),
                c.bool("bias"), c.bool("batch_first"), c.real("dropout"), c.bool("bidirectional")).recurrentDropout(c.real("recurrent_dropout", 0));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("nonlinearity", nonlinearity());
        return c;
    }

    /** With a padding mask ((L, N), or (N, L) with batchFirst): 0 marks a padded step anywhere in a sequence. */
    public RnnOutput forwardMasked(Tensor input, Tensor h0, Tensor mask) {
        Tensor[] r = run("RNN.forward", input, h0, null, null, mask);
        return new RnnOutput(r[0], r[1]);
    }

    /** A packed batch (PyTorch's {@code rnn(pack_padded_sequence(...))}): the output is packed the same way. */
    public PackedOutput forward(PackedSequence input, Tensor h0) {
        Object[] r = runPacked("RNN.forward", input, h0, null);
        return new PackedOutput((PackedSequence) r[0], (Tensor) r[1], null);
    }
}
