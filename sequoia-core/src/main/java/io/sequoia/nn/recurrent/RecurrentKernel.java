package io.sequoia.nn.recurrent;

import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.PackedGemm;
import io.sequoia.tensor.Parallel;


/**
 * The fused whole-sequence kernel of one recurrent layer in one direction (float32), as DESIGN.md
 * describes: the input projection of all steps is one GEMM, each step does one recurrent GEMM plus
 * one fused pass over the gates, and the weight gradients are one GEMM each over all steps at the
 * end. Padding follows PyTorch's packed semantics, generalised to any mask: row n is active at
 * step t iff {@code active[t·N + n]} (for lengths: t &lt; length); inactive steps carry the state
 * and output zeros, so the reverse direction of a row starts at its own last valid step.
 *
 * <p>Its composed twin is {@link ComposedRecurrence}; a test checks that they agree.
 */
final class RecurrentKernel {
    private static final GateMath GATES = GateMath.KERNELS;

    final CellType cell;
    final int T, N, I, H, P, GH;
    final boolean reverse;
    final boolean[] active;   // (T, N) or null: every step active
    // inputs kept for backward
    final float[] x, wih, whh, whr;
    final float[] h0, c0;
    /** Zero initial states taken from the workspace when none were given (null otherwise). */
    private float[] zeroH, zeroC;
    // saved activations, (T, N, ·) time-major
    final float[] act, hPrev, c, tc, m, hn;
    // outputs
    final float[] out, hN, cN;
    private final Workspace ws;

    /** Gives the saved activations back to the workspace; the kernel must not be used afterwards. */
    void release() { ws.give(act, hPrev, c, tc, m, hn, zeroH, zeroC); }

    /** Runs the forward pass. {@code c0}, {@code bhh}, {@code whr}, {@code active} may be null. */
    /** The sizes of one layer and direction: T steps, N sequences, I inputs, H hidden, P outputs (H, or projSize). */
    record Dims(CellType cell, int T, int N, int I, int H, int P, boolean reverse) {}

    /** One layer and direction's weights; {@code bih}, {@code bhh} and {@code whr} may be null. */
    record Weights(float[] wih, float[] whh, float[] bih, float[] bhh, float[] whr) {}

    RecurrentKernel(Dims d, boolean[] active, float[] x, float[] h0, float[] c0, Weights w, Workspace ws) {
        CellType cell = d.cell();
        int T = d.T(), N = d.N(), I = d.I(), H = d.H(), P = d.P();
        boolean reverse = d.reverse();
        float[] wih = w.wih(), whh = w.whh(), bih = w.bih(), bhh = w.bhh(), whr = w.whr();
        this.cell = cell;
        this.T = T; this.N = N; this.I = I; this.H = H; this.P = P;
        this.GH = cell.gates * H;
        this.reverse = reverse;
        this.active = active;
        this.x = x; this.wih = wih; this.whh = whh; this.whr = whr;
        // no initial state given: zeros from the workspace, back with the saved activations
        this.h0 = h0 != null ? h0 : (zeroH = ws.take(d.N() * d.P()));
        this.c0 = c0 != null || cell != CellType.LSTM ? c0 : (zeroC = ws.take(d.N() * d.H()));
        boolean lstm = cell == CellType.LSTM, gru = cell == CellType.GRU;
        int steps = T * N;
        this.ws = ws;
        // every element of act (bias rows, then the product), hPrev and c is written before it is read;
        // tc, m and hn only for active rows, so they come zeroed when some rows are inactive
        boolean all = active == null;
        act = ws.takeDirty(steps * GH);
        hPrev = ws.takeDirty(steps * P);
        c = lstm ? ws.takeDirty(steps * H) : null;
        tc = lstm ? (all ? ws.takeDirty(steps * H) : ws.take(steps * H)) : null;
        m = lstm && whr != null ? (all ? ws.takeDirty(steps * H) : ws.take(steps * H)) : null;
        hn = gru ? (all ? ws.takeDirty(steps * H) : ws.take(steps * H)) : null;
        out = new float[steps * P];
        hN = new float[N * P];
        cN = lstm ? new float[N * H] : null;

        // input projection: act = (b_ih [+ b_hh where it simply adds]) + X · W_ihᵀ, either step by step
        // inside each block of rows (stepProjection: no separate parallel product, no serial bias copy)
        // or, the twin, as one product over all steps
        float[] bias = gru ? bih : sum(bih, bhh);
        PackedGemm.PackedB wihT = null, wT = null;
        if (stepProjection && fusedStep && !gru) {
            // one product per step, [x_t | h] · [W_ih | W_hh]ᵀ, K = I + P: the gate rows are loaded and stored once
            int K = I + P;
            float[] w2 = ws.takeDirty(GH * K);
            for (int g = 0; g < GH; g++) {
                System.arraycopy(wih, g * I, w2, g * K, I);
                System.arraycopy(whh, g * P, w2, g * K + I, P);
            }
            wT = PackedGemm.pack(true, K, GH, w2, 0, K, ws.takeDirty(PackedGemm.packedSize(K, GH)));        // op = [W_ih | W_hh]ᵀ
            ws.give(w2);
        } else if (stepProjection) {
            wihT = PackedGemm.pack(true, I, GH, wih, 0, I, ws.takeDirty(PackedGemm.packedSize(I, GH)));   // op = W_ihᵀ (I × GH)
        } else {
            if (bias != null) for (int r = 0; r < steps; r++) System.arraycopy(bias, 0, act, r * GH, GH);
            Gemm.sgemm(false, true, steps, GH, I, 1f, x, 0, I, wih, 0, I, bias != null ? 1f : 0f, act, 0, GH);
        }
        // W_hh is used by every step: packed once into the kernel's panels
        // (into workspace buffers, given back once the recurrence is done)
        PackedGemm.PackedB whhT = wT != null ? null
                : PackedGemm.pack(true, P, GH, whh, 0, P, ws.takeDirty(PackedGemm.packedSize(P, GH)));  // op = W_hhᵀ (P × GH)
        PackedGemm.PackedB whrT = whr != null ? PackedGemm.pack(true, H, P, whr, 0, H, ws.takeDirty(PackedGemm.packedSize(H, P))) : null; // W_hrᵀ

        // Sequences are independent: blocks of rows run the whole recurrence on their own thread,
        // with no synchronisation per step (the per-step products inside run serially).
        float[] bhhRow = gru ? bhh : null;
        PackedGemm.PackedB inT = wihT, bothT = wT;
        Parallel.forRange(0, N, ROW_GRAIN, (n0, n1) -> forwardRows(n0, n1, inT, bothT, bias, whhT, whrT, bhhRow));
        ws.give(whhT == null ? null : whhT.buffer(), whrT == null ? null : whrT.buffer(), wihT == null ? null : wihT.buffer(),
                wT == null ? null : wT.buffer());
    }

    /**
     * True: LSTM and plain RNN layers run each step's input and recurrent products as one product
     * [x_t | h] · [W_ih | W_hh]ᵀ (with {@link #stepProjection}); false: two products, the twin
     * (RecurrentTest compares them; the sums differ only in order).
     */
    static boolean fusedStep = true;

    /**
     * True: the input projection and the input gradient run step by step inside each thread's block
     * of rows; false: each as one product over all steps, the twin (RecurrentTest compares them).
     * Each row's sums are the same either way up to the product's K blocking (one sum over K here).
     */
    static boolean stepProjection = true;

    /** Sequences smaller than this many rows per thread are not split. */
    static final int ROW_GRAIN = 8;

    /** The recurrence over all steps for rows [n0, n1). */
    private void forwardRows(int n0, int n1, PackedGemm.PackedB wihT, PackedGemm.PackedB wT, float[] bias, PackedGemm.PackedB whhT,
                             PackedGemm.PackedB whrT, float[] bhh) {
        boolean lstm = cell == CellType.LSTM, gru = cell == CellType.GRU;
        int rows = n1 - n0, K = I + P;
        float[] xh = wT != null ? ws.takeDirty(rows * K) : null;      // [x_t | h] rows of the fused product
        // the block's running state and scratch rows come from the workspace and go back at the end
        float[] h = copyRows(h0, n0 * P, rows * P);
        float[] cs = lstm ? copyRows(c0, n0 * H, rows * H) : null;
        float[] hw = gru ? ws.take(rows * GH) : null;
        float[] mRow = lstm && m == null ? ws.take(rows * H) : null;
        float[] hNew = ws.take(rows * P);
        for (int s = 0; s < T; s++) {
            int t = reverse ? T - 1 - s : s;
            int base = t * N + n0;                               // global row of local row 0 at step t
            System.arraycopy(h, 0, hPrev, base * P, rows * P);
            if (wT != null) {
                // act = bias + [x_t | h] · [W_ih | W_hh]ᵀ in one product
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, (base + r) * I, xh, r * K, I);
                    System.arraycopy(h, r * P, xh, r * K + I, P);
                }
                if (bias != null) for (int r = 0; r < rows; r++) System.arraycopy(bias, 0, act, (base + r) * GH, GH);
                PackedGemm.multiply(rows, xh, 0, K, wT, bias != null ? 1f : 0f, act, base * GH, GH);
            } else if (wihT != null) {
                // this step's input projection for the block's rows: act = bias + x_t · W_ihᵀ
                if (bias != null) for (int r = 0; r < rows; r++) System.arraycopy(bias, 0, act, (base + r) * GH, GH);
                PackedGemm.multiply(rows, x, base * I, I, wihT, bias != null ? 1f : 0f, act, base * GH, GH);
            }
            // recurrent product: act += h · W_hhᵀ, or for GRU hw = b_hh + h · W_hhᵀ
            if (wT != null) {
                // done above
            } else if (!gru) {
                PackedGemm.multiply(rows, h, 0, P, whhT, 1f, act, base * GH, GH);
            } else {
                if (bhh != null) for (int r = 0; r < rows; r++) System.arraycopy(bhh, 0, hw, r * GH, GH);
                PackedGemm.multiply(rows, h, 0, P, whhT, bhh != null ? 1f : 0f, hw, 0, GH);
            }
            for (int r = 0; r < rows; r++) {
                int g = base + r, a = g * GH;
                if (active != null && !active[g]) {
                    if (lstm) System.arraycopy(cs, r * H, c, g * H, H);
                    continue;                                   // h, c carry; out stays 0
                }
                switch (cell) {
                    case LSTM: {
                        float[] mDst = m != null ? m : mRow;
                        int mo = m != null ? g * H : r * H;
                        GATES.lstmForward(act, a, cs, r * H, c, g * H, tc, g * H, mDst, mo, H, 0);
                        System.arraycopy(c, g * H, cs, r * H, H);
                        if (whr == null) System.arraycopy(mDst, mo, hNew, r * P, P);
                        break;
                    }
                    case GRU:
                        GATES.gruForward(act, a, hw, r * GH, h, r * P, act, a, hNew, r * P, H, 0);
                        System.arraycopy(hw, r * GH + 2 * H, hn, g * H, H);
                        break;
                    default:
                        GATES.rnnForward(act, a, H, cell == CellType.RNN_RELU, 0);
                        System.arraycopy(act, a, hNew, r * P, H);
                }
            }
            if (lstm && whr != null) {
                // projection: h = m · W_hrᵀ; rows of inactive sequences are ignored below
                PackedGemm.multiply(rows, m, base * H, H, whrT, 0f, hNew, 0, P);
            }
            for (int r = 0; r < rows; r++) {
                int g = base + r;
                if (active != null && !active[g]) continue;
                System.arraycopy(hNew, r * P, h, r * P, P);
                System.arraycopy(hNew, r * P, out, g * P, P);
            }
        }
        System.arraycopy(h, 0, hN, n0 * P, rows * P);
        if (lstm) System.arraycopy(cs, 0, cN, n0 * H, rows * H);
        ws.give(h, cs, hw, mRow, hNew, xh);
    }

    /** A workspace array holding {@code src[from, from + n)}. */
    private float[] copyRows(float[] src, int from, int n) {
        float[] a = ws.takeDirty(n);
        System.arraycopy(src, from, a, 0, n);
        return a;
    }

    private static float[] copy(float[] a) {
        float[] b = GradBuffers.takeDirty(a.length);
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    private static float[] sum(float[] a, float[] b) {
        if (a == null || b == null) return a == null ? b : a;
        float[] s = new float[a.length];
        for (int j = 0; j < s.length; j++) s[j] = a[j] + b[j];
        return s;
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
        // the gate gradients are written for every active row (inactive rows must stay 0); dhAll for every row
        boolean all = active == null;
        float[] dXG = all ? ws.takeDirty(steps * GH) : ws.take(steps * GH);   // gradients of the input pre-activations
        float[] dHG = gru ? (all ? ws.takeDirty(steps * GH) : ws.take(steps * GH)) : dXG;   // of the hidden pre-activations (differ for GRU)
        float[] dhAll = whr != null ? ws.takeDirty(steps * P) : null;
        // gradient arrays come from the gradient pool (RNNBase marks them fresh: the engine recycles them)
        float[] dh0 = GradBuffers.takeDirty(N * P), dc0 = lstm ? GradBuffers.takeDirty(N * H) : null;   // every row written
        PackedGemm.PackedB whhN = PackedGemm.pack(false, GH, P, whh, 0, P, ws.takeDirty(PackedGemm.packedSize(GH, P)));  // op = W_hh (GH × P)
        PackedGemm.PackedB whrN = whr != null ? PackedGemm.pack(false, P, H, whr, 0, H, ws.takeDirty(PackedGemm.packedSize(P, H))) : null;
        Grads g = new Grads();
        // the input gradient dX = dXG · W_ih: step by step inside the blocks of rows, or one product after
        float[] gx = needX ? GradBuffers.takeDirty(steps * I) : null;   // every element written (beta 0)
        PackedGemm.PackedB wihN = needX && stepProjection
                ? PackedGemm.pack(false, GH, I, wih, 0, I, ws.takeDirty(PackedGemm.packedSize(GH, I))) : null;  // op = W_ih (GH × I)
        Parallel.forRange(0, N, ROW_GRAIN, (n0, n1) ->
                backwardRows(n0, n1, gOut, ghN, gcN, dXG, dHG, dhAll, dh0, dc0, whhN, whrN, wihN, gx));
        g.h0 = dh0;
        g.c0 = dc0;
        if (needX) {
            g.x = gx;
            if (wihN == null) Gemm.sgemm(false, false, steps, I, GH, 1f, dXG, 0, GH, wih, 0, I, 0f, g.x, 0, I);
        }
        if (needWeights) {
            float[] gwih = GradBuffers.takeDirty(GH * I), gwhh = GradBuffers.takeDirty(GH * P);   // every element written
            g.wih = gwih;
            g.whh = gwhh;
            if (gateSlices) {
                // by slices of the gates, one parallel region: each thread its rows of dW_ih and dW_hh (serial
                // products over all steps) and its bias columns. No team, no barrier; every element is summed
                // in the same order as by one product over all gates, so any split gives the same bits.
                float[] gbih = GradBuffers.takeDirty(GH), gbhh = gru ? GradBuffers.takeDirty(GH) : null;
                int blocks = (GH + SLICE - 1) / SLICE;
                long work = (long) GH * (I + P) * steps;
                Parallel.forRange(0, blocks, work < (1L << 20) ? blocks : 1, (b0, b1) -> {
                    int m0 = b0 * SLICE, w = Math.min(GH, b1 * SLICE) - m0;
                    Gemm.sgemm(true, false, w, I, steps, 1f, dXG, m0, GH, x, 0, I, 0f, gwih, m0 * I, I);
                    Gemm.sgemm(true, false, w, P, steps, 1f, dHG, m0, GH, hPrev, 0, P, 0f, gwhh, m0 * P, P);
                    columnSums(dXG, steps, GH, m0, m0 + w, gbih);
                    if (gbhh != null) columnSums(dHG, steps, GH, m0, m0 + w, gbhh);
                });
                g.bih = gbih;
                g.bhh = gru ? gbhh : copy(gbih);
            } else {
                Gemm.sgemm(true, false, GH, I, steps, 1f, dXG, 0, GH, x, 0, I, 0f, gwih, 0, I);
                Gemm.sgemm(true, false, GH, P, steps, 1f, dHG, 0, GH, hPrev, 0, P, 0f, gwhh, 0, P);
                g.bih = columnSums(dXG, steps, GH);
                g.bhh = gru ? columnSums(dHG, steps, GH) : copy(g.bih);
            }
            if (whr != null) {
                g.whr = GradBuffers.takeDirty(P * H);
                Gemm.sgemm(true, false, P, H, steps, 1f, dhAll, 0, P, m, 0, H, 0f, g.whr, 0, H);
            }
        }
        ws.give(dXG, gru ? dHG : null, dhAll, whhN.buffer(), whrN == null ? null : whrN.buffer(), wihN == null ? null : wihN.buffer());
        return g;
    }

    /** Backpropagation through time for rows [n0, n1); writes their gate gradients and dh0/dc0 rows. */
    private void backwardRows(int n0, int n1, float[] gOut, float[] ghN, float[] gcN, float[] dXG, float[] dHG, float[] dhAll,
                              float[] dh0, float[] dc0, PackedGemm.PackedB whhN, PackedGemm.PackedB whrN,
                              PackedGemm.PackedB wihN, float[] gx) {
        boolean lstm = cell == CellType.LSTM, gru = cell == CellType.GRU;
        int rows = n1 - n0;
        float[] dh = ghN != null ? copyRows(ghN, n0 * P, rows * P) : ws.take(rows * P);
        float[] dc = lstm ? (gcN != null ? copyRows(gcN, n0 * H, rows * H) : ws.take(rows * H)) : null;
        float[] dhTot = ws.take(rows * P);
        float[] dm = lstm ? ws.take(rows * H) : null;
        float[] dcPrev = lstm ? ws.take(rows * H) : null;
        float[] dhPrev = ws.take(rows * P);
        float[] dhDirect = gru ? ws.take(rows * P) : null;
        for (int s = T - 1; s >= 0; s--) {
            int t = reverse ? T - 1 - s : s;
            int base = t * N + n0;
            int prevT = s == 0 ? -1 : (reverse ? t + 1 : t - 1);
            for (int r = 0; r < rows; r++) {
                boolean on = active == null || active[base + r];
                for (int j = 0; j < P; j++) {
                    dhTot[r * P + j] = dh[r * P + j] + (on && gOut != null ? gOut[(base + r) * P + j] : 0f);
                }
            }
            if (dhAll != null) System.arraycopy(dhTot, 0, dhAll, base * P, rows * P);
            if (lstm) {
                if (whr != null) PackedGemm.multiply(rows, dhTot, 0, P, whrN, 0f, dm, 0, H);
                else System.arraycopy(dhTot, 0, dm, 0, rows * H);
            }
            for (int r = 0; r < rows; r++) {
                int g = base + r, a = g * GH;
                if (active != null && !active[g]) {
                    if (lstm) System.arraycopy(dc, r * H, dcPrev, r * H, H);
                    continue;                                   // dXG/dHG rows stay 0
                }
                switch (cell) {
                    case LSTM: {
                        float[] cp = prevT < 0 ? c0 : c;
                        int cpo = prevT < 0 ? (n0 + r) * H : (prevT * N + n0 + r) * H;
                        GATES.lstmBackward(act, a, tc, g * H, cp, cpo, dm, r * H, dc, r * H, dXG, a, dcPrev, r * H, H, 0);
                        break;
                    }
                    case GRU:
                        GATES.gruBackward(act, a, hn, g * H, hPrev, g * P, dhTot, r * P, dXG, a, dHG, a, dhDirect, r * P, H, 0);
                        break;
                    default:
                        GATES.rnnBackward(out, g * P, dhTot, r * P, dXG, a, H, cell == CellType.RNN_RELU, 0);
                }
            }
            // dh_prev = dHG_t · W_hh (+ the direct GRU path); inactive rows carry dh unchanged
            // and this step's input gradient for the block's rows (inactive rows: dXG is 0, so 0);
            // where dHG is dXG (not GRU) both products share one packing of the rows
            if (wihN != null && dHG == dXG) {
                PackedGemm.multiplyTwo(rows, dHG, base * GH, GH, whhN, 0f, dhPrev, 0, P, wihN, 0f, gx, base * I, I);
            } else {
                PackedGemm.multiply(rows, dHG, base * GH, GH, whhN, 0f, dhPrev, 0, P);
                if (wihN != null) PackedGemm.multiply(rows, dXG, base * GH, GH, wihN, 0f, gx, base * I, I);
            }
            for (int r = 0; r < rows; r++) {
                boolean on = active == null || active[base + r];
                for (int j = 0; j < P; j++) {
                    int k = r * P + j;
                    dh[k] = on ? dhPrev[k] + (gru ? dhDirect[k] : 0f) : dhTot[k];
                }
            }
            if (lstm) { float[] tmp = dc; dc = dcPrev; dcPrev = tmp; }
        }
        System.arraycopy(dh, 0, dh0, n0 * P, rows * P);
        if (lstm) System.arraycopy(dc, 0, dc0, n0 * H, rows * H);
        ws.give(dh, dc, dhTot, dm, dcPrev, dhPrev, dhDirect);
    }

    /** Sums of the columns: float partial sums over blocks of rows (vectorisable), blocks added in double. */
    private static float[] columnSums(float[] a, int rows, int width) {
        // columns are independent: split between threads in chunks, the same additions in the same order
        float[] out = GradBuffers.takeDirty(width);                 // every column written
        Parallel.forRange(0, width, (long) rows * width < (1 << 16) ? width : 64, (c0, c1) -> columnSums(a, rows, width, c0, c1, out));
        return out;
    }

    /** Columns [c0, c1) of {@link #columnSums(float[], int, int)} into {@code out}, on this thread. */
    private static void columnSums(float[] a, int rows, int width, int c0, int c1, float[] out) {
        int w = c1 - c0;
        double[] acc = new double[w];
        float[] part = new float[w];
        for (int r0 = 0; r0 < rows; r0 += 64) {
            java.util.Arrays.fill(part, 0f);
            GATES.addRows(a, r0 * width + c0, width, Math.min(rows, r0 + 64) - r0, part, w, 0);
            for (int j = 0; j < w; j++) acc[j] += part[j];
        }
        for (int j = 0; j < w; j++) out[c0 + j] = (float) acc[j];
    }

    /** Gate columns per slice of the weight-gradient region (a multiple of every panel width). */
    private static final int SLICE = 32;

    /**
     * True: the weight and bias gradients run in one parallel region by slices of the gates; false: the
     * twin, one product each over all gates (equal bit for bit, RecurrentTest).
     */
    static boolean gateSlices = true;
}
