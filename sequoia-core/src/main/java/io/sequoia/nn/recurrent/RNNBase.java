package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The common body of {@link RNN}, {@link LSTM} and {@link GRU}, as PyTorch's {@code RNNBase}:
 * parameters {@code weight_ih_l{k}[_reverse]} (G·H, in), {@code weight_hh_l{k}} (G·H, H_out),
 * {@code bias_ih_l{k}}, {@code bias_hh_l{k}} (G·H), {@code weight_hr_l{k}} (proj, H), all
 * U(−1/√H, 1/√H); dropout between stacked layers in training only.
 * <pre>
 * input  (L, N, H_in), or (N, L, H_in) with batchFirst, or (L, H_in) unbatched
 * h0, hN (numLayers·D, N, H_out) or (numLayers·D, H_out) unbatched — layer-major even with batchFirst
 * c0, cN (numLayers·D, N, H)     (LSTM)
 * output (L, N, D·H_out), or (N, L, D·H_out) with batchFirst, or (L, D·H_out)
 * lengths int[N], each in [0, L]: steps at and after a sequence's length are padding
 * mask   (L, N), or (N, L) with batchFirst, or (L): non-zero = a real step, 0 = padding anywhere
 * </pre>
 * Padding never changes results: a padded step keeps the state and outputs zeros (PyTorch's packed
 * semantics), so final states are each sequence's state at its own last real step, also in the
 * reverse direction. A sequence with no real step keeps h0 and outputs zeros.
 * float32 runs the fused {@link RecurrentKernel}; float64 (gradient checks, the float64 fixtures)
 * and {@link #useComposed} run the composed cells.
 */
public abstract class RNNBase extends Module implements Stateful {
    public static final int DEFAULT_NUM_LAYERS = 1;
    public static final boolean DEFAULT_BIAS = true, DEFAULT_BATCH_FIRST = false, DEFAULT_BIDIRECTIONAL = false;
    public static final double DEFAULT_DROPOUT = 0.0;
    public static final int DEFAULT_PROJ_SIZE = 0;

    final CellType cell;
    final int inputSize, hiddenSize, numLayers, projSize;
    final boolean bias, batchFirst, bidirectional;
    final double dropout;
    private boolean composed;
    private boolean stateful;
    private double recurrentDropout;
    private Tensor carriedH, carriedC;
    private final Workspace workspace = new Workspace();

    RNNBase(String where, CellType cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
            double dropout, boolean bidirectional, int projSize) {
        if (inputSize <= 0) throw Errors.arg(where, "inputSize must be positive", "> 0", inputSize, null);
        if (hiddenSize <= 0) throw Errors.arg(where, "hiddenSize must be positive", "> 0", hiddenSize, null);
        if (numLayers <= 0) throw Errors.arg(where, "numLayers must be positive", "> 0", numLayers, null);
        if (!(dropout >= 0 && dropout <= 1)) throw Errors.arg(where, "dropout must be in [0, 1]", "0 <= dropout <= 1", dropout, null);
        if (projSize < 0) throw Errors.arg(where, "projSize must be non-negative", ">= 0", projSize, null);
        if (projSize >= hiddenSize && projSize > 0) {
            throw Errors.arg(where, "projSize must be smaller than hiddenSize", "< " + hiddenSize, projSize, null);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.projSize = projSize;
        int g = cell.gates * hiddenSize, hOut = outSize();
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < directions(); d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int in = l == 0 ? inputSize : directions() * hOut;
                registerParameter("weight_ih" + sfx, new Parameter(Init.uniform(bound, g, in)));
                registerParameter("weight_hh" + sfx, new Parameter(Init.uniform(bound, g, hOut)));
                if (bias) {
                    registerParameter("bias_ih" + sfx, new Parameter(Init.uniform(bound, g)));
                    registerParameter("bias_hh" + sfx, new Parameter(Init.uniform(bound, g)));
                }
                if (projSize > 0) registerParameter("weight_hr" + sfx, new Parameter(Init.uniform(bound, projSize, hiddenSize)));
            }
        }
    }

    public int directions() { return bidirectional ? 2 : 1; }
    /** H_out: projSize if set, else hiddenSize. */
    public int outSize() { return projSize > 0 ? projSize : hiddenSize; }
    public int inputSize() { return inputSize; }
    public int hiddenSize() { return hiddenSize; }
    public int numLayers() { return numLayers; }
    public boolean batchFirst() { return batchFirst; }
    public boolean bidirectional() { return bidirectional; }

    /**
     * Variational (recurrent) dropout of Gal &amp; Ghahramani: in training, each sequence's hidden
     * state entering the recurrent product is multiplied by one dropout mask kept for all its time
     * steps. Beyond PyTorch's arguments (Keras's {@code recurrent_dropout}); runs the composed path
     * while training.
     */
    public RNNBase recurrentDropout(double p) {
        if (!(p >= 0 && p < 1)) throw Errors.arg(getClass().getSimpleName() + ".recurrentDropout", "p must be in [0, 1)", "0 <= p < 1", p, null);
        recurrentDropout = p;
        return this;
    }

    public double recurrentDropout() { return recurrentDropout; }

    /** Runs the composed cells instead of the fused kernel (the reference path; slower). */
    public RNNBase useComposed(boolean on) { composed = on; return this; }

    Parameter p(String name, int layer, int dir) {
        return localParameter(name + "_l" + layer + (dir == 1 ? "_reverse" : ""));
    }

    /** Runs a packed batch: returns {packed output, hN, cN} with states in the original batch order. */
    Object[] runPacked(String where, PackedSequence packed, Tensor h0, Tensor c0) {
        PackedSequence.Padded p = packed.pad(batchFirst, 0, 0);
        Tensor[] r = run(where, p.padded(), h0, c0, p.lengths(), null);
        PackedSequence out = PackedSequence.pack(r[0], p.lengths(), batchFirst, false);
        return new Object[]{out, r[1], r[2]};
    }

    @Override public void setStateful(boolean on) { stateful = on; }
    @Override public boolean isStateful() { return stateful; }
    @Override public void resetStates() { carriedH = null; carriedC = null; }

    @Override public void detachStates() {
        if (carriedH != null) carriedH = carriedH.detach();
        if (carriedC != null) carriedC = carriedC.detach();
    }

    @Override public Map<String, NDArray> states() {
        Map<String, NDArray> m = new java.util.LinkedHashMap<>();
        if (carriedH != null) m.put("h", carriedH.data().copy());
        if (carriedC != null) m.put("c", carriedC.data().copy());
        return m;
    }

    @Override public void loadStates(Map<String, NDArray> states) {
        carriedH = states.containsKey("h") ? new Tensor(states.get("h").copy()) : null;
        carriedC = states.containsKey("c") ? new Tensor(states.get("c").copy()) : null;
    }

    /** The shared forward: returns {output, hN, cN (LSTM) or null}; {@code lengths} or {@code mask} (or neither) mark padding. */
    Tensor[] run(String where, Tensor input, Tensor h0, Tensor c0, int[] lengths, Tensor mask) {
        if (stateful && h0 == null && carriedH != null) {
            int n = input.dim() == 2 ? -1 : input.size(batchFirst ? 0 : 1);
            if (n == -1 ? carriedH.dim() == 2 : carriedH.dim() == 3 && carriedH.size(1) == n) {
                h0 = carriedH;
                c0 = carriedC;
            } else {
                throw Errors.state(where, "the carried state was made for another batch size (" + carriedH.shapeString() + ")",
                        "call resetStates() before changing the batch size");
            }
        }
        Tensor[] r = runFrom(where, input, h0, c0, lengths, mask);
        if (stateful) { carriedH = r[1]; carriedC = r[2]; }
        return r;
    }

    private Tensor[] runFrom(String where, Tensor input, Tensor h0, Tensor c0, int[] lengths, Tensor mask) {
        boolean lstm = cell == CellType.LSTM;
        if (input.dim() != 2 && input.dim() != 3) {
            throw Errors.shape(where, "input must be 2-D (unbatched) or 3-D (batched)", "2 or 3 dims", input.dim(),
                    "input shape " + input.shapeString());
        }
        if (input.size(-1) != inputSize) {
            throw Errors.shape(where, "input.size(-1) must equal inputSize", inputSize, input.size(-1), "input shape " + input.shapeString());
        }
        boolean unbatched = input.dim() == 2;
        Tensor x = unbatched ? input.unsqueeze(1) : (batchFirst ? input.transpose(0, 1) : input);   // (T, N, I)
        int T = x.size(0), N = x.size(1), D = directions(), hOut = outSize();
        if (!lstm && c0 != null) throw Errors.arg(where, "c0 is only for LSTM", "null", "a tensor", null);
        boolean dropH = recurrentDropout > 0 && isTraining();
        boolean fused = x.dtype() == DType.FLOAT32 && !composed && !dropH;
        // without initial states the fused kernel starts from zeros of its own (no zero tensors, no selects)
        boolean zeroStart = fused && h0 == null && c0 == null;
        Tensor h = zeroStart ? null : prepareState(where, "h0", h0, unbatched, N, hOut, x.dtype());
        Tensor c = lstm && !zeroStart ? prepareState(where, "c0", c0, unbatched, N, hiddenSize, x.dtype()) : null;
        if (lengths != null && mask != null) throw Errors.arg(where, "give lengths or a mask, not both", "one of them", "both", null);
        boolean[] active = lengths != null ? activeFromLengths(where, lengths, N, T)
                : mask != null ? activeFromMask(where, mask, unbatched, T, N) : null;

        Tensor[] hN = new Tensor[numLayers * D], cN = lstm ? new Tensor[numLayers * D] : null;
        Tensor layerIn = x;
        for (int l = 0; l < numLayers; l++) {
            Tensor[] outs = new Tensor[D];
            for (int d = 0; d < D; d++) {
                int k = l * D + d;
                Tensor hk = h == null ? null : h.select(0, k), ck = c == null ? null : c.select(0, k);
                Tensor[] r = fused ? fused(layerIn, hk, ck, l, d, active) : ComposedRecurrence.run(this, layerIn, hk, ck, l, d, active,
                        dropH ? dropoutMask(N, hOut, x.dtype()) : null);
                outs[d] = r[0];
                hN[k] = r[1];
                if (lstm) cN[k] = r[2];
            }
            layerIn = D == 1 ? outs[0] : Tensor.concat(2, outs);                         // (T, N, D·H_out)
            if (dropout > 0 && isTraining() && l < numLayers - 1) {
                layerIn = Functional.dropout(layerIn, dropout, true, Generator.global());
            }
        }
        // one layer and direction: its final state gets the leading dim as a view (nothing else holds it)
        Tensor output = layerIn, hs = hN.length == 1 ? hN[0].unsqueeze(0) : Tensor.stack(0, hN);
        Tensor cs = !lstm ? null : cN.length == 1 ? cN[0].unsqueeze(0) : Tensor.stack(0, cN);
        if (unbatched) {
            output = output.squeeze(1);
            hs = hs.squeeze(1);
            if (lstm) cs = cs.squeeze(1);
        } else if (batchFirst) {
            output = output.transpose(0, 1);                                              // (N, T, D·H_out)
        }
        return new Tensor[]{output, hs, cs};
    }

    private Tensor prepareState(String where, String name, Tensor s, boolean unbatched, int n, int size, DType dtype) {
        int layers = numLayers * directions();
        if (s == null) return new Tensor(NDArray.zeros(dtype, layers, n, size));
        int[] expected = unbatched ? new int[]{layers, size} : new int[]{layers, n, size};
        if (!Arrays.equals(expected, s.shape())) {
            throw Errors.shape(where, name + " must be (numLayers·D, N, " + (name.equals("c0") ? "hiddenSize" : "H_out") + ")",
                    Arrays.toString(expected), s.shapeString(), null);
        }
        Tensor t = unbatched ? s.unsqueeze(1) : s;
        return t.dtype() == dtype ? t : t.to(dtype);
    }

    private static boolean[] activeFromLengths(String where, int[] lengths, int n, int t) {
        if (lengths.length != n) throw Errors.shape(where, "lengths must have one entry per sequence", n, lengths.length, null);
        boolean[] active = new boolean[t * n];
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 0 || lengths[i] > t) {
                throw Errors.arg(where, "lengths must be in [0, sequence length]", "[0, " + t + "]", lengths[i], "sequence " + i);
            }
            for (int s = 0; s < lengths[i]; s++) active[s * n + i] = true;
        }
        return active;
    }

    private boolean[] activeFromMask(String where, Tensor mask, boolean unbatched, int t, int n) {
        int[] expected = unbatched ? new int[]{t} : batchFirst ? new int[]{n, t} : new int[]{t, n};
        if (!Arrays.equals(expected, mask.shape())) {
            throw Errors.shape(where, "mask must have the input's shape without the feature dim", Arrays.toString(expected), mask.shapeString(), null);
        }
        boolean[] active = new boolean[t * n];
        NDArray m = mask.data();
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < n; i++) active[s * n + i] = m.getDouble(batchFirst && !unbatched ? i * t + s : s * n + i) != 0;
        }
        return active;
    }

    private Tensor[] fused(Tensor x, Tensor h0, Tensor c0, int l, int d, boolean[] active) {
        boolean lstm = cell == CellType.LSTM;
        int T = x.size(0), N = x.size(1), I = x.size(2), H = hiddenSize, P = outSize();
        Parameter wih = p("weight_ih", l, d), whh = p("weight_hh", l, d);
        Parameter bih = bias ? p("bias_ih", l, d) : null, bhh = bias ? p("bias_hh", l, d) : null;
        Parameter whr = projSize > 0 ? p("weight_hr", l, d) : null;
        RecurrentKernel.Weights w = new RecurrentKernel.Weights(wih.data().floatData(), whh.data().floatData(),
                bih == null ? null : bih.data().floatData(), bhh == null ? null : bhh.data().floatData(), whr == null ? null : whr.data().floatData());
        RecurrentKernel k = new RecurrentKernel(new RecurrentKernel.Dims(cell, T, N, I, H, P, d == 1), active, x.data().floatData(),
                h0 == null ? null : h0.data().floatData(), lstm && c0 != null ? c0.data().floatData() : null, w, workspace);
        NDArray[] outs = lstm
                ? new NDArray[]{NDArray.wrap(k.out, T, N, P), NDArray.wrap(k.hN, N, P), NDArray.wrap(k.cN, N, H)}
                : new NDArray[]{NDArray.wrap(k.out, T, N, P), NDArray.wrap(k.hN, N, P)};
        String op = cell.name().toLowerCase() + (d == 1 ? "_reverse" : "");
        return Autograd.record(op, outs, (g, needs) -> {
            boolean needW = needs[3] || needs[4] || needs[5] || needs[6] || needs[7];
            RecurrentKernel.Grads gr = k.backward(data(g[0]), data(g[1]), lstm ? data(g[2]) : null, needs[0], needW);
            if (!needs[1]) GradBuffers.give(gr.h0);                                // the state gradients nobody asked for
            if (lstm && !needs[2]) GradBuffers.give(gr.c0);
            return new NDArray[]{                                                    // all arrays made by this backward:
                    needs[0] ? NDArray.wrap(gr.x, T, N, I).markFresh() : null,          // fresh (kept by a leaf, or
                    needs[1] ? NDArray.wrap(gr.h0, N, P).markFresh() : null,            // recycled by the engine once
                    lstm && needs[2] ? NDArray.wrap(gr.c0, N, H).markFresh() : null,    // the node before has used them)
                    needs[3] ? NDArray.wrap(gr.wih, wih.shape()).markFresh() : null,     // new arrays of this backward:
                    needs[4] ? NDArray.wrap(gr.whh, whh.shape()).markFresh() : null,     // the parameters keep them
                    needs[5] ? NDArray.wrap(gr.bih, bih.shape()).markFresh() : null,
                    needs[6] ? NDArray.wrap(gr.bhh, bhh.shape()).markFresh() : null,
                    needs[7] ? NDArray.wrap(gr.whr, whr.shape()).markFresh() : null};
        }, k::release, x, h0, c0, wih, whh, bih, bhh, whr);
    }

    private Tensor dropoutMask(int n, int size, DType dtype) {
        NDArray m = NDArray.empty(dtype, n, size);
        double keep = 1 - recurrentDropout;
        for (int i = 0; i < m.numel(); i++) m.setDouble(i, Generator.global().nextDouble() < keep ? 1 / keep : 0);
        return new Tensor(m);
    }

    private static float[] data(NDArray a) { return a == null ? null : a.floatData(); }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        c.put("num_layers", numLayers);
        c.put("bias", bias);
        c.put("batch_first", batchFirst);
        c.put("dropout", dropout);
        c.put("bidirectional", bidirectional);
        if (recurrentDropout > 0) c.put("recurrent_dropout", recurrentDropout);
        return c;
    }
}
