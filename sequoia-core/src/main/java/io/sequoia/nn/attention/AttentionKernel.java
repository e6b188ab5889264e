package io.sequoia.nn.attention;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.FloatKernels;
import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Parallel;
import io.sequoia.tensor.RandomMask;

import java.util.Arrays;

/**
 * The fused float32 attention kernel: for every (batch, head) pair, one GEMM for the scores, one
 * pass that scales, masks and softmaxes each row, one GEMM for the context; registered with
 * {@link Autograd#record} as a single node. Heads are column blocks of the packed projections, read
 * in place through the GEMM's leading dimension (no permute copies):
 * <pre>
 * q (B, L, H·d)   k (B, S, H·d)   v (B, S, H·dv)   bias (mb, mh, ml, S) additive, each of mb, mh, ml 1 or full
 * out (B, L, H·dv)   weights (B, H, L, S) (post-dropout probabilities, only when asked for)
 * </pre>
 * The backward keeps only q, k, v and one log-sum-exp per row; it recomputes the scores and the
 * probabilities with one GEMM per head (cheaper than keeping B·H·L·S floats) and regenerates the
 * dropout mask from its seed. Its composed twin is {@link AttentionCore#composed}; a test checks
 * that they agree on outputs and gradients.
 */
final class AttentionKernel {
    private AttentionKernel() {}

    /** Sizes of one call. */
    private record Dims(int B, int H, int L, int S, int d, int dv) {
        int e() { return H * d; }
        int ev() { return H * dv; }
        int qOff(int b, int h) { return b * L * e() + h * d; }
        int kOff(int b, int h) { return b * S * e() + h * d; }
        int vOff(int b, int h) { return b * S * ev() + h * dv; }
        int oOff(int b, int h) { return b * L * ev() + h * dv; }
    }

    static Tensor[] apply(Tensor q, Tensor k, Tensor v, int heads, NDArray bias, boolean causal, double scale,
                          double dropoutP, long seed, boolean needWeights) {
        Dims dm = new Dims(q.size(0), heads, q.size(1), k.size(1), q.size(2) / heads, v.size(2) / heads);
        float[] qf = q.data().floatData(), kf = k.data().floatData(), vf = v.data().floatData();
        float[] bf = bias == null ? null : bias.floatData();
        int[] bs = bias == null ? null : bias.shape();
        float sc = (float) scale;
        float[] out = GradBuffers.takeDirty(dm.B * dm.L * dm.ev());   // every (b, h) block written below (beta 0)
        float[] weights = needWeights ? new float[dm.B * dm.H * dm.L * dm.S] : null;
        float[] lse = new float[dm.B * dm.H * dm.L];
        int LS = dm.L * dm.S;
        float keepScale = dropoutP >= 1 ? 0f : (float) (1 / (1 - dropoutP));
        Parallel.forRange(0, dm.B * dm.H, 1, (lo, hi) -> {
            float[] p = new float[LS];
            for (int bh = lo; bh < hi; bh++) {
                int b = bh / dm.H, h = bh % dm.H;
                scores(dm, b, h, qf, kf, bf, bs, causal, sc, p);
                FloatKernels.get().softmaxRows(p, 0, dm.L, dm.S, lse, bh * dm.L);
                if (dropoutP > 0) RandomMask.apply(seed, (long) bh * LS, dropoutP, keepScale, p, 0, p, 0, LS);
                if (weights != null) System.arraycopy(p, 0, weights, bh * LS, LS);
                Gemm.sgemm(false, false, dm.L, dm.dv, dm.S, 1f, p, 0, dm.S, vf, dm.vOff(b, h), dm.ev(),
                        0f, out, dm.oOff(b, h), dm.ev());
            }
        });
        NDArray[] outs = needWeights
                ? new NDArray[]{NDArray.wrap(out, dm.B, dm.L, dm.ev()), NDArray.wrap(weights, dm.B, dm.H, dm.L, dm.S)}
                : new NDArray[]{NDArray.wrap(out, dm.B, dm.L, dm.ev())};
        return Autograd.record("fused_attention", outs, (g, needs) -> {
            float[] gOut = g[0] == null ? new float[out.length] : g[0].floatData();
            float[] gW = g.length > 1 && g[1] != null ? g[1].floatData() : null;
            return backward(dm, qf, kf, vf, bf, bs, causal, sc, dropoutP, seed, lse, gOut, gW, needs);
        }, q, k, v);
    }

    /** Scores of head (b, h) into {@code s} (L×S): scale·q kᵀ + bias, −∞ above the diagonal when causal. */
    private static void scores(Dims dm, int b, int h, float[] qf, float[] kf, float[] bf, int[] bs, boolean causal,
                               float sc, float[] s) {
        Gemm.sgemm(false, true, dm.L, dm.S, dm.d, sc, qf, dm.qOff(b, h), dm.e(), kf, dm.kOff(b, h), dm.e(), 0f, s, 0, dm.S);
        if (bf != null) {
            int base = ((bs[0] == 1 ? 0 : b) * bs[1] + (bs[1] == 1 ? 0 : h)) * bs[2] * dm.S;
            for (int i = 0; i < dm.L; i++) {
                int row = base + (bs[2] == 1 ? 0 : i) * dm.S, si = i * dm.S;
                for (int j = 0; j < dm.S; j++) s[si + j] += bf[row + j];
            }
        }
        if (causal) {
            for (int i = 0; i < dm.L; i++) if (i + 1 < dm.S) Arrays.fill(s, i * dm.S + i + 1, (i + 1) * dm.S, Float.NEGATIVE_INFINITY);
        }
    }

    /** Recomputes the probabilities of head (b, h) from the scores and the saved log-sum-exp. */
    private static void recompute(float[] s, int L, int S, float[] lse, int lseOff) {
        FloatKernels fk = FloatKernels.get();
        for (int i = 0; i < L; i++) {
            int o = i * S;
            float l = lse[lseOff + i];
            if (l == Float.NEGATIVE_INFINITY) { Arrays.fill(s, o, o + S, 0f); continue; }
            fk.expShift(s, o, S, l);
        }
    }

    private static NDArray[] backward(Dims dm, float[] qf, float[] kf, float[] vf, float[] bf, int[] bs, boolean causal,
                                      float sc, double dropoutP, long seed, float[] lse, float[] gOut, float[] gW,
                                      boolean[] needs) {
        // new arrays for the engine alone (pooled, marked fresh below)
        float[] gq = needs[0] ? GradBuffers.takeZeroed(qf.length) : null, gk = needs[1] ? GradBuffers.takeZeroed(kf.length) : null;
        float[] gv = needs[2] ? GradBuffers.takeZeroed(vf.length) : null;
        int LS = dm.L * dm.S;
        float keepScale = dropoutP >= 1 ? 0f : (float) (1 / (1 - dropoutP));
        Parallel.forRange(0, dm.B * dm.H, 1, (lo, hi) -> {
            float[] p = new float[LS], dp = new float[LS];
            float[] pd = dropoutP > 0 ? new float[LS] : p;
            for (int bh = lo; bh < hi; bh++) {
                int b = bh / dm.H, h = bh % dm.H;
                scores(dm, b, h, qf, kf, bf, bs, causal, sc, p);
                recompute(p, dm.L, dm.S, lse, bh * dm.L);
                if (pd != p) RandomMask.apply(seed, (long) bh * LS, dropoutP, keepScale, p, 0, pd, 0, LS);
                if (gv != null) {                                               // dV = P'ᵀ dO
                    Gemm.sgemm(true, false, dm.S, dm.dv, dm.L, 1f, pd, 0, dm.S, gOut, dm.oOff(b, h), dm.ev(),
                            0f, gv, dm.vOff(b, h), dm.ev());
                }
                if (gq == null && gk == null) continue;
                Gemm.sgemm(false, true, dm.L, dm.S, dm.dv, 1f, gOut, dm.oOff(b, h), dm.ev(), vf, dm.vOff(b, h), dm.ev(),
                        0f, dp, 0, dm.S);                                       // dP' = dO vᵀ
                if (gW != null) for (int i = 0; i < LS; i++) dp[i] += gW[bh * LS + i];
                if (pd != p) RandomMask.apply(seed, (long) bh * LS, dropoutP, keepScale, dp, 0, dp, 0, LS);
                FloatKernels.get().softmaxBackwardRows(p, dp, 0, dm.L, dm.S);  // dS = P ⊙ (dP − Σ_j P dP)
                if (gq != null) {                                               // dQ = scale · dS K
                    Gemm.sgemm(false, false, dm.L, dm.d, dm.S, sc, dp, 0, dm.S, kf, dm.kOff(b, h), dm.e(),
                            0f, gq, dm.qOff(b, h), dm.e());
                }
                if (gk != null) {                                               // dK = scale · dSᵀ Q
                    Gemm.sgemm(true, false, dm.S, dm.d, dm.L, sc, dp, 0, dm.S, qf, dm.qOff(b, h), dm.e(),
                            0f, gk, dm.kOff(b, h), dm.e());
                }
            }
        });
        return new NDArray[]{
                gq == null ? null : NDArray.wrap(gq, dm.B, dm.L, dm.e()).markFresh(),
                gk == null ? null : NDArray.wrap(gk, dm.B, dm.S, dm.e()).markFresh(),
                gv == null ? null : NDArray.wrap(gv, dm.B, dm.S, dm.ev()).markFresh()};
    }
}
