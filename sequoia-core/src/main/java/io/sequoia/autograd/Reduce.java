package io.sequoia.autograd;

import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Elementwise.Binary;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Indexing;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Reductions;

/** Differentiable reductions and softmax. */
final class Reduce {
    private Reduce() {}

    /** g (reduced shape) brought back to {@code shape} by broadcasting. */
    static NDArray expandBack(NDArray g, int[] shape, int[] dims, boolean keepdim) {
        int[] keep = Reductions.reducedShape(shape, dims, true);
        return Elementwise.broadcastTo(g.reshape(keep), shape);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] nd = Reductions.normDims("sum", dims, shape.length);
        return Autograd.record("sum", Reductions.sum(x.data(), nd, keepdim),
                (g, needs) -> new NDArray[]{Autograd.fresh(expandBack(g, shape, nd, keepdim), g)}, x);
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] nd = Reductions.normDims("mean", dims, shape.length);
        long cnt = 1;
        for (int d : nd) cnt *= shape[d];
        double inv = 1.0 / cnt;
        return Autograd.record("mean", Reductions.mean(x.data(), nd, keepdim),
                (g, needs) -> {
                    NDArray e = expandBack(g, shape, nd, keepdim), gx = Elementwise.scalarOp(Binary.MUL, e, inv);
                    if (!e.sharesStorage(g) && !e.sharesStorage(gx)) io.sequoia.tensor.GradBuffers.recycle(e);   // made here, read once
                    return new NDArray[]{Autograd.fresh(gx, g)};
                }, x);
    }

    static Tensor var(Tensor x, int[] dims, boolean keepdim, int correction) {
        int[] nd = Reductions.normDims("var", dims, x.dim());
        long cnt = 1;
        for (int d : nd) cnt *= x.shape()[d];
        if (cnt - correction <= 0) {
            throw Errors.arg("var", "not enough elements for the correction", "more than " + correction, cnt, "dims " + java.util.Arrays.toString(nd));
        }
        Tensor centred = x.sub(mean(x, nd, true));
        return sum(centred.square(), nd, keepdim).div(cnt - correction);
    }

    static Tensor maxAll(Tensor x, boolean min) {
        NDArray flat = x.data().reshape(-1);
        NDArray[] r = Reductions.maxAlong(flat, 0, false, min);
        int idx = (int) r[1].item();
        double best = r[0].item();
        int[] shape = x.shape();
        // ties share the gradient equally, as PyTorch's max() over all elements does
        int ties = 0;
        for (int i = 0; i < flat.numel(); i++) if (flat.getDouble(i) == best) ties++;
        int nt = ties;
        return Autograd.record(min ? "min" : "max", r[0], (g, needs) -> {
            NDArray out = NDArray.zeros(g.dtype(), shape);
            double share = g.item() / Math.max(nt, 1);
            for (int i = 0; i < flat.numel(); i++) if (flat.getDouble(i) == best) out.setDouble(i, share);
            if (nt == 0) out.setDouble(idx, g.item());
            return new NDArray[]{out};
        }, x);
    }

    static Tensor.MinMax maxAlong(Tensor x, int dim, boolean keepdim, boolean min) {
        int d = Errors.dim(min ? "min" : "max", dim, x.dim());
        NDArray[] r = Reductions.maxAlong(x.data(), d, keepdim, min);
        int[] shape = x.shape();
        NDArray idxKeep = r[1].reshape(Reductions.reducedShape(shape, new int[]{d}, true));
        Tensor values = Autograd.record(min ? "min_dim" : "max_dim", r[0], (g, needs) -> new NDArray[]{
                Indexing.scatterAdd(shape, d, idxKeep, g.reshape(idxKeep.shape()))}, x);
        return new Tensor.MinMax(values, new Tensor(r[1]));
    }

    static Tensor logsumexp(Tensor x, int dim, boolean keepdim) {
        int d = Errors.dim("logsumexp", dim, x.dim());
        NDArray xd = x.data();
        NDArray out = Reductions.logsumexp(xd, d, keepdim);
        int[] shape = x.shape();
        return Autograd.record("logsumexp", out, (g, needs) -> {
            int[] keep = Reductions.reducedShape(shape, new int[]{d}, true);
            NDArray p = Elementwise.unary(Elementwise.Unary.EXP, Elementwise.binary(Binary.SUB, xd, out.reshape(keep)));
            return new NDArray[]{Elementwise.binary(Binary.MUL, p, g.reshape(keep))};
        }, x);
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = Errors.dim(log ? "logSoftmax" : "softmax", dim, x.dim());
        NDArray y = Reductions.softmax(x.data(), d, log);
        return Autograd.record(log ? "log_softmax" : "softmax", y, (g, needs) -> new NDArray[]{Autograd.fresh(softmaxBackward(g, y, d, log), g, y)}, x);
    }

    /** softmax: y ⊙ (g − Σ g⊙y); log-softmax: g − softmax ⊙ Σ g. */
    static NDArray softmaxBackward(NDArray g, NDArray y, int dim, boolean log) {
        int[] oim = Reductions.around(y.shape(), dim);
        NDArray out = g.newEmpty(g.shape());
        int n = oim[1], inner = oim[2];
        if (inner == 1 && g.dtype() == io.sequoia.tensor.DType.FLOAT32 && y.dtype() == io.sequoia.tensor.DType.FLOAT32) {
            softmaxBackwardRows(g.floatData(), y.floatData(), out.floatData(), oim[0], n, log);
            return out;
        }
        for (int o = 0; o < oim[0]; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                double s = 0;
                for (int j = 0; j < n; j++) {
                    int k = base + j * inner;
                    s += log ? g.getDouble(k) : g.getDouble(k) * y.getDouble(k);
                }
                for (int j = 0; j < n; j++) {
                    int k = base + j * inner;
                    double yv = y.getDouble(k);
                    out.setDouble(k, log ? g.getDouble(k) - Math.exp(yv) * s : yv * (g.getDouble(k) - s));
                }
            }
        }
        return out;
    }

    /**
     * The float32 rows of {@link #softmaxBackward} over the last dim (cross-entropy's log-softmax in
     * every lab): rows on threads in a fixed partition, the row sum in double, no per-element
     * dispatch. The general loop above is its twin ({@code ReduceSoftmaxBackwardTest}).
     */
    private static void softmaxBackwardRows(float[] g, float[] y, float[] out, int rows, int n, boolean log) {
        io.sequoia.tensor.Parallel.forRange(0, rows, Math.max(1, 16384 / Math.max(1, n)), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int base = o * n;
                double s = 0;
                if (log) {
                    for (int j = 0; j < n; j++) s += g[base + j];
                    for (int j = 0; j < n; j++) out[base + j] = (float) (g[base + j] - Math.exp(y[base + j]) * s);
                } else {
                    for (int j = 0; j < n; j++) s += (double) g[base + j] * y[base + j];
                    for (int j = 0; j < n; j++) out[base + j] = (float) (y[base + j] * (g[base + j] - s));
                }
            }
        });
    }
}
