package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code Bidirectional(layer, merge_mode)}: the wrapped layer reads the sequence forward, a
 * fresh copy of it (same kind and size, its own weights) reads it backward, and their outputs are
 * merged. The backward half sees each sequence reversed within its real steps (padded steps are
 * skipped by the mask), and with {@code returnSequences} its outputs are put back in the input's
 * time order before merging, as Keras does. Options (returnSequences, returnState, goBackwards)
 * are the wrapped layer's; its recurrentDropout is copied to the backward half when wrapping.
 * Not {@link io.sequoia.nn.recurrent.Stateful} (a carried state has no meaning for the backward half).
 * <p>Keys: the forward half's under their PyTorch names, the backward half's with {@code _reverse}
 * ({@code weight_ih_l0}, ..., {@code weight_ih_l0_reverse}, ...): exactly those of
 * {@code torch.nn.LSTM(F, units, batch_first=True, bidirectional=True)}, which computes the same outputs.
 * <pre>
 * input (N, T, F), mask (N, T)
 * output  concat: (N, T, 2·units) with returnSequences, else (N, 2·units) — [forward, backward]
 *         sum | mul | ave: (N, T, units) or (N, units)
 *         none: no single output; use {@link #forwardWithState} (forwardOutput, backwardOutput)
 * states (N, units) per half
 * </pre>
 */
public class Bidirectional extends Module implements MaskedLayer, io.sequoia.nn.LazyModule {
    public static final String DEFAULT_MERGE_MODE = "concat";
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave", "none");

    private final RecurrentLayer forwardLayer, backwardLayer;
    private final String mergeMode;

    public Bidirectional(RecurrentLayer layer) { this(layer, DEFAULT_MERGE_MODE); }

    /** @param mergeMode concat, sum, mul, ave or none */
    public Bidirectional(RecurrentLayer layer, String mergeMode) {
        if (layer == null) throw Errors.arg("Bidirectional", "layer must not be null", "a SimpleRNN, LSTM or GRU", null, null);
        String mode = mergeMode == null ? null : mergeMode.toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) throw Errors.arg("Bidirectional", "unknown mergeMode", "one of " + MODES, mergeMode, null);
        this.forwardLayer = layer;
        this.backwardLayer = layer.freshCopy().recurrentDropout(layer.recurrentDropout());
        this.mergeMode = mode;
        if (layer.inputSize() > 0) register();
    }

    private void register() {
        forwardLayer.namedParameters().forEach(this::registerParameter);
        backwardLayer.namedParameters().forEach((k, p) -> registerParameter(k + "_reverse", p));
    }

    public RecurrentLayer forwardLayer() { return forwardLayer; }

    @Override public boolean built() { return forwardLayer.built(); }
    public RecurrentLayer backwardLayer() { return backwardLayer; }
    public String mergeMode() { return mergeMode; }

    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    @Override public Tensor forward(Tensor x, Tensor mask) {
        if (forwardLayer.returnState() || mergeMode.equals("none")) {
            throw Errors.state("Bidirectional.forward", "with " + (mergeMode.equals("none") ? "mergeMode none" : "returnState")
                    + " the layer has several outputs", "call forwardWithState(x, mask)");
        }
        return forwardWithState(x, mask).output();
    }

    /** Every output and state of both halves; {@code output} is null with mergeMode none. */
    public BidirectionalOutput forwardWithState(Tensor x, Tensor mask) {
        String where = "Bidirectional.forward";
        Masks.checkSequence(where, x, mask);
        boolean build = forwardLayer.inputSize() < 0;
        boolean back = forwardLayer.goBackwards();
        Tensor[] f = forwardLayer.sequence(where, x, mask, null, null, back);
        Tensor[] b = backwardLayer.sequence(where, x, mask, null, null, !back);
        if (build) register();
        boolean seq = forwardLayer.returnSequences();
        Tensor fo = seq ? f[0] : f[1], bo = seq ? Masks.reverseTime(b[0]) : b[1];
        return new BidirectionalOutput(merge(fo, bo), fo, bo, f[1], f[2], b[1], b[2]);
    }

    private Tensor merge(Tensor f, Tensor b) {
        switch (mergeMode) {
            case "concat": return Tensor.concat(-1, f, b);                               // (N, [T,] 2·units)
            case "sum": return f.add(b);
            case "mul": return f.mul(b);
            case "ave": return f.add(b).mul(0.5);
            default: return null;
        }
    }

    /** The input mask with returnSequences (reversed in time when the wrapped layer goes backwards), else null. */
    @Override public Tensor computeMask(Tensor x, Tensor mask) {
        if (!forwardLayer.returnSequences() || mask == null) return null;
        return forwardLayer.goBackwards() ? Masks.reverseTime(mask) : mask;
    }

    @Override public Module train(boolean on) {
        super.train(on);
        forwardLayer.train(on);
        backwardLayer.train(on);
        return this;
    }

    /** Rebuilds a Bidirectional from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Bidirectional fromConfig(Map<String, Object> config) {
        Config c = Config.of("Bidirectional", config);
        Module inner = c.module("layer");
        if (!(inner instanceof RecurrentLayer r)) {
            throw Errors.arg("Bidirectional.fromConfig", "Bidirectional wraps a recurrent layer", "SimpleRNN, LSTM or GRU",
                    inner.getClass().getSimpleName(), null);
        }
        return new Bidirectional(r, c.string("merge_mode"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("merge_mode", mergeMode);
        c.put("layer", io.sequoia.nn.ModuleRegistry.describe(forwardLayer));
        return c;
    }
}
