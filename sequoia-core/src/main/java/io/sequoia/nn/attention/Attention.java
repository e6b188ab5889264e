package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.Arrays;

/**
 * Scaled dot-product attention, as PyTorch's {@code F.scaled_dot_product_attention}, with one
 * deliberate difference in the polarity of boolean masks.
 *
 * <h2>Masks: one polarity everywhere in Sequoia</h2>
 * Masks are tensors in a floating dtype. A mask whose values are all 0 or 1 is <b>boolean, and 1
 * (true) means "not allowed to attend"</b>: the score becomes −∞. That is the polarity of
 * {@code nn.MultiheadAttention}'s {@code attn_mask} and {@code key_padding_mask} and of the
 * {@code nn.Transformer*} masks, and Sequoia uses it for this function too. <b>PyTorch's
 * {@code F.scaled_dot_product_attention} uses the opposite polarity for boolean masks (True =
 * takes part)</b>: a PyTorch boolean SDPA mask {@code m} is {@code 1 − m} here. Any other mask (one
 * holding −∞ or other values, e.g. {@code Transformer.generateSquareSubsequentMask}) is additive:
 * it is added to the scores, in every API. Masks are constants: they receive no gradient.
 *
 * <h2>Fully masked rows</h2>
 * A query whose every key is masked gets zeros (output and weights), not NaN as in PyTorch, and
 * passes no gradient.
 */
public final class Attention {
    private Attention() {}

    /** PyTorch's default: no dropout. */
    public static final double DEFAULT_DROPOUT_P = 0.0;

    /** {@code softmax(q kᵀ / √E) v} with no mask, no dropout. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return scaledDotProductAttention(query, key, value, null, DEFAULT_DROPOUT_P, false, null);
    }

    /**
     * {@code softmax(scale · q kᵀ + mask) v}, dropout (inverted, p = {@code dropoutP}) applied to the
     * attention probabilities whenever {@code dropoutP > 0} (as PyTorch, whatever the training mode).
     * <pre>
     * query    (*, L, E)      key (*, S, E)     value (*, S, Ev)     * = any leading dims, equal in all three
     * attnMask (L, S) or broadcastable to (*, L, S): boolean (1 = NOT allowed) or additive; or null
     * output   (*, L, Ev)
     * </pre>
     *
     * @param isCausal masks key j &gt; query i (top-left aligned, as PyTorch); not together with {@code attnMask}
     * @param scale    multiplies the scores; null means 1/√E
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP,
                                                   boolean isCausal, Double scale) {
        String where = "scaledDotProductAttention";
        int r = query.dim();
        if (r < 2) throw Errors.shape(where, "query must have at least 2 dims (L, E)", ">= 2", r, "query shape " + query.shapeString());
        if (key.dim() != r || value.dim() != r) {
            throw Errors.shape(where, "query, key and value must have the same number of dims", r,
                    key.dim() != r ? key.dim() : value.dim(), shapes(query, key, value));
        }
        int[] lead = Arrays.copyOf(query.shape(), r - 2);
        if (!Arrays.equals(lead, Arrays.copyOf(key.shape(), r - 2)) || !Arrays.equals(lead, Arrays.copyOf(value.shape(), r - 2))) {
            throw Errors.shape(where, "leading dims of query, key and value must be equal", Shapes.str(lead),
                    Shapes.str(Arrays.copyOf(key.shape(), r - 2)) + " / " + Shapes.str(Arrays.copyOf(value.shape(), r - 2)),
                    shapes(query, key, value));
        }
        int L = query.size(-2), E = query.size(-1), S = key.size(-2), Ev = value.size(-1);
        if (key.size(-1) != E) throw Errors.shape(where, "key.size(-1) must equal query.size(-1)", E, key.size(-1), shapes(query, key, value));
        if (value.size(-2) != S) throw Errors.shape(where, "value.size(-2) must equal key.size(-2)", S, value.size(-2), shapes(query, key, value));
        if (!(dropoutP >= 0 && dropoutP <= 1)) throw Errors.arg(where, "dropoutP must be in [0, 1]", "0 <= dropoutP <= 1", dropoutP, null);
        if (isCausal && attnMask != null) {
            throw Errors.arg(where, "give attnMask or isCausal, not both", "one of them", "both",
                    "attnMask shape " + attnMask.shapeString());
        }
        if (scale != null && !(scale > 0 && Double.isFinite(scale))) throw Errors.arg(where, "scale must be positive and finite", "> 0", scale, null);
        int B = Shapes.numel(lead);
        NDArray bias = attnMask == null ? null : bias(where, attnMask, lead, L, S, query);
        double sc = scale != null ? scale : 1 / Math.sqrt(E);
        Tensor[] r3 = AttentionCore.attend(query.reshape(B, L, E), key.reshape(B, S, E), value.reshape(B, S, Ev), 1, bias,
                isCausal, sc, dropoutP, false, false);                       // (B, L, Ev)
        int[] os = Arrays.copyOf(query.shape(), r);
        os[r - 1] = Ev;
        return r3[0].reshape(os);                                            // (*, L, Ev)
    }

    /** The mask as an additive (1, 1, ml, S) array when it has no batch dims, else (B, 1, L, S). */
    private static NDArray bias(String where, Tensor mask, int[] lead, int L, int S, Tensor query) {
        int[] full = Arrays.copyOf(lead, lead.length + 2);
        full[lead.length] = L;
        full[lead.length + 1] = S;
        int[] ms = mask.shape();
        boolean fits = ms.length <= full.length;
        for (int i = 0; fits && i < ms.length; i++) {
            int f = full[full.length - ms.length + i];
            fits = ms[i] == f || ms[i] == 1;
        }
        if (!fits) {
            throw Errors.shape(where, "attnMask must broadcast to (*, L, S)", Shapes.str(full), mask.shapeString(), null);
        }
        NDArray add = AttentionCore.additive(mask, query.dtype());
        boolean noBatch = true;
        for (int i = 0; i < ms.length - 2; i++) noBatch &= ms[i] == 1;
        if (noBatch) {
            int ml = ms.length >= 2 ? ms[ms.length - 2] : 1;
            return Elementwise.broadcastTo(add.reshape(ml, ms.length >= 1 ? ms[ms.length - 1] : 1), new int[]{ml, S})
                    .reshape(1, 1, ml, S);
        }
        return Elementwise.broadcastTo(add, full).reshape(Shapes.numel(lead), 1, L, S);
    }

    /**
     * A boolean causal mask for self-attention over {@code n} steps: 1 where key j &gt; query i (not
     * allowed), float32 (n, n). {@code Transformer.generateSquareSubsequentMask} is its additive form.
     */
    public static Tensor causalMask(int n) {
        if (n <= 0) throw Errors.arg("Attention.causalMask", "n must be positive", "> 0", n, null);
        return new Tensor(AttentionCore.causalMask(io.sequoia.tensor.DType.FLOAT32, n, n));
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return "query " + q.shapeString() + ", key " + k.shapeString() + ", value " + v.shapeString();
    }
}
