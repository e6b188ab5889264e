package io.sequoia.tensor;

/**
 * Layer normalisation over the last {@code D} elements of each row, forward and backward in one pass
 * per row each (instead of the dozen broadcast kernels of the composed formula). Rows run on
 * {@link Parallel} threads; every row is computed in double precision whatever the dtype, and the
 * weight and bias gradients are summed over fixed blocks of rows in a fixed order, so results are
 * the same for any thread count.
 * <pre>
 * y = (x − mean) · rstd · w + b            rstd = 1/√(var + eps), biased variance
 * dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂))     ĝ = g · w, x̂ = (x − mean) · rstd
 * dw = Σ_rows g · x̂                         db = Σ_rows g
 * </pre>
 */
public final class LayerNormKernel {
    private LayerNormKernel() {}

    /** Rows per block of the weight/bias-gradient sums (fixed, so the sum order never depends on threads). */
    private static final int BLOCK = 32;

    /** What the forward keeps for the backward: per-row mean and reciprocal standard deviation. */
    public record Saved(double[] mean, double[] rstd) { }

    /**
     * Normalises {@code x} (any shape, rows of the last {@code d} elements) into {@code y} (same
     * shape and dtype); {@code w} and {@code b} are {@code d} elements or null.
     */
    public static Saved forward(NDArray x, NDArray w, NDArray b, double eps, int d, NDArray y) {
        int rows = x.numel() / d;
        double[] mean = new double[rows], rstd = new double[rows];
        double[] wd = w == null ? null : w.toDoubleArray(), bd = b == null ? null : b.toDoubleArray();
        Parallel.forRange(0, rows, Math.max(1, 8192 / d), (lo, hi) -> {
            double[] r = new double[d];
            for (int row = lo; row < hi; row++) {
                load(x, row * d, r);
                double m = 0;
                for (int j = 0; j < d; j++) m += r[j];
                m /= d;
                double v = 0;
                for (int j = 0; j < d; j++) {
                    double c = r[j] - m;
                    v += c * c;
                }
                double s = 1 / Math.sqrt(v / d + eps);
                mean[row] = m;
                rstd[row] = s;
                for (int j = 0; j < d; j++) {
                    double o = (r[j] - m) * s;
                    if (wd != null) o *= wd[j];
                    if (bd != null) o += bd[j];
                    r[j] = o;
                }
                store(r, y, row * d);
            }
        });
        return new Saved(mean, rstd);
    }

    /**
     * The gradients for the upstream gradient {@code g}: {dx, dw, db} (dw/db null when
     * {@code w}/{@code b} is null or not {@code wanted}).
     */
    public static NDArray[] backward(NDArray g, NDArray x, NDArray w, boolean hasBias, Saved saved, int d,
                                     boolean needX, boolean needW, boolean needB) {
        int rows = x.numel() / d;
        double[] wd = w == null ? null : w.toDoubleArray();
        boolean doW = needW && w != null, doB = needB && hasBias;
        NDArray dx = needX ? x.newEmpty(x.shapeRef()) : null;
        int blocks = (rows + BLOCK - 1) / BLOCK;
        double[][] pw = doW ? new double[blocks][] : null, pb = doB ? new double[blocks][] : null;
        Parallel.forRange(0, blocks, 1, (blo, bhi) -> {
            double[] gr = new double[d], xr = new double[d];
            for (int blk = blo; blk < bhi; blk++) {
                double[] sw = doW ? new double[d] : null, sb = doB ? new double[d] : null;
                for (int row = blk * BLOCK; row < Math.min(rows, (blk + 1) * BLOCK); row++) {
                    load(g, row * d, gr);
                    load(x, row * d, xr);
                    double m = saved.mean[row], s = saved.rstd[row];
                    double sumG = 0, sumGX = 0;
                    for (int j = 0; j < d; j++) {
                        double xh = (xr[j] - m) * s;
                        xr[j] = xh;
                        if (sw != null) sw[j] += gr[j] * xh;
                        if (sb != null) sb[j] += gr[j];
                        double gh = wd == null ? gr[j] : gr[j] * wd[j];
                        gr[j] = gh;
                        sumG += gh;
                        sumGX += gh * xh;
                    }
                    if (dx != null) {
                        double mg = sumG / d, mgx = sumGX / d;
                        for (int j = 0; j < d; j++) gr[j] = s * (gr[j] - mg - xr[j] * mgx);
                        store(gr, dx, row * d);
                    }
                }
                if (pw != null) pw[blk] = sw;
                if (pb != null) pb[blk] = sb;
            }
        });
        return new NDArray[]{dx, doW ? total(pw, d, w) : null, doB ? total(pb, d, w != null ? w : x) : null};
    }

    private static NDArray total(double[][] parts, int d, NDArray like) {
        double[] t = new double[d];
        for (double[] p : parts) for (int j = 0; j < d; j++) t[j] += p[j];
        NDArray out = NDArray.empty(like.dtype(), d);
        for (int j = 0; j < d; j++) out.setDouble(j, t[j]);
        return out;
    }

    private static void load(NDArray a, int off, double[] r) {
        if (a.f != null) {
            float[] f = a.f;
            for (int j = 0; j < r.length; j++) r[j] = f[off + j];
        } else {
            System.arraycopy(a.d, off, r, 0, r.length);
        }
    }

    private static void store(double[] r, NDArray a, int off) {
        if (a.f != null) {
            float[] f = a.f;
            for (int j = 0; j < r.length; j++) f[off + j] = (float) r[j];
        } else {
            System.arraycopy(r, 0, a.d, off, r.length);
        }
    }
}
