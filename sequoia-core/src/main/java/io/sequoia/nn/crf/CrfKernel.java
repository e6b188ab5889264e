package io.sequoia.nn.crf;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Parallel;

/**
 * The CRF's fused, batched kernels: the log-likelihood as one autograd node whose backward is the
 * forward-backward marginals, the log-partition, and Viterbi. Sequences run in parallel (each on
 * one thread, no synchronisation), in double precision whatever the emissions' dtype.
 * <p>Log space with one shift per step: {@code logsumexp_i(α[i] + A[i][j])} is computed as
 * {@code m + M + log Σ_i exp(α[i] − m)·exp(A[i][j] − M)} with {@code m = max α} and
 * {@code M = max A}, so a step costs T exponentials and T logarithms, not T². A forbidden move has
 * {@code exp(A − M) = 0} exactly.
 */
final class CrfKernel {
    private CrfKernel() {}

    /** Transition scores with forbidden moves at −∞, and their exponentials shifted by the largest allowed score. */
    private record Params(int tags, double[] start, double[] end, double[] trans, double[] expTrans, double shift) {
        static Params of(NDArray s, NDArray e, NDArray tr, TransitionConstraints c) {
            int n = s.numel();
            double[] start = s.toDoubleArray(), end = e.toDoubleArray(), trans = tr.toDoubleArray();
            if (c != null) {
                for (int i = 0; i < n; i++) {
                    if (!c.start()[i]) start[i] = Double.NEGATIVE_INFINITY;
                    if (!c.end()[i]) end[i] = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) if (!c.allowed()[i][j]) trans[i * n + j] = Double.NEGATIVE_INFINITY;
                }
            }
            double m = Double.NEGATIVE_INFINITY;
            for (double v : trans) m = Math.max(m, v);
            if (m == Double.NEGATIVE_INFINITY) m = 0;
            double[] ex = new double[trans.length];
            for (int k = 0; k < trans.length; k++) ex[k] = Math.exp(trans[k] - m);
            return new Params(n, start, end, trans, ex, m);
        }
    }

    /** The log-likelihood (N) as one graph node over emissions and the three transition parameters. */
    static Tensor logLikelihood(CRF.Batch b, Tensor emissions, Tensor start, Tensor end, Tensor trans, TransitionConstraints c) {
        Params p = Params.of(start.data(), end.data(), trans.data(), c);
        double[] em = emissions.data().toDoubleArray();
        int n = b.batch(), T = p.tags();
        double[][] alphas = new double[n][];
        double[] logZ = new double[n], llh = new double[n];
        Parallel.forRange(0, n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                alphas[i] = new double[b.lengths()[i] * T];
                logZ[i] = forward(b, p, em, i, alphas[i]);
                llh[i] = goldScore(b, p, em, i) - logZ[i];
            }
        });
        NDArray out = NDArray.zeros(emissions.dtype(), n);
        for (int i = 0; i < n; i++) out.setDouble(i, llh[i]);
        return Autograd.record(CRF.opName(), out, (g, needs) -> {
            double[] ge = new double[em.length];
            double[][] gt = new double[n][T * T], gs = new double[n][T], gend = new double[n][T];
            Parallel.forRange(0, n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double w = g.getDouble(i);
                    if (w != 0) marginals(b, p, em, i, alphas[i], logZ[i], w, ge, gt[i], gs[i], gend[i]);
                }
            });
            return new NDArray[]{
                    needs[0] ? NDArray.wrap(ge, emissions.shape()).to(emissions.dtype()) : null,
                    needs[1] ? sum(gs, T, start.data()) : null,
                    needs[2] ? sum(gend, T, end.data()) : null,
                    needs[3] ? sum(gt, T * T, trans.data()) : null};
        }, emissions, start, end, trans);
    }

    /** Per-sequence gradient buffers summed in sequence order (the result does not depend on the thread count). */
    private static NDArray sum(double[][] parts, int size, NDArray like) {
        double[] s = new double[size];
        for (double[] part : parts) for (int k = 0; k < size; k++) s[k] += part[k];
        return NDArray.wrap(s, like.shape()).to(like.dtype());
    }

    /** Fills α (len × T, log space) for sequence i and returns log Z. */
    private static double forward(CRF.Batch b, Params p, double[] em, int i, double[] alpha) {
        int T = p.tags(), len = b.lengths()[i];
        int o0 = b.offset(0, i);
        for (int j = 0; j < T; j++) alpha[j] = p.start()[j] + em[o0 + j];
        double[] a = new double[T];
        for (int t = 1; t < len; t++) {
            double m = max(alpha, (t - 1) * T, T);
            for (int k = 0; k < T; k++) a[k] = Math.exp(alpha[(t - 1) * T + k] - m);
            int o = b.offset(t, i);
            for (int j = 0; j < T; j++) {
                double s = 0;
                for (int k = 0; k < T; k++) s += a[k] * p.expTrans()[k * T + j];
                alpha[t * T + j] = em[o + j] + m + p.shift() + Math.log(s);
            }
        }
        return logSumExp(alpha, (len - 1) * T, p.end(), T);
    }

    private static double goldScore(CRF.Batch b, Params p, double[] em, int i) {
        int[] y = b.tags()[i];
        int T = p.tags(), len = y.length;
        double s = p.start()[y[0]] + em[b.offset(0, i) + y[0]];
        for (int t = 1; t < len; t++) s += p.trans()[y[t - 1] * T + y[t]] + em[b.offset(t, i) + y[t]];
        s += p.end()[y[len - 1]];
        if (s == Double.NEGATIVE_INFINITY) {
            throw Errors.arg("CRF.forward", "tags must not contain a move the transition constraints forbid", "an allowed path",
                    java.util.Arrays.toString(y), "sequence " + i);
        }
        return s;
    }

    /** Adds w·(gold counts − expected counts) of sequence i to the gradient buffers. */
    private static void marginals(CRF.Batch b, Params p, double[] em, int i, double[] alpha, double logZ, double w,
                                  double[] ge, double[] gt, double[] gs, double[] gend) {
        int T = p.tags(), len = b.lengths()[i];
        int[] y = b.tags()[i];
        double[] beta = new double[len * T];
        System.arraycopy(p.end(), 0, beta, (len - 1) * T, T);
        double[] v = new double[T], a = new double[T];
        for (int t = len - 2; t >= 0; t--) {
            int o = b.offset(t + 1, i);
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < T; j++) m = Math.max(m, v[j] = em[o + j] + beta[(t + 1) * T + j]);
            for (int j = 0; j < T; j++) v[j] = Math.exp(v[j] - m);
            for (int k = 0; k < T; k++) {
                double s = 0;
                for (int j = 0; j < T; j++) s += p.expTrans()[k * T + j] * v[j];
                beta[t * T + k] = m + p.shift() + Math.log(s);
            }
        }
        for (int t = 0; t < len; t++) {
            int o = b.offset(t, i);
            for (int j = 0; j < T; j++) {
                double marg = Math.exp(alpha[t * T + j] + beta[t * T + j] - logZ);
                ge[o + j] -= w * marg;
                if (t == 0) gs[j] -= w * marg;
                if (t == len - 1) gend[j] -= w * marg;
            }
            ge[o + y[t]] += w;
            if (t == 0) continue;
            // pair marginals P(y_{t-1}=k, y_t=j) = exp(α_{t-1}[k] + A[k][j] + e_t[j] + β_t[j] − log Z)
            double ma = max(alpha, (t - 1) * T, T), mb = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < T; j++) mb = Math.max(mb, v[j] = em[o + j] + beta[t * T + j]);
            if (ma == Double.NEGATIVE_INFINITY || mb == Double.NEGATIVE_INFINITY) continue;
            double scale = w * Math.exp(ma + mb + p.shift() - logZ);
            for (int k = 0; k < T; k++) a[k] = Math.exp(alpha[(t - 1) * T + k] - ma) * scale;
            for (int j = 0; j < T; j++) v[j] = Math.exp(v[j] - mb);
            for (int k = 0; k < T; k++) {
                if (a[k] == 0) continue;
                for (int j = 0; j < T; j++) gt[k * T + j] -= a[k] * p.expTrans()[k * T + j] * v[j];
            }
            gt[y[t - 1] * T + y[t]] += w;
        }
        gs[y[0]] += w;
        gend[y[len - 1]] += w;
    }

    static double[] logPartition(CRF.Batch b, NDArray em, NDArray s, NDArray e, NDArray tr, TransitionConstraints c) {
        Params p = Params.of(s, e, tr, c);
        double[] x = em.toDoubleArray();
        double[] z = new double[b.batch()];
        Parallel.forRange(0, b.batch(), 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) z[i] = forward(b, p, x, i, new double[b.lengths()[i] * p.tags()]);
        });
        return z;
    }

    /** The best path of each sequence; ties go to the lowest tag index. */
    static int[][] viterbi(CRF.Batch b, NDArray em, NDArray s, NDArray e, NDArray tr, TransitionConstraints c) {
        Params p = Params.of(s, e, tr, c);
        double[] x = em.toDoubleArray();
        int n = b.batch(), T = p.tags();
        int[][] paths = new int[n][];
        Parallel.forRange(0, n, 1, (lo, hi) -> {
            double[] delta = new double[T], next = new double[T];
            for (int i = lo; i < hi; i++) {
                int len = b.lengths()[i];
                int[] back = new int[len * T];
                int o0 = b.offset(0, i);
                for (int j = 0; j < T; j++) delta[j] = p.start()[j] + x[o0 + j];
                for (int t = 1; t < len; t++) {
                    int o = b.offset(t, i);
                    for (int j = 0; j < T; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int arg = 0;
                        for (int k = 0; k < T; k++) {
                            double v = delta[k] + p.trans()[k * T + j];
                            if (v > best) { best = v; arg = k; }
                        }
                        next[j] = best + x[o + j];
                        back[t * T + j] = arg;
                    }
                    System.arraycopy(next, 0, delta, 0, T);
                }
                double best = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int j = 0; j < T; j++) {
                    double v = delta[j] + p.end()[j];
                    if (v > best) { best = v; arg = j; }
                }
                int[] path = new int[len];
                path[len - 1] = arg;
                for (int t = len - 1; t > 0; t--) path[t - 1] = back[t * T + path[t]];
                paths[i] = path;
            }
        });
        return paths;
    }

    private static double max(double[] x, int from, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) m = Math.max(m, x[from + k]);
        return m;
    }

    private static double logSumExp(double[] x, int from, double[] add, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) m = Math.max(m, x[from + k] + add[k]);
        if (m == Double.NEGATIVE_INFINITY) return m;
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.exp(x[from + k] + add[k] - m);
        return m + Math.log(s);
    }
}
