package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.RandomMask;


/**
 * The attention core shared by {@link Attention#scaledDotProductAttention} and
 * {@link MultiheadAttention}, on packed heads (head h is the column block {@code [h·d, (h+1)·d)}):
 * <pre>
 * q (B, L, H·d)   k (B, S, H·d)   v (B, S, H·dv)   bias (mb, mh, ml, S) additive, each of mb, mh, ml 1 or full
 * out (B, L, H·dv)   weights (B, H, L, S) or null
 * </pre>
 * float32 runs the fused {@link AttentionKernel}; float64 (gradient checks, the float64 fixtures)
 * and {@code composed = true} run {@link #composed}, built from autograd primitives.
 */
final class AttentionCore {
    private AttentionCore() {}

    /** The twin dispatch: the fused kernel for float32 unless {@code composed}. Dropout draws one seed from the global generator. */
    static Tensor[] attend(Tensor q, Tensor k, Tensor v, int heads, NDArray bias, boolean causal, double scale,
                           double dropoutP, boolean needWeights, boolean composed) {
        long seed = dropoutP > 0 ? Generator.global().nextLong() : 0L;
        if (bias != null && bias.dtype() != q.dtype()) bias = bias.to(q.dtype());
        if (q.dtype() == DType.FLOAT32 && k.dtype() == DType.FLOAT32 && v.dtype() == DType.FLOAT32 && !composed) {
            return AttentionKernel.apply(q, k, v, heads, bias, causal, scale, dropoutP, seed, needWeights);
        }
        return composed(q, k, v, heads, bias, causal, scale, dropoutP, seed, needWeights);
    }

    /** The reference: the same computation from Tensor primitives (reshape, permute, matmul, softmax). */
    static Tensor[] composed(Tensor q, Tensor k, Tensor v, int heads, NDArray bias, boolean causal, double scale,
                             double dropoutP, long seed, boolean needWeights) {
        int B = q.size(0), L = q.size(1), S = k.size(1), d = q.size(2) / heads, dv = v.size(2) / heads;
        Tensor qh = q.reshape(B, L, heads, d).permute(0, 2, 1, 3);          // (B, H, L, d)
        Tensor kt = k.reshape(B, S, heads, d).permute(0, 2, 3, 1);          // (B, H, d, S)
        Tensor vh = v.reshape(B, S, heads, dv).permute(0, 2, 1, 3);         // (B, H, S, dv)
        Tensor scores = qh.mul(scale).matmul(kt);                           // (B, H, L, S)
        if (bias != null) scores = scores.add(new Tensor(bias));
        if (causal) scores = scores.maskedFill(new Tensor(causalMask(q.dtype(), L, S)), Double.NEGATIVE_INFINITY);
        Tensor attn = scores.softmax(-1);
        if (dropoutP > 0) {
            NDArray keep = NDArray.empty(q.dtype(), B, heads, L, S);
            float[] row = new float[L * S];
            for (int bh = 0; bh < B * heads; bh++) {
                dropoutKeep(seed, bh, dropoutP, row);
                for (int i = 0; i < row.length; i++) keep.setDouble(bh * row.length + i, row[i]);
            }
            attn = attn.mul(new Tensor(keep));
        }
        Tensor out = attn.matmul(vh).permute(0, 2, 1, 3).reshape(B, L, heads * dv);   // (B, L, H·dv)
        return new Tensor[]{out, needWeights ? attn : null};
    }

    /**
     * The dropout multipliers of head {@code bh}: 0 with probability p, else 1/(1−p), row-major over
     * (L, S). The same seed gives the same mask in both twins and in the fused backward.
     */
    static void dropoutKeep(long seed, int bh, double p, float[] keep) {
        RandomMask.fill(seed, (long) bh * keep.length, p, p >= 1 ? 0f : (float) (1 / (1 - p)), keep, 0, keep.length);
    }

    /** 1 where key j lies after query i (j > i), top-left aligned as PyTorch's {@code is_causal}: (L, S). */
    static NDArray causalMask(DType dtype, int L, int S) {
        NDArray m = NDArray.zeros(dtype, L, S);
        for (int i = 0; i < L; i++) for (int j = i + 1; j < S; j++) m.setDouble(i * S + j, 1);
        return m;
    }

    /**
     * A mask as an additive float array: when every value is 0 or 1 it is boolean (1 = not allowed
     * → −∞, 0 → 0); otherwise its values are added as they are (PyTorch's float masks).
     */
    static NDArray additive(Tensor mask, DType dtype) {
        NDArray m = mask.data();
        boolean bool = true;
        for (int i = 0; i < m.numel() && bool; i++) {
            double x = m.getDouble(i);
            bool = x == 0 || x == 1;
        }
        NDArray out = NDArray.empty(dtype, m.shape());
        for (int i = 0; i < m.numel(); i++) {
            double x = m.getDouble(i);
            out.setDouble(i, bool ? (x != 0 ? Double.NEGATIVE_INFINITY : 0) : x);
        }
        return out;
    }

    /** a + b with broadcasting, either may be null. */
    static NDArray merge(NDArray a, NDArray b) {
        if (a == null) return b;
        if (b == null) return a;
        return Elementwise.binary(Elementwise.Binary.ADD, a, b);
    }

    /** Checks that {@code t} has one of the given ranks. */
    static void rank(String where, String name, Tensor t, int... ranks) {
        for (int r : ranks) if (t.dim() == r) return;
        throw Errors.shape(where, name + " must have " + rankText(ranks) + " dims", rankText(ranks), t.dim(),
                name + " shape " + t.shapeString());
    }

    private static String rankText(int[] ranks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranks.length; i++) sb.append(i == 0 ? "" : i == ranks.length - 1 ? " or " : ", ").append(ranks[i]);
        return sb.toString();
    }
}
