package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;

/**
 * PyTorch's {@code nn.TransformerDecoderLayer}: masked self-attention, cross-attention over the
 * encoder memory and a feed-forward block, each with a residual connection and a LayerNorm.
 * <pre>
 * post-norm: x = norm1(x + SA(x));  x = norm2(x + MHA(x, mem));  x = norm3(x + FF(x))
 * pre-norm:  x = x + SA(norm1(x));  x = x + MHA(norm2(x), mem);  x = x + FF(norm3(x))
 * </pre>
 * Keys: {@code self_attn.*}, {@code multihead_attn.*}, {@code linear1.*}, {@code linear2.*},
 * {@code norm1.*}, {@code norm2.*}, {@code norm3.*}. Defaults in {@link TransformerLayerBase}.
 */
public class TransformerDecoderLayer extends TransformerLayerBase {
    public final MultiheadAttention selfAttn, multiheadAttn;
    public final LayerNorm norm1, norm2, norm3;

    /** Named options with PyTorch's defaults: {@code TransformerDecoderLayer.options(dModel, nhead).dimFeedforward(1024).batchFirst().normFirst().build()}. */
    public static TransformerLayerOptions<TransformerDecoderLayer> options(int dModel, int nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, o -> new TransformerDecoderLayer(o.dModel, o.nhead, o.dimFeedforward, o.dropout, o.activation,
                o.layerNormEps, o.batchFirst, o.normFirst));
    }

    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, DEFAULT_DIM_FEEDFORWARD, DEFAULT_DROPOUT, DEFAULT_ACTIVATION, DEFAULT_LAYER_NORM_EPS,
                DEFAULT_BATCH_FIRST, DEFAULT_NORM_FIRST);
    }

    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        super("TransformerDecoderLayer", 3, dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst);
        selfAttn = attention[0];
        multiheadAttn = attention[1];
        norm1 = norms[0];
        norm2 = norms[1];
        norm3 = norms[2];
    }

    /** A new layer with the same configuration, weights (copied) and dtype. */
    @Override public TransformerDecoderLayer copy() {
        return copyInto(new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst, normFirst));
    }

    /**
     * {@code forward(tgt, memory)} without masks.
     * <pre>
     * tgt (T, N, E), or (N, T, E) with batchFirst, or (T, E)     memory (S, N, E), (N, S, E) or (S, E)
     * output the shape of tgt
     * </pre>
     */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /**
     * <pre>
     * tgt (T, N, E), or (N, T, E) with batchFirst, or (T, E) unbatched     memory (S, N, E), (N, S, E) or (S, E)
     * tgtMask (T, T) or (N·nhead, T, T); memoryMask (T, S) or (N·nhead, T, S): 1 = not allowed, or additive; or null
     * tgtKeyPaddingMask (N, T); memoryKeyPaddingMask (N, S): 1 = padding; or null ((T), (S) unbatched)
     * output the shape of tgt
     * </pre>
     *
     * @param tgtIsCausal    with no tgtMask, applies the causal mask to the self-attention
     * @param memoryIsCausal with no memoryMask, applies the (top-left) causal mask to the cross-attention
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        return run(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal, false).output();
    }

    /**
     * {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, boolean, boolean)} that also returns the
     * cross-attention weights of every head: what each target position reads of the memory (the output
     * is forward's, to the bit; PyTorch's layer calls its {@code multihead_attn} with {@code need_weights=False}).
     * <pre>
     * output the shape of tgt     weights (N, nhead, T, S), or (nhead, T, S) unbatched; padded memory positions get 0
     * </pre>
     */
    public MhaOutput forwardWithCrossAttention(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                                               Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        return run(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal, true);
    }

    private MhaOutput run(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal, boolean weights) {
        Tensor x = tgt;
        MhaOutput cross;
        if (normFirst) {
            Tensor y = norm1.forward(x);
            x = residual(x, selfAttn.forward(y, y, y, tgtKeyPaddingMask, false, tgtMask, true, tgtIsCausal).output(), 0);
            cross = crossAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal, weights);
            x = residual(x, cross.output(), 1);
            return new MhaOutput(addFeedForward(x, norm3.forward(x)), cross.weights());
        }
        x = norm1.forward(residual(x, selfAttn.forward(x, x, x, tgtKeyPaddingMask, false, tgtMask, true, tgtIsCausal).output(), 0));
        cross = crossAttention(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal, weights);
        x = norm2.forward(residual(x, cross.output(), 1));
        return new MhaOutput(norm3.forward(addFeedForward(x, x)), cross.weights());
    }

    /**
     * One or more new target steps with key/value caches: equals the rows of a full causal
     * {@link #forward} at those positions. {@code selfCache} must be growing, {@code crossCache} fixed.
     * <pre>
     * tgt (t, N, E), or (N, t, E) with batchFirst, or (t, E)   t = new steps    memory as in forward
     * output the shape of tgt
     * </pre>
     */
    public Tensor forwardStep(Tensor tgt, Tensor memory, KeyValueCache selfCache, KeyValueCache crossCache,
                              Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (normFirst) {
            Tensor y = norm1.forward(x);
            x = residual(x, selfAttn.forwardCached(y, y, y, selfCache, null, false).output(), 0);
            Tensor z = norm2.forward(x);
            x = residual(x, multiheadAttn.forwardCached(z, memory, memory, crossCache, memoryKeyPaddingMask, false).output(), 1);
            return addFeedForward(x, norm3.forward(x));
        }
        x = norm1.forward(residual(x, selfAttn.forwardCached(x, x, x, selfCache, null, false).output(), 0));
        x = norm2.forward(residual(x, multiheadAttn.forwardCached(x, memory, memory, crossCache, memoryKeyPaddingMask, false).output(), 1));
        return norm3.forward(addFeedForward(x, x));
    }

    /** The cross-attention block's output before its dropout (applied in {@link #residual}) and, when asked, the per-head weights. */
    private MhaOutput crossAttention(Tensor x, Tensor memory, Tensor mask, Tensor padding, boolean isCausal, boolean weights) {
        return multiheadAttn.forward(x, memory, memory, padding, weights, mask, false, isCausal);
    }

    /** Rebuilds a TransformerDecoderLayer from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerDecoderLayer fromConfig(Map<String, Object> config) {
        Config c = Config.of("TransformerDecoderLayer", config);
        return new TransformerDecoderLayer(c.integer("d_model"), c.integer("nhead"), c.integer("dim_feedforward"), c.real("dropout"),
                c.string("activation"), c.real("layer_norm_eps"), c.bool("batch_first"), c.bool("norm_first"));
    }
}
