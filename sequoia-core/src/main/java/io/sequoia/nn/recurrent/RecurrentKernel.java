package io.sequoia.nn.recurrent;

import io.sequoia.tensor.Gemm;

import java.util.Arrays;

/**
 * The fused whole-sequence kernel of one recurrent layer in one direction (float32), as DESIGN.md
 * describes: the input projection of all steps is one GEMM, each step does one recurrent GEMM plus
 * one fused pass over the gates, and the weight gradients are one GEMM each over all steps at the
 * end. Variable lengths follow PyTorch's packed semantics: a row is active at step t iff
 * t &lt; length; inactive rows carry their state and output zeros; the reverse direction of a row
 * starts at its own last valid step.
 *
 * <p>Its composed twin is {@link ComposedRecurrence}; a test checks that they agree.
 */
final class RecurrentKernel {
    final CellType cell;
    final int T, N, I, H, P, GH;
    final boolean reverse;
    final int[] lengths;
    // inputs kept for backward
    final float[] x, wih, whh, whr;
    final float[] h0, c0;
    // saved activations, (T, N, ·) time-major
    final float[] act, hPrev, c, tc, m, hn;
    // outputs
    final float[] out, hN, cN;

    /** Runs the forward pass. {@code c0}, {@code bhh}, {@code whr}, {@code lengths} may be null. */
    RecurrentKernel(CellType cell, int T, int N, int I, int H, int P, boolean reverse, int[] lengths,
                    float[] x, float[] h0, float[] c0, float[] wih, float[] whh, float[] bih, float[] bhh, float[] whr) {
        this.cell = cell;
        this.T = T; this.N = N; this.I = I; this.H = H; this.P = P;
        this.GH = cell.gates * H;
        this.reverse = reverse;
        this.lengths = lengths;
        this.x = x; this.wih = wih; this.whh = whh; this.whr = whr;
        this.h0 = h0; this.c0 = c0;
        boolean lstm = cell == CellType.LSTM, gru = cell == CellType.GRU;
        int steps = T * N;
        act = new float[steps * GH];
        hPrev = new float[steps * P];
        c = lstm ? new float[steps * H] : null;
        tc = lstm ? new float[steps * H] : null;
        m = lstm && whr != null ? new float[steps * H] : null;
        hn = gru ? new float[steps * H] : null;
        out = new float[steps * P];
        hN = new float[N * P];
        cN = lstm ? new float[N * H] : null;

        // input projection of all steps: act = X · W_ihᵀ (+ b_ih, and + b_hh where it simply adds)
        Gemm.sgemm(false, true, steps, GH, I, 1f, x, 0, I, wih, 0, I, 0f, act, 0, GH);
        addBias(act, steps, bih, 0, GH);
        if (!gru) addBias(act, steps, bhh, 0, GH);

        float[] h = Arrays.copyOf(h0, N * P);
        float[] cs = lstm ? Arrays.copyOf(c0, N * H) : null;
        float[] hw = new float[N * GH];
        float[] mRow = lstm ? new float[N * H] : null;
        float[] hNew = new float[N * P];
        for (int s = 0; s < T; s++) {
            int t = reverse ? T - 1 - s : s;
            int base = t * N;
            System.arraycopy(h, 0, hPrev, base * P, N * P);
            // recurrent GEMM: hw = h · W_hhᵀ (+ b_hh for GRU)
            if (lstm || !gru) {
                Gemm.sgemm(false, true, N, GH, P, 1f, h, 0, P, whh, 0, P, 1f, act, base * GH, GH);
            } else {
                Gemm.sgemm(false, true, N, GH, P, 1f, h, 0, P, whh, 0, P, 0f, hw, 0, GH);
                addBias(hw, N, bhh, 0, GH);
            }
            for (int n = 0; n < N; n++) {
                boolean active = lengths == null || t < lengths[n];
                int a = (base + n) * GH;
                if (!active) {
                    if (lstm) System.arraycopy(cs, n * H, c, (base + n) * H, H);
                    continue;                                   // h, c carry; out stays 0
                }
                switch (cell) {
                    case LSTM: {
                        float[] mDst = m != null ? m : mRow;
                        int mo = m != null ? (base + n) * H : n * H;
                        GateMath.lstmForward(act, a, cs, n * H, c, (base + n) * H, tc, (base + n) * H, mDst, mo, H);
                        System.arraycopy(c, (base + n) * H, cs, n * H, H);
                        if (whr == null) System.arraycopy(mDst, mo, hNew, n * P, P);
                        break;
                    }
                    case GRU:
                        GateMath.gruForward(act, a, hw, n * GH, h, n * P, act, a, hNew, n * P, H);
                        System.arraycopy(hw, n * GH + 2 * H, hn, (base + n) * H, H);
                        break;
                    default:
                        GateMath.rnnForward(act, a, H, cell == CellType.RNN_RELU);
                        System.arraycopy(act, a, hNew, n * P, H);
                }
            }
            if (lstm && whr != null) {
                // projection: h = m · W_hrᵀ, rows of inactive sequences are ignored below
                Gemm.sgemm(false, true, N, P, H, 1f, m, base * H, H, whr, 0, H, 0f, hNew, 0, P);
            }
            for (int n = 0; n < N; n++) {
                if (lengths != null && t >= lengths[n]) continue;
                System.arraycopy(hNew, n * P, h, n * P, P);
                System.arraycopy(hNew, n * P, out, (base + n) * P, P);
            }
        }
        System.arraycopy(h, 0, hN, 0, N * P);
        if (lstm) System.arraycopy(cs, 0, cN, 0, N * H);
    }

    private static void addBias(float[] a, int rows, float[] b, int bo, int width) {
        if (b == null) return;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) a[o + j] += b[bo + j];
        }
    }

    /** Gradients of one backward pass; entries are null where not requested. */
    static final class Grads {
        float[] x, h0, c0, wih, whh, bih, bhh, whr;
    }

    /**
     * Backpropagation through time. {@code gOut} (T, N, P), {@code ghN} (N, P) and {@code gcN} (N, H)
     * may each be null (no gradient reached that output).
     */
    Grads backward(float[] gOut, float[] ghN, float[] gcN, boolean needX, boolean needWeights) {
        boolean lstm = cell == CellType.LSTM, gru = cell == CellType.GRU;
        int steps = T * N;
        float[] dXG = new float[steps * GH];                 // gradients of the input pre-activations
        float[] dHG = gru ? new float[steps * GH] : dXG;     // of the hidden pre-activations (differ for GRU)
        float[] dhAll = whr != null ? new float[steps * P] : null;
        float[] dh = ghN != null ? ghN.clone() : new float[N * P];
        float[] dc = lstm ? (gcN != null ? gcN.clone() : new float[N * H]) : null;
        float[] dhTot = new float[N * P];
        float[] dm = lstm ? new float[N * H] : null;
        float[] dcPrev = lstm ? new float[N * H] : null;
        float[] dhPrev = new float[N * P];
        float[] dhDirect = gru ? new float[N * P] : null;
        for (int s = T - 1; s >= 0; s--) {
            int t = reverse ? T - 1 - s : s;
            int base = t * N;
            int prevT = s == 0 ? -1 : (reverse ? t + 1 : t - 1);
            for (int n = 0; n < N; n++) {
                boolean active = lengths == null || t < lengths[n];
                for (int j = 0; j < P; j++) {
                    dhTot[n * P + j] = dh[n * P + j] + (active && gOut != null ? gOut[(base + n) * P + j] : 0f);
                }
            }
            if (dhAll != null) System.arraycopy(dhTot, 0, dhAll, base * P, N * P);
            if (lstm) {
                if (whr != null) Gemm.sgemm(false, false, N, H, P, 1f, dhTot, 0, P, whr, 0, H, 0f, dm, 0, H);
                else System.arraycopy(dhTot, 0, dm, 0, N * H);
            }
            for (int n = 0; n < N; n++) {
                boolean active = lengths == null || t < lengths[n];
                int a = (base + n) * GH;
                if (!active) {
                    if (lstm) System.arraycopy(dc, n * H, dcPrev, n * H, H);
                    continue;                                   // dXG/dHG rows stay 0
                }
                switch (cell) {
                    case LSTM: {
                        float[] cp = prevT < 0 ? c0 : c;
                        int cpo = prevT < 0 ? n * H : (prevT * N + n) * H;
                        GateMath.lstmBackward(act, a, tc, (base + n) * H, cp, cpo, dm, n * H, dc, n * H, dXG, a, dcPrev, n * H, H);
                        break;
                    }
                    case GRU:
                        GateMath.gruBackward(act, a, hn, (base + n) * H, hPrev, (base + n) * P, dhTot, n * P,
                                dXG, a, dHG, a, dhDirect, n * P, H);
                        break;
                    default:
                        GateMath.rnnBackward(out, (base + n) * P, dhTot, n * P, dXG, a, H, cell == CellType.RNN_RELU);
                }
            }
            // dh_prev = dHG_t · W_hh (+ the direct GRU path); inactive rows carry dh unchanged
            Gemm.sgemm(false, false, N, P, GH, 1f, dHG, base * GH, GH, whh, 0, P, 0f, dhPrev, 0, P);
            for (int n = 0; n < N; n++) {
                boolean active = lengths == null || t < lengths[n];
                for (int j = 0; j < P; j++) {
                    int k = n * P + j;
                    dh[k] = active ? dhPrev[k] + (gru ? dhDirect[k] : 0f) : dhTot[k];
                }
            }
            if (lstm) { float[] tmp = dc; dc = dcPrev; dcPrev = tmp; }
        }
        Grads g = new Grads();
        g.h0 = dh;
        g.c0 = dc;
        if (needX) {
            g.x = new float[steps * I];
            Gemm.sgemm(false, false, steps, I, GH, 1f, dXG, 0, GH, wih, 0, I, 0f, g.x, 0, I);
        }
        if (needWeights) {
            g.wih = new float[GH * I];
            Gemm.sgemm(true, false, GH, I, steps, 1f, dXG, 0, GH, x, 0, I, 0f, g.wih, 0, I);
            g.whh = new float[GH * P];
            Gemm.sgemm(true, false, GH, P, steps, 1f, dHG, 0, GH, hPrev, 0, P, 0f, g.whh, 0, P);
            g.bih = columnSums(dXG, steps, GH);
            g.bhh = gru ? columnSums(dHG, steps, GH) : g.bih.clone();
            if (whr != null) {
                g.whr = new float[P * H];
                Gemm.sgemm(true, false, P, H, steps, 1f, dhAll, 0, P, m, 0, H, 0f, g.whr, 0, H);
            }
        }
        return g;
    }

    private static float[] columnSums(float[] a, int rows, int width) {
        double[] acc = new double[width];
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) acc[j] += a[o + j];
        }
        float[] out = new float[width];
        for (int j = 0; j < width; j++) out[j] = (float) acc[j];
        return out;
    }
}
