package io.sequoia.nn.conv;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Parallel;

/**
 * The fused float32 1-D convolution: im2col into a (N·L_out, C_in/groups·K) block per group, then
 * one GEMM per group for the forward pass, two for the backward pass (weight gradient and column
 * gradient, scattered back by col2im), all through {@link Gemm#sgemm}. Float64 (the gradient
 * checks) runs the composed twin {@link #composed} instead of a copy of this kernel, as the
 * recurrent and attention kernels do; {@code ConvTest} checks that the two agree.
 */
final class ConvKernel {
    private ConvKernel() {}

    /** Geometry of one call. */
    record Geometry(int n, int cin, int l, int cout, int k, int stride, int padLeft, int dilation, int groups, int lout) {
        int cinG() { return cin / groups; }
        int coutG() { return cout / groups; }
        int rows() { return n * lout; }
        int colsG() { return cinG() * k; }
    }

    /** x (N, C_in, L), weight (C_out, C_in/groups, K), bias (C_out) or null, all float32 → (N, C_out, L_out). */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        int rows = g.rows(), cg = g.colsG(), coutG = g.coutG();
        float[] xs = (x.dtype() == DType.FLOAT32 ? x.data() : x.data().to(DType.FLOAT32)).floatData();
        float[] cols = new float[g.groups * rows * cg];
        im2col(xs, cols, g);
        float[] outT = new float[rows * g.cout];                       // (N·L_out, C_out) = cols_g · W_gᵀ per group
        float[] w = weight.data().floatData();
        for (int gr = 0; gr < g.groups; gr++) {
            Gemm.sgemm(false, true, rows, coutG, cg, 1f, cols, gr * rows * cg, cg, w, gr * coutG * cg, cg, 0f, outT, gr * coutG, g.cout);
        }
        NDArray out = NDArray.empty(DType.FLOAT32, g.n, g.cout, g.lout);
        float[] o = out.floatData(), b = bias == null ? null : bias.data().floatData();
        Parallel.forRange(0, g.n, 1, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int c = 0; c < g.cout; c++) {
                    int oo = (s * g.cout + c) * g.lout, r = s * g.lout * g.cout + c;
                    float bc = b == null ? 0f : b[c];
                    for (int t = 0; t < g.lout; t++) o[oo + t] = outT[r + t * g.cout] + bc;
                }
            }
        });
        return Autograd.record("conv1d", out, (grad, needs) -> backward(grad.floatData(), needs, cols, w, g), x, weight, bias);
    }

    private static NDArray[] backward(float[] grad, boolean[] needs, float[] cols, float[] w, Geometry g) {
        int rows = g.rows(), cg = g.colsG(), coutG = g.coutG();
        float[] gT = new float[rows * g.cout];                         // (N·L_out, C_out)
        Parallel.forRange(0, g.n, 1, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int c = 0; c < g.cout; c++) {
                    int o = (s * g.cout + c) * g.lout;
                    for (int t = 0; t < g.lout; t++) gT[(s * g.lout + t) * g.cout + c] = grad[o + t];
                }
            }
        });
        NDArray dx = null, dw = null, db = null;
        if (needs[0]) {
            dx = NDArray.zeros(DType.FLOAT32, g.n, g.cin, g.l);
            float[] dcols = new float[rows * cg];
            for (int gr = 0; gr < g.groups; gr++) {
                // dcols (N·L_out, cg) = gT_g (N·L_out, coutG) · W_g (coutG, cg)
                Gemm.sgemm(false, false, rows, cg, coutG, 1f, gT, gr * coutG, g.cout, w, gr * coutG * cg, cg, 0f, dcols, 0, cg);
                col2im(dcols, dx.floatData(), g, gr);
            }
        }
        if (needs[1]) {
            dw = NDArray.zeros(DType.FLOAT32, g.cout, g.cinG(), g.k);
            for (int gr = 0; gr < g.groups; gr++) {
                // dW_g (coutG, cg) = gT_gᵀ (coutG, N·L_out) · cols_g (N·L_out, cg)
                Gemm.sgemm(true, false, coutG, cg, rows, 1f, gT, gr * coutG, g.cout, cols, gr * rows * cg, cg, 0f, dw.floatData(), gr * coutG * cg, cg);
            }
        }
        if (needs.length > 2 && needs[2]) {
            db = NDArray.zeros(DType.FLOAT32, g.cout);
            float[] d = db.floatData();
            for (int r = 0; r < rows; r++) for (int c = 0; c < g.cout; c++) d[c] += gT[r * g.cout + c];
        }
        return new NDArray[]{dx, dw, db};
    }

    /**
     * cols[gr][(s·L_out + t)][c·K + k] = x[s][gr·cinG + c][t·stride − padLeft + k·dilation], 0 outside.
     * Samples on {@link Parallel} threads; each row of cols is written in order (its reads stay in
     * the sample's own (C_in, L) block, which fits in cache).
     */
    private static void im2col(float[] x, float[] cols, Geometry g) {
        int cg = g.colsG(), rows = g.rows();
        Parallel.forRange(0, g.n, 1, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int gr = 0; gr < g.groups; gr++) {
                    for (int t = 0; t < g.lout; t++) {
                        int row = gr * rows * cg + (s * g.lout + t) * cg;
                        for (int c = 0; c < g.cinG(); c++) {
                            int xo = (s * g.cin + gr * g.cinG() + c) * g.l, start = t * g.stride - g.padLeft;
                            for (int k = 0; k < g.k; k++) {
                                int p = start + k * g.dilation;
                                cols[row + c * g.k + k] = p >= 0 && p < g.l ? x[xo + p] : 0f;
                            }
                        }
                    }
                }
            }
        });
    }

    /** The adjoint of im2col for group {@code gr}: adds dcols (N·L_out, cg) into dx; samples on threads. */
    private static void col2im(float[] dcols, float[] dx, Geometry g, int gr) {
        int cg = g.colsG();
        Parallel.forRange(0, g.n, 1, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int t = 0; t < g.lout; t++) {
                    int row = (s * g.lout + t) * cg;
                    for (int c = 0; c < g.cinG(); c++) {
                        int xo = (s * g.cin + gr * g.cinG() + c) * g.l, start = t * g.stride - g.padLeft;
                        for (int k = 0; k < g.k; k++) {
                            int p = start + k * g.dilation;
                            if (p >= 0 && p < g.l) dx[xo + p] += dcols[row + c * g.k + k];
                        }
                    }
                }
            }
        });
    }

    /**
     * The composed twin, from autograd primitives only: zero padding by concat, the K shifted
     * (strided, dilated) views by indexSelect, one matmul per group.
     */
    static Tensor composed(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        int padRight = Math.max(0, (g.lout - 1) * g.stride + (g.k - 1) * g.dilation + 1 - g.l - g.padLeft);
        Tensor xp = x;
        if (g.padLeft > 0) xp = Tensor.concat(2, Tensor.zeros(x.dtype(), g.n, g.cin, g.padLeft), xp);
        if (padRight > 0) xp = Tensor.concat(2, xp, Tensor.zeros(x.dtype(), g.n, g.cin, padRight));
        Tensor[] taps = new Tensor[g.k];
        for (int k = 0; k < g.k; k++) {
            double[] idx = new double[g.lout];
            for (int t = 0; t < g.lout; t++) idx[t] = t * g.stride + k * g.dilation;
            taps[k] = xp.indexSelect(2, new Tensor(NDArray.wrap(idx, g.lout)).to(x.dtype()));           // (N, C_in, L_out)
        }
        Tensor cols = Tensor.stack(3, taps);                                                             // (N, C_in, L_out, K)
        Tensor[] outs = new Tensor[g.groups];
        for (int gr = 0; gr < g.groups; gr++) {
            Tensor cgp = cols.narrow(1, gr * g.cinG(), g.cinG()).permute(0, 2, 1, 3).reshape(g.rows(), g.colsG()); // (N·L_out, cg)
            Tensor wg = weight.narrow(0, gr * g.coutG(), g.coutG()).reshape(g.coutG(), g.colsG());                // (coutG, cg)
            outs[gr] = cgp.matmul(wg.t());                                                                         // (N·L_out, coutG)
        }
        Tensor y = Tensor.concat(1, outs).reshape(g.n, g.lout, g.cout).permute(0, 2, 1);                           // (N, C_out, L_out)
        return bias == null ? y : y.add(bias.reshape(1, g.cout, 1));
    }
}
