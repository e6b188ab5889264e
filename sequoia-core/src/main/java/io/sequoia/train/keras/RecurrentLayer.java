package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The Keras recurrent layer ({@link SimpleRNN}, {@link LSTM}, {@link GRU}) around one
 * PyTorch-named module of {@code io.sequoia.nn.recurrent}: one layer, one direction, batch first.
 * The input size comes from the first input (as {@code Dense}) unless given. The inner module's
 * parameters are registered on this layer under their PyTorch names ({@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}), so a Sequential's keys are those of
 * the same {@code torch.nn.Sequential} ({@code "1.weight_ih_l0"}); initialisation is PyTorch's.
 * <pre>
 * input    (N, T, F)        batch first, as Keras
 * mask     (N, T)           optional: non-zero = real step; padded steps keep the state, output 0
 * output   (N, T, units)    returnSequences (in reversed time order with goBackwards, as Keras)
 *          (N, units)       otherwise: each sequence's output at its last real step (0 if none)
 * initialH, initialC, h, c  (N, units)
 * </pre>
 * With {@code returnState} the layer has several outputs: use {@link #forwardWithState}; plain
 * {@code forward} then refuses (a Keras Sequential refuses such a layer too). With
 * {@code goBackwards} the input and its mask are reversed in time before the recurrence (Keras's
 * semantics); the output mask, with {@code returnSequences}, is reversed too so that it marks the
 * output's real steps (Keras passes the unreversed mask on).
 * <p>{@link #recurrentDropout} is Keras's {@code recurrent_dropout} (the inner module's variational
 * dropout); {@link Stateful} (Keras's {@code stateful=True}, and truncated BPTT in {@code fit})
 * carries the inner module's state from one call to the next.
 */
public abstract class RecurrentLayer extends Module implements MaskedLayer, Stateful, io.sequoia.nn.LazyModule {
    private final String name;
    final int units;
    final boolean useBias;
    private boolean returnSequences, returnState, goBackwards;
    private int inputSize = -1;
    private double recurrentDropout;
    private boolean stateful;
    RNNBase rnn;

    RecurrentLayer(String name, int units, boolean useBias) {
        if (units <= 0) throw Errors.arg(name, "units must be positive", "> 0", units, null);
        this.name = name;
        this.units = units;
        this.useBias = useBias;
    }

    /** The inner PyTorch module for {@code inputSize} features: one layer, batch first. */
    abstract RNNBase create(int inputSize);

    /** Runs the inner module: {output (N, T, H), hN (1, N, H), cN (1, N, H) or null}. */
    abstract Tensor[] runInner(Tensor x, Tensor h0, Tensor c0, Tensor mask);

    /** A layer of the same kind and size with fresh weights and default options (the backward half of a {@link Bidirectional}). */
    abstract RecurrentLayer freshCopy();

    /** Builds the inner module now (when the input size is known ahead of the first forward). */
    void build(int in) {
        if (in <= 0) throw Errors.arg(name, "inputSize must be positive (or -1 to take it from the first input)", "> 0", in, null);
        inputSize = in;
        rnn = create(in);
        rnn.train(isTraining());
        rnn.recurrentDropout(recurrentDropout);
        rnn.setStateful(stateful);
        rnn.namedParameters().forEach(this::registerParameter);
    }

    public int units() { return units; }
    /** The input feature size, or -1 before the first input. */
    public int inputSize() { return inputSize; }

    @Override public boolean built() { return inputSize > 0; }
    /** The inner PyTorch-named module (null before the first input); its parameters are this layer's. */
    public RNNBase module() { return rnn; }

    public boolean returnSequences() { return returnSequences; }
    public boolean returnState() { return returnState; }
    public boolean goBackwards() { return goBackwards; }

    /** True: every step's output (N, T, units); false (default): the last real step's (N, units). */
    public RecurrentLayer returnSequences(boolean on) { returnSequences = on; return this; }
    /** True: the layer also returns its final states, through {@link #forwardWithState}. */
    public RecurrentLayer returnState(boolean on) { returnState = on; return this; }
    /** True: process the sequence reversed in time and return the outputs in that reversed order. */
    public RecurrentLayer goBackwards(boolean on) { goBackwards = on; return this; }

    /** Keras's {@code recurrent_dropout}: variational dropout of the recurrent state in training, p in [0, 1). */
    public RecurrentLayer recurrentDropout(double p) {
        if (!(p >= 0 && p < 1)) throw Errors.arg(name + ".recurrentDropout", "p must be in [0, 1)", "0 <= p < 1", p, null);
        recurrentDropout = p;
        if (rnn != null) rnn.recurrentDropout(p);
        return this;
    }

    public double recurrentDropout() { return recurrentDropout; }

    // ---- Stateful: delegated to the inner module ------------------------------------------

    @Override public void setStateful(boolean on) { stateful = on; if (rnn != null) rnn.setStateful(on); }
    @Override public boolean isStateful() { return stateful; }
    @Override public void resetStates() { if (rnn != null) rnn.resetStates(); }
    @Override public void detachStates() { if (rnn != null) rnn.detachStates(); }
    @Override public Map<String, NDArray> states() { return rnn == null ? Map.of() : rnn.states(); }

    @Override public void loadStates(Map<String, NDArray> states) {
        if (rnn == null && !states.isEmpty()) {
            throw Errors.state(name + ".loadStates", "the layer has no weights yet", "give the input size or run one batch first");
        }
        if (rnn != null) rnn.loadStates(states);
    }

    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    @Override public Tensor forward(Tensor x, Tensor mask) {
        if (returnState) {
            throw Errors.state(name + ".forward", "a layer with returnState returns its states as well as its output",
                    "call forwardWithState(x, mask), or set returnState(false) inside a Sequential");
        }
        return forwardWithState(x, mask, null, null).output();
    }

    /** The output and the final states (each sequence's at its last real step). */
    public RecurrentOutput forwardWithState(Tensor x, Tensor mask) { return forwardWithState(x, mask, null, null); }

    /** With initial states (null = zeros); {@code initialC} only for LSTM. */
    public RecurrentOutput forwardWithState(Tensor x, Tensor mask, Tensor initialH, Tensor initialC) {
        Tensor[] r = sequence(name + ".forward", x, mask, initialH, initialC, goBackwards);
        return new RecurrentOutput(returnSequences ? r[0] : r[1], r[1], r[2]);
    }

    @Override public Tensor computeMask(Tensor x, Tensor mask) {
        if (!returnSequences || mask == null) return null;
        return goBackwards ? Masks.reverseTime(mask) : mask;
    }

    /**
     * The whole recurrence: {output (N, T, H) in processing order, h (N, H), c (N, H) or null}; with
     * {@code backwards} the input and mask are reversed in time first.
     */
    Tensor[] sequence(String where, Tensor x, Tensor mask, Tensor initialH, Tensor initialC, boolean backwards) {
        Masks.checkSequence(where, x, mask);
        if (rnn == null) build(x.size(2));
        if (x.size(2) != inputSize) {
            throw Errors.shape(where, "input.size(-1) must equal the layer's input size", inputSize, x.size(2), "input shape " + x.shapeString());
        }
        if (initialC != null && !(this instanceof LSTM)) {
            throw Errors.arg(where, "initialC is only for LSTM", "null", "a tensor", null);
        }
        Tensor h0 = state(where, "initialH", initialH, x.size(0)), c0 = state(where, "initialC", initialC, x.size(0));
        Tensor in = backwards ? Masks.reverseTime(x) : x, m = mask == null ? null : backwards ? Masks.reverseTime(mask) : mask;
        Tensor[] r = runInner(in, h0, c0, m);
        return new Tensor[]{r[0], r[1].select(0, 0), r[2] == null ? null : r[2].select(0, 0)};   // (N, T, H), (N, H), (N, H)
    }

    private Tensor state(String where, String arg, Tensor s, int n) {
        if (s == null) return null;
        int[] expected = {n, units};
        if (!Arrays.equals(expected, s.shape())) {
            throw Errors.shape(where, arg + " must be (N, units)", Arrays.toString(expected), s.shapeString(), null);
        }
        return s.unsqueeze(0);                                                                      // (1, N, H)
    }

    @Override public Module train(boolean on) {
        super.train(on);
        if (rnn != null) rnn.train(on);
        return this;
    }

    /** The options of a saved config (return_sequences, return_state, go_backwards, recurrent_dropout). */
    RecurrentLayer options(io.sequoia.nn.Config c) {
        recurrentDropout(c.real("recurrent_dropout", 0));
        return returnSequences(c.bool("return_sequences")).returnState(c.bool("return_state")).goBackwards(c.bool("go_backwards"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("use_bias", useBias);
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("input_size", inputSize);
        c.put("recurrent_dropout", recurrentDropout);
        return c;
    }
}
