package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * PyTorch's {@code nn.TransformerDecoderLayer}: masked self-attention, cross-attention over the
 * encoder memory and a feed-forward block, each with a residual connection and a LayerNorm.
 * <pre>
 * post-norm: x = norm1(x + SA(x));  x = norm2(x + MHA(x, mem));  x = norm3(x + FF(x))
 * pre-norm:  x = x + SA(norm1(x));  x = x + MHA(norm2(x), mem);  x = x + FF(norm3(x))
 * </pre>
 * Keys: {@code self_attn.*}, {@code multihead_attn.*}, {@code linear1.*}, {@code linear2.*},
 * {@code norm1.*}, {@code norm2.*}, {@code norm3.*}. Defaults as {@link TransformerEncoderLayer}.
 */
public class TransformerDecoderLayer extends Module {
    final int dModel, nhead, dimFeedforward;
    final double dropoutP, layerNormEps;
    final String activation;
    final boolean batchFirst, normFirst;
    public final MultiheadAttention selfAttn, multiheadAttn;
    public final Linear linear1, linear2;
    public final LayerNorm norm1, norm2, norm3;
    private final Dropout dropout, dropout1, dropout2, dropout3;

    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, TransformerEncoderLayer.DEFAULT_DIM_FEEDFORWARD, TransformerEncoderLayer.DEFAULT_DROPOUT,
                TransformerEncoderLayer.DEFAULT_ACTIVATION, TransformerEncoderLayer.DEFAULT_LAYER_NORM_EPS,
                TransformerEncoderLayer.DEFAULT_BATCH_FIRST, TransformerEncoderLayer.DEFAULT_NORM_FIRST);
    }

    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (dimFeedforward <= 0) throw Errors.arg("TransformerDecoderLayer", "dimFeedforward must be positive", "> 0", dimFeedforward, null);
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.activation = TransformerEncoderLayer.activationName("TransformerDecoderLayer", activation);
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        multiheadAttn = registerModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norm1 = registerModule("norm1", new LayerNorm(new int[]{dModel}, layerNormEps, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[]{dModel}, layerNormEps, true));
        norm3 = registerModule("norm3", new LayerNorm(new int[]{dModel}, layerNormEps, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
        dropout3 = registerModule("dropout3", new Dropout(dropout));
    }

    /** A new layer with the same configuration, weights (copied) and dtype. */
    public TransformerDecoderLayer copy() {
        TransformerDecoderLayer c = new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation,
                layerNormEps, batchFirst, normFirst);
        c.to(linear1.weight.dtype());
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    /** Runs the composed attention twin instead of the fused kernel. */
    public TransformerDecoderLayer useComposed(boolean on) {
        selfAttn.useComposed(on);
        multiheadAttn.useComposed(on);
        return this;
    }

    /** {@code forward(tgt, memory)} without masks. */
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
        Tensor x = tgt;
        if (normFirst) {
            Tensor y = norm1.forward(x);
            x = x.add(dropout1.forward(selfAttn.forward(y, y, y, tgtKeyPaddingMask, false, tgtMask, true, tgtIsCausal).output()));
            x = x.add(crossAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(dropout1.forward(selfAttn.forward(x, x, x, tgtKeyPaddingMask, false, tgtMask, true, tgtIsCausal).output())));
        x = norm2.forward(x.add(crossAttention(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal)));
        return norm3.forward(x.add(feedForward(x)));
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
            x = x.add(dropout1.forward(selfAttn.forwardCached(y, y, y, selfCache, null, false).output()));
            Tensor z = norm2.forward(x);
            x = x.add(dropout2.forward(multiheadAttn.forwardCached(z, memory, memory, crossCache, memoryKeyPaddingMask, false).output()));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(dropout1.forward(selfAttn.forwardCached(x, x, x, selfCache, null, false).output())));
        x = norm2.forward(x.add(dropout2.forward(multiheadAttn.forwardCached(x, memory, memory, crossCache, memoryKeyPaddingMask, false).output())));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor crossAttention(Tensor x, Tensor memory, Tensor mask, Tensor padding, boolean isCausal) {
        return dropout2.forward(multiheadAttn.forward(x, memory, memory, padding, false, mask, true, isCausal).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(TransformerEncoderLayer.activate(activation, linear1.forward(x)))));
    }

    public int dModel() { return dModel; }
    public boolean batchFirst() { return batchFirst; }

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
