package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;

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
 * (erf) gelu. PyTorch's {@code bias=False} option is not offered. Masks: 1 = not allowed / padding, or additive (see {@link Attention}).
 */
public class TransformerEncoderLayer extends Module {
    public static final int DEFAULT_DIM_FEEDFORWARD = 2048;
    public static final double DEFAULT_DROPOUT = 0.1, DEFAULT_LAYER_NORM_EPS = 1e-5;
    public static final String DEFAULT_ACTIVATION = "relu";
    public static final boolean DEFAULT_BATCH_FIRST = false, DEFAULT_NORM_FIRST = false;

    final int dModel, nhead, dimFeedforward;
    final double dropoutP, layerNormEps;
    final String activation;
    final boolean batchFirst, normFirst;
    public final MultiheadAttention selfAttn;
    public final Linear linear1, linear2;
    public final LayerNorm norm1, norm2;
    private final Dropout dropout, dropout1, dropout2;

    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, DEFAULT_DIM_FEEDFORWARD, DEFAULT_DROPOUT, DEFAULT_ACTIVATION, DEFAULT_LAYER_NORM_EPS,
                DEFAULT_BATCH_FIRST, DEFAULT_NORM_FIRST);
    }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (dimFeedforward <= 0) throw Errors.arg("TransformerEncoderLayer", "dimFeedforward must be positive", "> 0", dimFeedforward, null);
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.activation = activationName("TransformerEncoderLayer", activation);
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norm1 = registerModule("norm1", new LayerNorm(new int[]{dModel}, layerNormEps, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[]{dModel}, layerNormEps, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
    }

    /** relu or gelu, lower case; anything else is an error naming the argument. */
    static String activationName(String where, String activation) {
        String a = activation == null ? "" : activation.toLowerCase(Locale.ROOT);
        if (!a.equals("relu") && !a.equals("gelu")) throw Errors.arg(where, "activation must be relu or gelu", "relu or gelu", activation, null);
        return a;
    }

    static Tensor activate(String activation, Tensor x) { return activation.equals("gelu") ? x.gelu() : x.relu(); }

    /** A new layer with the same configuration, weights (copied) and dtype: PyTorch's deepcopy in TransformerEncoder. */
    public TransformerEncoderLayer copy() {
        TransformerEncoderLayer c = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation,
                layerNormEps, batchFirst, normFirst);
        c.to(linear1.weight.dtype());
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    /** Runs the composed attention twin instead of the fused kernel. */
    public TransformerEncoderLayer useComposed(boolean on) { selfAttn.useComposed(on); return this; }

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
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask, isCausal));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask, isCausal)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor padding, boolean isCausal) {
        return dropout1.forward(selfAttn.forward(x, x, x, padding, false, mask, true, isCausal).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activate(activation, linear1.forward(x)))));
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
