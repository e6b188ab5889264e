package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;

/**
 * PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and a feed-forward block, each
 * with a residual connection and a LayerNorm.
 * <pre>
 * post-norm (normFirst = false): x = norm1(x + SA(x));  x = norm2(x + FF(x))
 * pre-norm  (normFirst = true):  x = x + SA(norm1(x));  x = x + FF(norm2(x))
 * SA(y) = dropout1(self_attn(y, y, y, srcMask, srcKeyPaddingMask))   FF(y) = dropout2(linear2(dropout(act(linear1(y)))))
 * </pre>
 * Keys: {@code self_attn.in_proj_weight}, {@code self_attn.in_proj_bias}, {@code self_attn.out_proj.*},
 * {@code linear1.*}, {@code linear2.*}, {@code norm1.*}, {@code norm2.*}. Activation relu or exact
 * (erf) gelu. PyTorch's {@code bias=False} option is not offered. Masks: 1 = not allowed / padding,
 * or additive (see {@link Attention}).
 */
public class TransformerEncoderLayer extends TransformerLayerBase {
    public final MultiheadAttention selfAttn;
    public final LayerNorm norm1, norm2;

    /** Named options with PyTorch's defaults: {@code TransformerEncoderLayer.options(dModel, nhead).dimFeedforward(1024).batchFirst().normFirst().build()}. */
    public static TransformerLayerOptions<TransformerEncoderLayer> options(int dModel, int nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, o -> new TransformerEncoderLayer(o.dModel, o.nhead, o.dimFeedforward, o.dropout, o.activation,
                o.layerNormEps, o.batchFirst, o.normFirst));
    }

    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, DEFAULT_DIM_FEEDFORWARD, DEFAULT_DROPOUT, DEFAULT_ACTIVATION, DEFAULT_LAYER_NORM_EPS,
                DEFAULT_BATCH_FIRST, DEFAULT_NORM_FIRST);
    }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        super("TransformerEncoderLayer", 2, dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst);
        selfAttn = attention[0];
        norm1 = norms[0];
        norm2 = norms[1];
    }

    /** A new layer with the same configuration, weights (copied) and dtype: PyTorch's deepcopy in TransformerEncoder. */
    @Override public TransformerEncoderLayer copy() {
        return copyInto(new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst, normFirst));
    }

    /**
     * No masks.
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     output the shape of src
     * </pre>
     */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /**
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched      E = dModel
     * srcMask (S, S) or (N·nhead, S, S): 1 = not allowed, or additive; or null
     * srcKeyPaddingMask (N, S), or (S) unbatched: 1 = padding; or null
     * output the shape of src
     * </pre>
     *
     * @param isCausal with no srcMask, applies the causal mask; with one, a hint (srcMask is used)
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor out;
        Tensor[] made;                  // what this call makes and drops (Autograd.intermediate)
        if (normFirst) {
            Tensor n1 = norm1.forward(src), sa = selfAttention(n1, srcMask, srcKeyPaddingMask, isCausal);
            Tensor x = residual(src, sa, 0), n2 = norm2.forward(x);
            out = addFeedForward(x, n2);
            made = new Tensor[]{n1, sa, x, n2};
        } else {
            Tensor sa = selfAttention(src, srcMask, srcKeyPaddingMask, isCausal), r = residual(src, sa, 0);
            Tensor x = norm1.forward(r), f = addFeedForward(x, x);
            out = norm2.forward(f);
            made = new Tensor[]{sa, r, x, f};
        }
        for (Tensor t : made) io.sequoia.autograd.Autograd.intermediate(t, src, out);
        return out;
    }

    /** The self-attention block's output before its dropout (applied in {@link #residual}). */
    private Tensor selfAttention(Tensor x, Tensor mask, Tensor padding, boolean isCausal) {
        return selfAttn.forward(x, x, x, padding, false, mask, true, isCausal).output();
    }

    /** Rebuilds a TransformerEncoderLayer from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerEncoderLayer fromConfig(Map<String, Object> config) {
        Config c = Config.of("TransformerEncoderLayer", config);
        return new TransformerEncoderLayer(c.integer("d_model"), c.integer("nhead"), c.integer("dim_feedforward"), c.real("dropout"),
                c.string("activation"), c.real("layer_norm_eps"), c.bool("batch_first"), c.bool("norm_first"));
    }
}
