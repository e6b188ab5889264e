package io.sequoia.autograd;

import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.MatMul;
import io.sequoia.tensor.NDArray;

/** Differentiable matrix products. Backward uses the transposed GEMM forms, never a materialised transpose. */
final class Linalg {
    private Linalg() {}

    static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw Errors.shape("matmul", "both arguments need at least 1 dimension", ">= 1 dims",
                    a.shapeString() + " and " + b.shapeString(), null);
        }
        if (ra == 1 && rb == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (ra == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (rb == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        NDArray ad = a.data(), bd = b.data();
        NDArray out = MatMul.matmul(ad, bd, false, false);
        int[] as = ad.shape(), bs = bd.shape();
        return Autograd.record("matmul", out, (g, needs) -> new NDArray[]{
                needs[0] ? Elementwise.sumToShape(MatMul.matmul(g, bd, false, true), as).markFresh() : null,   // new arrays
                needs[1] ? Elementwise.sumToShape(MatMul.matmul(ad, g, true, false), bs).markFresh() : null}, a, b);
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0)) {
            throw Errors.shape("bmm", "expects (B, n, m) and (B, m, p) with the same B", "3-D tensors with equal batch",
                    a.shapeString() + " and " + b.shapeString(), null);
        }
        return matmul(a, b);
    }

    /**
     * {@code x · Wᵀ + b} for x (…, in), W (out, in), b (out) or null: the primitive behind Linear,
     * one GEMM forward and one per gradient.
     */
    /** A (rows, n) float array whose every row is {@code b}. */
    private static NDArray biasRows(float[] b, int rows, int n) {
        float[] y = io.sequoia.tensor.GradBuffers.takeDirty(rows * n);   // every element written below
        io.sequoia.tensor.Parallel.forRange(0, rows, Math.max(1, 8192 / n), (lo, hi) -> {
            for (int r = lo; r < hi; r++) System.arraycopy(b, 0, y, r * n, n);
        });
        return NDArray.wrap(y, rows, n);
    }

    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        int in = w.size(1);
        if (x.dim() == 0 || x.size(-1) != in) {
            throw Errors.shape("linear", "input.size(-1) must equal in_features", in, x.dim() == 0 ? "a scalar" : x.size(-1),
                    "input shape " + x.shapeString() + ", weight shape " + w.shapeString());
        }
        int[] xs = x.shape();
        int rows = x.numel() / in;
        int outF = w.size(0);
        NDArray x2 = x.data().reshape(rows, in);
        NDArray wd = w.data().dtype() == x2.dtype() ? w.data() : w.data().to(x2.dtype());
        NDArray y;
        if (bias != null && x2.dtype() == io.sequoia.tensor.DType.FLOAT32 && bias.data().dtype() == x2.dtype()
                && bias.dim() == 1 && bias.size(0) == outF) {
            y = biasRows(bias.data().floatData(), rows, outF);              // y = bias + x·Wᵀ in one GEMM pass
            io.sequoia.tensor.Gemm.sgemm(false, true, rows, outF, in, 1f, x2.floatData(), 0, in, wd.floatData(), 0, in,
                    1f, y.floatData(), 0, outF);
        } else {
            y = MatMul.matmul(x2, wd, false, true); // (rows, out)
            if (bias != null) y = Elementwise.binary(Elementwise.Binary.ADD, y, bias.data());
        }
        int[] ys = xs.clone();
        ys[ys.length - 1] = outF;
        NDArray yr = y.reshape(ys);
        return Autograd.record("linear", yr, (g, needs) -> {
            NDArray g2 = g.reshape(rows, outF);
            NDArray gx = needs[0] ? MatMul.matmul(g2, wd, false, false).reshape(xs).markFresh() : null;
            NDArray gw = needs[1] ? MatMul.matmul(g2, x2, true, false).markFresh() : null;
            NDArray gb = needs.length > 2 && needs[2] ? io.sequoia.tensor.Reductions.sum(g2, new int[]{0}, false).markFresh() : null;
            return new NDArray[]{gx, gw, gb};
        }, x, w, bias);
    }
}
