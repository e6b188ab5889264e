package io.sequoia.nn.recurrent;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;

import java.util.Map;

/**
 * PyTorch's {@code nn.LSTM}, gates i|f|g|o: {@code c' = f ⊙ c + i ⊙ g}, {@code h' = o ⊙ tanh(c')},
 * and with {@code projSize > 0} {@code h' = W_hr (o ⊙ tanh(c'))}. Shapes as in {@link RNNBase}.
 */
public class LSTM extends RNNBase {
    /** Named options with PyTorch's defaults: {@code LSTM.options(inputSize, hiddenSize).numLayers(2).bidirectional().build()}. */
    public static RecurrentOptions<LSTM> options(int inputSize, int hiddenSize) {
        return new RecurrentOptions<>("LSTM", inputSize, hiddenSize, o -> new LSTM(o.inputSize, o.hiddenSize, o.numLayers, o.bias, o.batchFirst, o.dropout, o.bidirectional, o.projSize));
    }

    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, DEFAULT_NUM_LAYERS, DEFAULT_BIAS, DEFAULT_BATCH_FIRST, DEFAULT_DROPOUT, DEFAULT_BIDIRECTIONAL, DEFAULT_PROJ_SIZE);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, int projSize) {
        super("LSTM", CellType.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, DEFAULT_PROJ_SIZE);
    }

    /** The output sequence, from zero initial states. */
    @Override public Tensor forward(Tensor input) { return forward(input, null, null, null).output(); }

    public LstmOutput forward(Tensor input, Tensor h0, Tensor c0) { return forward(input, h0, c0, null); }

    /** With per-sequence {@code lengths} (packed semantics), or null for full length. */
    public LstmOutput forward(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        Tensor[] r = run("LSTM.forward", input, h0, c0, lengths, null);
        return new LstmOutput(r[0], r[1], r[2]);
    }

    public int projSize() { return projSize; }

    /** Rebuilds a LSTM from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LSTM fromConfig(Map<String, Object> config) {
        Config c = Config.of("LSTM", config);
        return (LSTM) new LSTM(c.integer("input_size"), c.integer("hidden_size"), c.integer("num_layers"), c.bool("bias"),
                c.bool("batch_first"), c.real("dropout"), c.bool("bidirectional"), c.integer("proj_size", 0))
                .recurrentDropout(c.real("recurrent_dropout", 0));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("proj_size", projSize);
        return c;
    }

    /** With a padding mask ((L, N), or (N, L) with batchFirst): 0 marks a padded step anywhere in a sequence. */
    public LstmOutput forwardMasked(Tensor input, Tensor h0, Tensor c0, Tensor mask) {
        Tensor[] r = run("LSTM.forward", input, h0, c0, null, mask);
        return new LstmOutput(r[0], r[1], r[2]);
    }

    /** A packed batch (PyTorch's {@code lstm(pack_padded_sequence(...))}): the output is packed the same way. */
    public PackedOutput forward(PackedSequence input, Tensor h0, Tensor c0) {
        Object[] r = runPacked("LSTM.forward", input, h0, c0);
        return new PackedOutput((PackedSequence) r[0], (Tensor) r[1], (Tensor) r[2]);
    }
}
