package io.sequoia.nn.attention;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.util.Locale;
import java.util.Map;

/**
 * What {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer} share: the arguments,
 * the attention blocks, the feed-forward block {@code linear2(dropout(act(linear1(x))))} and one
 * LayerNorm and one Dropout per residual block, registered in PyTorch's order ({@code self_attn},
 * [{@code multihead_attn}], {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1..k},
 * {@code dropout1..k}).
 */
public abstract class TransformerLayerBase extends Module {
    public static final int DEFAULT_DIM_FEEDFORWARD = 2048;
    public static final double DEFAULT_DROPOUT = 0.1, DEFAULT_LAYER_NORM_EPS = 1e-5;
    public static final String DEFAULT_ACTIVATION = "relu";
    public static final boolean DEFAULT_BATCH_FIRST = false, DEFAULT_NORM_FIRST = false;

    final int dModel, nhead, dimFeedforward;
    final double dropoutP, layerNormEps;
    final String activation;
    final boolean batchFirst, normFirst;
    final MultiheadAttention[] attention;
    public final Linear linear1, linear2;
    final LayerNorm[] norms;
    final Dropout[] dropouts;
    private final Dropout dropout;
    private boolean composedElementwise;

    /** {@code blocks} residual blocks: blocks − 1 attention modules plus the feed-forward block. */
    TransformerLayerBase(String where, int blocks, int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                         double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (dimFeedforward <= 0) throw Errors.arg(where, "dimFeedforward must be positive", "> 0", dimFeedforward, null);
        String a = activation == null ? "" : activation.toLowerCase(Locale.ROOT);
        if (!a.equals("relu") && !a.equals("gelu")) throw Errors.arg(where, "activation must be relu or gelu", "relu or gelu", activation, null);
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.activation = a;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        String[] names = {"self_attn", "multihead_attn"};
        attention = new MultiheadAttention[blocks - 1];
        for (int i = 0; i < blocks - 1; i++) {
            attention[i] = registerModule(names[i], new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        }
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norms = new LayerNorm[blocks];
        dropouts = new Dropout[blocks];
        for (int i = 0; i < blocks; i++) norms[i] = registerModule("norm" + (i + 1), new LayerNorm(new int[]{dModel}, layerNormEps, true));
        for (int i = 0; i < blocks; i++) dropouts[i] = registerModule("dropout" + (i + 1), new Dropout(dropout));
    }

    /** {@code linear2(dropout(act(linear1(x))))}: ReLU and dropout as one fused op unless {@link #useComposed}. */
    private Tensor feedForwardCore(Tensor x) {
        Tensor h = linear1.forward(x), a, out;
        if (activation.equals("relu") && !composedElementwise) {
            a = Functional.reluDropout(h, dropout.p(), dropout.isTraining(), Generator.global());
            out = linear2.forward(a);
        } else {
            Tensor act = activation.equals("gelu") ? h.gelu() : h.relu();
            a = dropout.forward(act);
            out = linear2.forward(a);
            Autograd.intermediate(act, x, out);
        }
        Autograd.intermediate(h, x, out);
        Autograd.intermediate(a, x, out);
        return out;
    }

    /**
     * {@code x + FF(in)}, FF(in) = dropoutK(linear2(dropout(act(linear1(in))))), K the last block; fused as {@link #residual}.
     * Its intermediates, FF(in) included, are declared {@link Autograd#intermediate}.
     */
    Tensor addFeedForward(Tensor x, Tensor in) {
        Tensor ff = feedForwardCore(in), out = residual(x, ff, dropouts.length - 1);
        Autograd.intermediate(ff, x, in, out);
        return out;
    }

    /**
     * {@code x + dropout_block(y)}: a residual connection, one fused op (no array for the dropout's output)
     * unless {@link #useComposed}. The generator draws, the values and the gradients are the composed ops'.
     */
    Tensor residual(Tensor x, Tensor y, int block) {
        Dropout d = dropouts[block];
        if (composedElementwise) return x.add(d.forward(y));
        return Functional.addDropout(x, y, d.p(), d.isTraining(), Generator.global());
    }

    /** A new layer with the same configuration, weights (copied), dtype and mode: PyTorch's deepcopy in the stacks. */
    public abstract TransformerLayerBase copy();

    /** Gives {@code fresh} (built with the same arguments) this layer's dtype, weights and mode: PyTorch's deepcopy. */
    <L extends TransformerLayerBase> L copyInto(L fresh) {
        fresh.to(linear1.weight.dtype());
        fresh.loadStateDict(stateDict(), true);
        fresh.train(isTraining());
        return fresh;
    }

    /**
     * Runs the composed twins instead of the fused kernels: attention in every attention block, and ReLU +
     * dropout and the residual dropout + add as separate ops (the reference path; slower, more memory).
     */
    public TransformerLayerBase useComposed(boolean on) {
        for (MultiheadAttention m : attention) m.useComposed(on);
        return useComposedElementwise(on);
    }

    /** Only the elementwise twins of {@link #useComposed} (attention keeps its kernel): for the twins' tests. */
    TransformerLayerBase useComposedElementwise(boolean on) {
        composedElementwise = on;
        return this;
    }

    public int dModel() { return dModel; }
    public int nhead() { return nhead; }
    public boolean batchFirst() { return batchFirst; }
    public boolean normFirst() { return normFirst; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("d_model", dModel);
        c.put("nhead", nhead);
        c.put("dim_feedforward", dimFeedforward);
        c.put("dropout", dropoutP);
        c.put("activation", activation);
        c.put("layer_norm_eps", layerNormEps);
        c.put("batch_first", batchFirst);
        c.put("norm_first", normFirst);
        return c;
    }
}
