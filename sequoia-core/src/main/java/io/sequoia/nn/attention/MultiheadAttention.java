package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * PyTorch's {@code nn.MultiheadAttention}: {@code out_proj(concat_h softmax(q_h k_hᵀ/√d + mask) v_h)}
 * with q, k, v the input projections, d = E / numHeads and head h the columns [h·d, (h+1)·d).
 * Parameters under PyTorch's keys: {@code in_proj_weight} (3E, E) stacking W_q | W_k | W_v — or
 * {@code q_proj_weight} (E, E), {@code k_proj_weight} (E, kdim), {@code v_proj_weight} (E, vdim)
 * when kdim or vdim differs from E — then {@code in_proj_bias} (3E), {@code out_proj.weight} (E, E),
 * {@code out_proj.bias} (E). Init as PyTorch: Xavier-uniform input projections, zero biases,
 * {@code out_proj} weight as {@link Linear}'s.
 * <p>Masks: 1 (true) = NOT allowed to attend, or additive floats (see {@link Attention}). A query
 * whose keys are all masked gets zeros, not NaN. Dropout on the attention weights in training only.
 * float32 runs the fused {@link AttentionKernel}; float64 and {@link #useComposed} the composed twin.
 * {@code add_bias_kv} and {@code add_zero_attn} are not supported.
 */
public class MultiheadAttention extends Module {
    public static final double DEFAULT_DROPOUT = 0.0;
    public static final boolean DEFAULT_BIAS = true, DEFAULT_BATCH_FIRST = false;
    public static final boolean DEFAULT_NEED_WEIGHTS = true, DEFAULT_AVERAGE_ATTN_WEIGHTS = true;

    private final int embedDim, numHeads, kdim, vdim, headDim;
    private final double dropout;
    private final boolean batchFirst;
    public final Parameter inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias;
    public final Linear outProj;
    private boolean composed;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, DEFAULT_DROPOUT, DEFAULT_BIAS, embedDim, embedDim, DEFAULT_BATCH_FIRST);
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, embedDim, embedDim, batchFirst);
    }

    /** PyTorch's arguments; {@code kdim}/{@code vdim} are PyTorch's {@code None} when equal to {@code embedDim}. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim, boolean batchFirst) {
        String where = "MultiheadAttention";
        if (embedDim <= 0) throw Errors.arg(where, "embedDim must be positive", "> 0", embedDim, null);
        if (numHeads <= 0) throw Errors.arg(where, "numHeads must be positive", "> 0", numHeads, null);
        if (embedDim % numHeads != 0) {
            throw Errors.arg(where, "embedDim must be divisible by numHeads", "a multiple of " + numHeads, embedDim,
                    "numHeads " + numHeads);
        }
        if (kdim <= 0) throw Errors.arg(where, "kdim must be positive", "> 0", kdim, null);
        if (vdim <= 0) throw Errors.arg(where, "vdim must be positive", "> 0", vdim, null);
        if (!(dropout >= 0 && dropout <= 1)) throw Errors.arg(where, "dropout must be in [0, 1]", "0 <= dropout <= 1", dropout, null);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.headDim = embedDim / numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        boolean same = kdim == embedDim && vdim == embedDim;
        if (same) {
            inProjWeight = registerParameter("in_proj_weight", new Parameter(Init.xavierUniform(3 * embedDim, embedDim)));
            qProjWeight = kProjWeight = vProjWeight = null;
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", new Parameter(Init.xavierUniform(embedDim, embedDim)));
            kProjWeight = registerParameter("k_proj_weight", new Parameter(Init.xavierUniform(embedDim, kdim)));
            vProjWeight = registerParameter("v_proj_weight", new Parameter(Init.xavierUniform(embedDim, vdim)));
        }
        inProjBias = registerParameter("in_proj_bias", bias ? new Parameter(Init.zeros(3 * embedDim)) : null);
        outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias));
        if (bias) outProj.bias.data().fill(0);
    }

    public int embedDim() { return embedDim; }
    public int numHeads() { return numHeads; }
    public int headDim() { return headDim; }
    public int kdim() { return kdim; }
    public int vdim() { return vdim; }
    public boolean batchFirst() { return batchFirst; }
    public double dropout() { return dropout; }

    /** Runs the composed twin instead of the fused kernel (the reference path; slower). */
    public MultiheadAttention useComposed(boolean on) { composed = on; return this; }

    /**
     * Self-attention {@code forward(x, x, x)}, output only.
     * <pre>
     * input (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched     output the input's shape
     * </pre>
     */
    @Override public Tensor forward(Tensor input) {
        return forward(input, input, input, null, false, null, DEFAULT_AVERAGE_ATTN_WEIGHTS, false).output();
    }

    /**
     * {@code forward(query, key, value)} with no masks and head-averaged weights.
     * <pre>
     * query (L, N, E), key (S, N, kdim), value (S, N, vdim) (batchFirst: N first; unbatched: no N)
     * output (L, N, E)   weights (N, L, S)
     * </pre>
     */
    public MhaOutput forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, DEFAULT_NEED_WEIGHTS, null, DEFAULT_AVERAGE_ATTN_WEIGHTS, false);
    }

    /**
     * With masks and head-averaged weights.
     * <pre>
     * query (L, N, E), key (S, N, kdim), value (S, N, vdim) (batchFirst: N first; unbatched: no N)
     * keyPaddingMask (N, S)   attnMask (L, S) or (N·H, L, S): 1 = not allowed, or additive; or null
     * output (L, N, E)   weights (N, L, S), or null unless needWeights
     * </pre>
     */
    public MhaOutput forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return forward(query, key, value, keyPaddingMask, needWeights, attnMask, DEFAULT_AVERAGE_ATTN_WEIGHTS, false);
    }

    /**
     * PyTorch's forward. Passing the same tensor as query, key and value is self-attention (one
     * input projection GEMM).
     * <pre>
     * query (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched
     * key   (S, N, kdim), or (N, S, kdim), or (S, kdim)      value likewise with vdim
     * keyPaddingMask (N, S), or (S) unbatched: 1 = padding (ignored key), or additive; or null
     * attnMask (L, S), or (N·H, L, S), or (H, L, S) unbatched: 1 = not allowed, or additive; or null
     * output (L, N, E), or (N, L, E), or (L, E)
     * weights (N, L, S) if averageAttnWeights else (N, H, L, S) (no N when unbatched); null unless needWeights
     * </pre>
     *
     * @param isCausal with no {@code attnMask}, applies the causal mask (key j &gt; query i not allowed);
     *                 with one, it is a hint and {@code attnMask} is used (as PyTorch)
     */
    public MhaOutput forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                             Tensor attnMask, boolean averageAttnWeights, boolean isCausal) {
        String where = "MultiheadAttention.forward";
        boolean unbatched = checkInputs(where, query, key, value);
        Tensor q = toBatchFirst(query, unbatched);                             // (N, L, E)
        Tensor k = key == query ? q : toBatchFirst(key, unbatched);            // (N, S, kdim)
        Tensor v = value == key ? k : toBatchFirst(value, unbatched);          // (N, S, vdim)
        int N = q.size(0), L = q.size(1), S = k.size(1);
        NDArray bias = AttentionCore.merge(attnBias(where, attnMask, unbatched, N, L, S, q.dtype()),
                paddingBias(where, keyPaddingMask, unbatched, N, S, q.dtype()));
        Tensor[] p = project(q, k, v);
        MhaOutput o = finish(p[0], p[1], p[2], bias, isCausal && attnMask == null, needWeights, averageAttnWeights, unbatched);
        // what this call made and drops: its storage is reused once backward has read it (Autograd.intermediate)
        Tensor[] given = {query, key, value, o.output(), o.weights()};
        for (Tensor t : new Tensor[]{q, k, v, p[0], p[1], p[2]}) Autograd.intermediate(t, given);
        return o;
    }

    /**
     * Incremental decoding: attends the new query steps over everything in {@code cache} after
     * adding the projections of the new {@code key}/{@code value} steps (a growing cache; new
     * query i sees cached keys and new keys up to i), or over the memory a fixed cache took on its
     * first call ({@code key}/{@code value} may then be null). Feeding a sequence one step at a
     * time equals the full pass with a causal mask.
     * <pre>
     * query (l, N, E), or (N, l, E) with batchFirst, or (l, E) unbatched     l = new steps
     * key, value: the new steps (s, N, kdim|vdim) in the same layout, or null for a filled fixed cache
     * keyPaddingMask (N, S_total) or (S_total) unbatched, over every cached key; or null
     * output (l, N, E) in the query's layout    weights (N, l, S_total) head-averaged, or null
     * </pre>
     */
    public MhaOutput forwardCached(Tensor query, Tensor key, Tensor value, KeyValueCache cache, Tensor keyPaddingMask,
                                   boolean needWeights) {
        String where = "MultiheadAttention.forwardCached";
        if (cache == null) throw Errors.arg(where, "cache must not be null", "a KeyValueCache", null, null);
        boolean reuse = cache.isFixed() && !cache.isEmpty();
        AttentionCore.rank(where, "query", query, 2, 3);
        boolean unbatched = query.dim() == 2;
        if (!reuse) checkInputs(where, query, key, value);
        else checkQuery(where, query);
        Tensor q = toBatchFirst(query, unbatched);                             // (N, l, E)
        int N = q.size(0), l = q.size(1), past = cache.length();
        if (reuse && cache.keys().size(0) != N) {
            throw Errors.shape(where, "the batch size must match the cached memory", cache.keys().size(0), N,
                    "query shape " + query.shapeString());
        }
        if (!reuse) {
            Tensor k = key == query ? q : toBatchFirst(key, unbatched);        // (N, s, kdim)
            Tensor v = value == key ? k : toBatchFirst(value, unbatched);      // (N, s, vdim)
            Tensor[] p = project(q, k, v);
            cache.append(p[1], p[2]);
            q = p[0];
        } else {
            q = project(q, null, null)[0];
        }
        int S = cache.length();
        NDArray bias = paddingBias(where, keyPaddingMask, unbatched, N, S, q.dtype());
        if (!cache.isFixed() && l > 1) {                                       // new query i sits at position past + i
            NDArray m = NDArray.zeros(q.dtype(), 1, 1, l, S);
            for (int i = 0; i < l; i++) for (int j = past + i + 1; j < S; j++) m.setDouble(i * S + j, Double.NEGATIVE_INFINITY);
            bias = AttentionCore.merge(bias, m);
        }
        return finish(q, cache.keys(), cache.values(), bias, false, needWeights, true, unbatched);
    }

    /** Attention over projected (N, ·, E) tensors, then out_proj and the caller's layout. */
    private MhaOutput finish(Tensor q, Tensor k, Tensor v, NDArray bias, boolean causal, boolean needWeights,
                             boolean average, boolean unbatched) {
        double p = isTraining() ? dropout : 0;
        Tensor[] a = AttentionCore.attend(q, k, v, numHeads, bias, causal, 1 / Math.sqrt(headDim), p, needWeights, composed);
        Tensor projected = outProj.forward(a[0]);                              // (N, L, E)
        Tensor out = unbatched ? projected.squeeze(0) : batchFirst ? projected : projected.transpose(0, 1);
        Autograd.intermediate(a[0], out, a.length > 1 ? a[1] : null);
        Autograd.intermediate(projected, out);
        Tensor w = null;
        if (needWeights) {
            w = average ? a[1].mean(1, false) : a[1];                          // (N, L, S) or (N, H, L, S)
            if (unbatched) w = w.squeeze(0);
        }
        return new MhaOutput(out, w);
    }

    /** The input projections of (N, ·, ·) inputs; k and v may be null (query only). Returns {q, k, v} (N, ·, E). */
    private Tensor[] project(Tensor q, Tensor k, Tensor v) {
        int E = embedDim;
        if (inProjWeight != null && k == q && v == q) {
            Tensor all = Functional.linear(q, inProjWeight, inProjBias);
            Tensor[] qkv = all.chunk(3, -1);                                   // 3 × (N, L, E)
            Autograd.intermediate(all, q);                                     // dropped here (forwardCached keeps only the chunks)
            return qkv;
        }
        Tensor wq = inProjWeight != null ? inProjWeight.narrow(0, 0, E) : qProjWeight;
        Tensor[] out = new Tensor[]{Functional.linear(q, wq, biasPart(0)), null, null};
        if (k == null) return out;
        if (inProjWeight != null && k == v) {
            Tensor[] kv = Functional.linear(k, inProjWeight.narrow(0, E, 2 * E), inProjBias == null ? null
                    : inProjBias.narrow(0, E, 2 * E)).chunk(2, -1);             // 2 × (N, S, E)
            out[1] = kv[0];
            out[2] = kv[1];
            return out;
        }
        out[1] = Functional.linear(k, inProjWeight != null ? inProjWeight.narrow(0, E, E) : kProjWeight, biasPart(1));
        out[2] = Functional.linear(v, inProjWeight != null ? inProjWeight.narrow(0, 2 * E, E) : vProjWeight, biasPart(2));
        return out;
    }

    private Tensor biasPart(int i) { return inProjBias == null ? null : inProjBias.narrow(0, i * embedDim, embedDim); }

    private Tensor toBatchFirst(Tensor x, boolean unbatched) {
        return unbatched ? x.unsqueeze(0) : batchFirst ? x : x.transpose(0, 1);   // (N, ·, ·)
    }

    private void checkQuery(String where, Tensor query) {
        if (query.size(-1) != embedDim) {
            throw Errors.shape(where, "query.size(-1) must equal embedDim", embedDim, query.size(-1), "query shape " + query.shapeString());
        }
    }

    /** Checks ranks, feature sizes, batch and sequence sizes; returns whether the inputs are unbatched. */
    private boolean checkInputs(String where, Tensor query, Tensor key, Tensor value) {
        if (query == null || key == null || value == null) {
            throw Errors.arg(where, "query, key and value must not be null", "three tensors",
                    (query == null ? "query " : "") + (key == null ? "key " : "") + (value == null ? "value" : "") + "null", null);
        }
        AttentionCore.rank(where, "query", query, 2, 3);
        String ctx = "query " + query.shapeString() + ", key " + key.shapeString() + ", value " + value.shapeString();
        if (key.dim() != query.dim() || value.dim() != query.dim()) {
            throw Errors.shape(where, "key and value must have as many dims as query", query.dim(),
                    key.dim() != query.dim() ? key.dim() : value.dim(), ctx);
        }
        checkQuery(where, query);
        if (key.size(-1) != kdim) throw Errors.shape(where, "key.size(-1) must equal kdim", kdim, key.size(-1), ctx);
        if (value.size(-1) != vdim) throw Errors.shape(where, "value.size(-1) must equal vdim", vdim, value.size(-1), ctx);
        boolean unbatched = query.dim() == 2;
        int seq = unbatched || !batchFirst ? 0 : 1;
        if (key.size(seq) != value.size(seq)) {
            throw Errors.shape(where, "key and value must have the same sequence length", key.size(seq), value.size(seq), ctx);
        }
        if (!unbatched) {
            int b = batchFirst ? 0 : 1;
            if (key.size(b) != query.size(b) || value.size(b) != query.size(b)) {
                throw Errors.shape(where, "query, key and value must have the same batch size", query.size(b),
                        key.size(b) != query.size(b) ? key.size(b) : value.size(b), ctx);
            }
        }
        return unbatched;
    }

    /** attn_mask as an additive (1, 1, L, S) or (N, H, L, S) array, or null. */
    private NDArray attnBias(String where, Tensor mask, boolean unbatched, int N, int L, int S, DType dtype) {
        if (mask == null) return null;
        int[] ms = mask.shape();
        NDArray add = AttentionCore.additive(mask, dtype);
        if (ms.length == 2 && ms[0] == L && ms[1] == S) return add.reshape(1, 1, L, S);
        int lead = unbatched ? numHeads : N * numHeads;
        if (ms.length == 3 && ms[0] == lead && ms[1] == L && ms[2] == S) return add.reshape(unbatched ? 1 : N, numHeads, L, S);
        String expected = "[" + L + ", " + S + "] or [" + lead + ", " + L + ", " + S + "]";
        throw Errors.shape(where, "attnMask must be (L, S) or (" + (unbatched ? "H" : "N·H") + ", L, S)", expected,
                mask.shapeString(), "L " + L + ", S " + S + ", numHeads " + numHeads);
    }

    /** key_padding_mask as an additive (N, 1, 1, S) array, or null. */
    private static NDArray paddingBias(String where, Tensor mask, boolean unbatched, int N, int S, DType dtype) {
        if (mask == null) return null;
        int[] expected = unbatched ? new int[]{S} : new int[]{N, S};
        if (!java.util.Arrays.equals(mask.shape(), expected)) {
            throw Errors.shape(where, "keyPaddingMask must be " + (unbatched ? "(S)" : "(N, S)"), expected, mask.shapeString(), null);
        }
        return AttentionCore.additive(mask, dtype).reshape(unbatched ? 1 : N, 1, 1, S);
    }

    /** Rebuilds a MultiheadAttention from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static MultiheadAttention fromConfig(Map<String, Object> config) {
        Config c = Config.of("MultiheadAttention", config);
        return new MultiheadAttention(c.integer("embed_dim"), c.integer("num_heads"), c.real("dropout"), c.bool("bias"),
                c.integer("kdim"), c.integer("vdim"), c.bool("batch_first"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("embed_dim", embedDim);
        c.put("num_heads", numHeads);
        c.put("dropout", dropout);
        c.put("bias", inProjBias != null);
        c.put("kdim", kdim);
        c.put("vdim", vdim);
        c.put("batch_first", batchFirst);
        return c;
    }
}
