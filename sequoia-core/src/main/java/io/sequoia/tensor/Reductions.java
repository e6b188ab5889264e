package io.sequoia.tensor;

import java.util.Arrays;

/** Reductions over dimensions, and softmax kernels. Sums accumulate in double. */
public final class Reductions {
    private Reductions() {}

    /** Normalised, sorted, distinct dims; an empty array means all dims. */
    public static int[] normDims(String where, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int x : dims) {
            int dd = Errors.dim(where, x, rank);
            if (seen[dd]) throw Errors.arg(where, "dim appears more than once", "distinct dims", Arrays.toString(dims), null);
            seen[dd] = true;
        }
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < seen.length; i++) if (seen[i]) out[k++] = i;
        return Arrays.copyOf(out, k);
    }

    public static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
        boolean[] red = new boolean[shape.length];
        for (int x : dims) red[x] = true;
        int[] out = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (red[i]) { if (keepdim) out[k++] = 1; }
            else out[k++] = shape[i];
        }
        return Arrays.copyOf(out, k);
    }

    public static NDArray sum(NDArray a, int[] dims, boolean keepdim) {
        int[] shape = a.shapeRef();
        int[] nd = normDims("sum", dims, shape.length);
        int[] outShape = reducedShape(shape, nd, keepdim);
        NDArray out = a.newEmpty(outShape);
        int n = a.numel();
        if (shape.length == 0 || nd.length == shape.length) {
            out.setDouble(0, leadingSums(a, 1, n)[0]);
            return out;
        }
        int lead = 0;                                                   // reduced dims form a prefix: (rows, inner) → (inner)
        while (lead < nd.length && nd[lead] == lead) lead++;
        if (lead == nd.length) {
            int inner = 1;
            for (int i = lead; i < shape.length; i++) inner *= shape[i];
            double[] t = leadingSums(a, inner, n == 0 ? 0 : n / inner);
            for (int i = 0; i < inner; i++) out.setDouble(i, t[i]);
            return out;
        }
        // strides into the output for each input dim (0 on reduced dims)
        int[] keepShape = reducedShape(shape, nd, true);
        int[] os = Shapes.broadcastStrides(keepShape, shape);
        double[] acc = new double[out.numel()];
        int r = shape.length, inner = shape[r - 1], io = os[r - 1];
        if (n == 0) return out;
        int[] idx = new int[r];
        int off = 0;
        for (int o = 0; o < n; o += inner) {
            if (a.f != null) { float[] x = a.f; for (int j = 0; j < inner; j++) acc[off + j * io] += x[o + j]; }
            else { double[] x = a.d; for (int j = 0; j < inner; j++) acc[off + j * io] += x[o + j]; }
            for (int k = r - 2; k >= 0; k--) {
                idx[k]++;
                off += os[k];
                if (idx[k] < shape[k]) break;
                off -= os[k] * shape[k];
                idx[k] = 0;
            }
        }
        for (int i = 0; i < acc.length; i++) out.setDouble(i, acc[i]);
        return out;
    }

    /** Rows per block of {@link #leadingSums}: fixed, so the order of the additions never depends on threads. */
    private static final int SUM_BLOCK = 1 << 14;

    /**
     * Column sums of {@code a} seen as (rows, inner), in double: rows in fixed blocks of about
     * {@value #SUM_BLOCK} elements on {@link Parallel} threads, block totals added in block order.
     */
    private static double[] leadingSums(NDArray a, int inner, int rows) {
        if (inner >= WIDE) return columnSums(a, inner, rows);
        int per = Math.max(1, SUM_BLOCK / Math.max(1, inner));
        int blocks = (rows + per - 1) / per;
        double[][] part = new double[blocks][];
        Parallel.forRange(0, blocks, 1, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                double[] acc = new double[inner];
                for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                    int o = r * inner;
                    if (a.f != null) { float[] x = a.f; for (int j = 0; j < inner; j++) acc[j] += x[o + j]; }
                    else { double[] x = a.d; for (int j = 0; j < inner; j++) acc[j] += x[o + j]; }
                }
                part[b] = acc;
            }
        });
        double[] t = new double[inner];
        for (double[] p : part) for (int j = 0; j < inner; j++) t[j] += p[j];
        return t;
    }

    /** From this many columns on, {@link #leadingSums} splits the columns between threads instead of the rows. */
    static final int WIDE = 256;
    private static final int COLUMN_CHUNK = 512;

    /**
     * Column sums for wide (rows, inner): each thread takes whole chunks of columns and adds every
     * row into them in row order, so the result does not depend on the thread count and nothing is
     * merged serially (a bias gradient over a (tokens, vocabulary) matrix was a serial merge of
     * thousands of two-row partial sums before).
     */
    private static double[] columnSums(NDArray a, int inner, int rows) {
        double[] t = new double[inner];
        int chunks = (inner + COLUMN_CHUNK - 1) / COLUMN_CHUNK;
        long work = (long) rows * inner;
        Parallel.forRange(0, chunks, work < (1 << 16) ? chunks : 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int c0 = ch * COLUMN_CHUNK, w = Math.min(inner, c0 + COLUMN_CHUNK) - c0;
                for (int r = 0; r < rows; r++) {
                    int o = r * inner + c0;
                    if (a.f != null) { float[] x = a.f; for (int j = 0; j < w; j++) t[c0 + j] += x[o + j]; }
                    else { double[] x = a.d; for (int j = 0; j < w; j++) t[c0 + j] += x[o + j]; }
                }
            }
        });
        return t;
    }

    public static NDArray mean(NDArray a, int[] dims, boolean keepdim) {
        int[] nd = normDims("mean", dims, a.dim());
        long cnt = 1;
        for (int x : nd) cnt *= a.shapeRef()[x];
        NDArray s = sum(a, dims, keepdim);
        s.scaleInPlace(1.0 / cnt);
        return s;
    }

    /** Outer × size × inner decomposition around one dim. */
    public static int[] around(int[] shape, int dim) {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        return new int[]{outer, shape.length == 0 ? 1 : shape[dim], inner};
    }

    /** Values and indices (as doubles) of the max (or min) along {@code dim}. */
    public static NDArray[] maxAlong(NDArray a, int dim, boolean keepdim, boolean min) {
        String where = min ? "min" : "max";
        dim = Errors.dim(where, dim, a.dim());
        int[] oim = around(a.shapeRef(), dim);
        if (oim[1] == 0) throw Errors.arg(where, "cannot reduce an empty dimension", "size > 0", 0, "dim " + dim);
        int[] outShape = reducedShape(a.shapeRef(), new int[]{a.dim() == 0 ? 0 : dim}, keepdim);
        if (a.dim() == 0) outShape = new int[0];
        NDArray vals = a.newEmpty(outShape), idxs = a.newEmpty(outShape);
        for (int o = 0; o < oim[0]; o++) {
            for (int in = 0; in < oim[2]; in++) {
                int base = o * oim[1] * oim[2] + in;
                double best = a.getDouble(base);
                int bi = 0;
                for (int j = 1; j < oim[1]; j++) {
                    double v = a.getDouble(base + j * oim[2]);
                    if (Double.isNaN(best)) break;
                    if (Double.isNaN(v) || (min ? v < best : v > best)) { best = v; bi = j; }
                }
                vals.setDouble(o * oim[2] + in, best);
                idxs.setDouble(o * oim[2] + in, bi);
            }
        }
        return new NDArray[]{vals, idxs};
    }

    public static NDArray logsumexp(NDArray a, int dim, boolean keepdim) {
        dim = Errors.dim("logsumexp", dim, a.dim());
        int[] oim = around(a.shapeRef(), dim);
        int[] outShape = reducedShape(a.shapeRef(), new int[]{dim}, keepdim);
        NDArray out = a.newEmpty(a.dim() == 0 ? new int[0] : outShape);
        for (int o = 0; o < oim[0]; o++) {
            for (int in = 0; in < oim[2]; in++) {
                int base = o * oim[1] * oim[2] + in;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < oim[1]; j++) m = Math.max(m, a.getDouble(base + j * oim[2]));
                double s = 0;
                if (m == Double.NEGATIVE_INFINITY) { out.setDouble(o * oim[2] + in, m); continue; }
                for (int j = 0; j < oim[1]; j++) s += Math.exp(a.getDouble(base + j * oim[2]) - m);
                out.setDouble(o * oim[2] + in, m + Math.log(s));
            }
        }
        return out;
    }

    /**
     * Softmax (or log-softmax) along {@code dim}. A slice whose entries are all −∞ (fully masked)
     * gives zeros for softmax rather than NaN.
     */
    public static NDArray softmax(NDArray a, int dim, boolean log) {
        dim = Errors.dim(log ? "logSoftmax" : "softmax", dim, a.dim());
        int[] oim = around(a.shapeRef(), dim);
        NDArray out = a.newEmpty(a.shapeRef());
        int n = oim[1], inner = oim[2];
        if (a.f != null && inner == 1) {                            // rows on threads, exp through FloatKernels
            float[] x = a.f, y = out.f;
            FloatKernels fk = FloatKernels.get();
            Parallel.forRange(0, oim[0], Math.max(1, 16384 / Math.max(1, n)), (lo, hi) -> {
                for (int o = lo; o < hi; o++) {
                    int base = o * n;
                    System.arraycopy(x, base, y, base, n);
                    if (!log) {
                        fk.softmaxRows(y, base, 1, n, null, 0);
                        continue;
                    }
                    float m = fk.max(y, base, n);
                    if (m == Float.NEGATIVE_INFINITY) {
                        java.util.Arrays.fill(y, base, base + n, Float.NEGATIVE_INFINITY);
                        continue;
                    }
                    double shift = m + Math.log(fk.expShift(y, base, n, m));
                    for (int j = 0; j < n; j++) y[base + j] = (float) (x[base + j] - shift);
                }
            });
            return out;
        }
        for (int o = 0; o < oim[0]; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) m = Math.max(m, a.getDouble(base + j * inner));
                if (m == Double.NEGATIVE_INFINITY) {
                    for (int j = 0; j < n; j++) out.setDouble(base + j * inner, log ? Double.NEGATIVE_INFINITY : 0);
                    continue;
                }
                double s = 0;
                for (int j = 0; j < n; j++) s += Math.exp(a.getDouble(base + j * inner) - m);
                double ls = Math.log(s);
                for (int j = 0; j < n; j++) {
                    double v = a.getDouble(base + j * inner) - m;
                    out.setDouble(base + j * inner, log ? v - ls : Math.exp(v) / s);
                }
            }
        }
        return out;
    }
}
