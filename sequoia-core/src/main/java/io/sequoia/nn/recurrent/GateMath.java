package io.sequoia.nn.recurrent;

import io.sequoia.tensor.PortableMath;

/**
 * The fused per-step gate arithmetic of the recurrent kernels, on float rows: the scalar twin of
 * {@link VectorGates}, plain Java and always correct. σ and tanh are {@link PortableMath}'s, whose
 * results are the same bits in every JIT tier and equal to the vector kernels' lane by lane.
 */
class GateMath {
    /** The scalar kernels, or the Vector API ones when this JVM has jdk.incubator.vector (unless {@code -Dsequoia.kernels=scalar}). */
    static final GateMath KERNELS = choose();

    GateMath() {}

    private static GateMath choose() {
        if (io.sequoia.tensor.KernelChoice.scalarForced()) return new GateMath();
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return new GateMath();
        try {
            return (GateMath) Class.forName("io.sequoia.nn.recurrent.VectorGates").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new GateMath();
        }
    }

    /** "vector" or "scalar". */
    String name() { return "scalar"; }

    static float sigmoid(float x) { return PortableMath.sigmoid(x); }

    static float tanh(float x) { return PortableMath.tanh(x); }

    /**
     * LSTM step for one row: {@code a} holds the pre-activations i|f|g|o (length 4H) and is
     * overwritten with the activations; writes c and tanh(c), and m = o ⊙ tanh(c).
     */
    void lstmForward(float[] a, int ao, float[] cPrev, int cpo, float[] c, int co, float[] tc, int tco,
                            float[] m, int mo, int h, int from) {
        for (int j = from; j < h; j++) {
            float i = sigmoid(a[ao + j]);
            float f = sigmoid(a[ao + h + j]);
            float g = tanh(a[ao + 2 * h + j]);
            float o = sigmoid(a[ao + 3 * h + j]);
            a[ao + j] = i;
            a[ao + h + j] = f;
            a[ao + 2 * h + j] = g;
            a[ao + 3 * h + j] = o;
            float cv = f * cPrev[cpo + j] + i * g;
            float t = tanh(cv);
            c[co + j] = cv;
            tc[tco + j] = t;
            m[mo + j] = o * t;
        }
    }

    /**
     * LSTM backward for one row: from dm (gradient of m = o⊙tanh c) and dc (gradient flowing into c
     * from the next step), writes the pre-activation gradients i|f|g|o into {@code da} and the
     * gradient of the previous c into {@code dcPrev}.
     */
    void lstmBackward(float[] act, int ao, float[] tc, int tco, float[] cPrev, int cpo, float[] dm, int dmo,
                             float[] dc, int dco, float[] da, int dao, float[] dcPrev, int dcpo, int h, int from) {
        for (int j = from; j < h; j++) {
            float i = act[ao + j], f = act[ao + h + j], g = act[ao + 2 * h + j], o = act[ao + 3 * h + j];
            float t = tc[tco + j];
            float dmv = dm[dmo + j];
            float dct = dc[dco + j] + dmv * o * (1 - t * t);
            da[dao + j] = dct * g * i * (1 - i);
            da[dao + h + j] = dct * cPrev[cpo + j] * f * (1 - f);
            da[dao + 2 * h + j] = dct * i * (1 - g * g);
            da[dao + 3 * h + j] = dmv * t * o * (1 - o);
            dcPrev[dcpo + j] = dct * f;
        }
    }

    /**
     * GRU step for one row: {@code x} holds W_i x + b_i (r|z|n), {@code hw} holds W_h h + b_h (r|z|n).
     * Writes r, z, n into {@code act} (3H), keeps hn = W_hn h + b_hn in {@code hw}'s n block, and the new h.
     */
    void gruForward(float[] x, int xo, float[] hw, int ho, float[] hPrev, int hpo, float[] act, int ao,
                           float[] hOut, int oo, int h, int from) {
        for (int j = from; j < h; j++) {
            float r = sigmoid(x[xo + j] + hw[ho + j]);
            float z = sigmoid(x[xo + h + j] + hw[ho + h + j]);
            float n = tanh(x[xo + 2 * h + j] + r * hw[ho + 2 * h + j]);
            act[ao + j] = r;
            act[ao + h + j] = z;
            act[ao + 2 * h + j] = n;
            hOut[oo + j] = (1 - z) * n + z * hPrev[hpo + j];
        }
    }

    /**
     * GRU backward for one row: writes the gradients of the input pre-activations (r|z|n) into
     * {@code dx}, of the hidden pre-activations (r|z|hn) into {@code dhw}, and the direct part of
     * the previous h's gradient (dh ⊙ z) into {@code dhPrev}.
     */
    void gruBackward(float[] act, int ao, float[] hn, int hno, float[] hPrev, int hpo, float[] dh, int dho,
                            float[] dx, int dxo, float[] dhw, int dhwo, float[] dhPrev, int dhpo, int h, int from) {
        for (int j = from; j < h; j++) {
            float r = act[ao + j], z = act[ao + h + j], n = act[ao + 2 * h + j];
            float d = dh[dho + j];
            float dAn = d * (1 - z) * (1 - n * n);
            float dAz = d * (hPrev[hpo + j] - n) * z * (1 - z);
            float dAr = dAn * hn[hno + j] * r * (1 - r);
            dx[dxo + j] = dAr;
            dx[dxo + h + j] = dAz;
            dx[dxo + 2 * h + j] = dAn;
            dhw[dhwo + j] = dAr;
            dhw[dhwo + h + j] = dAz;
            dhw[dhwo + 2 * h + j] = dAn * r;
            dhPrev[dhpo + j] = d * z;
        }
    }

    /** Elman step: h = act(a) in place. */
    void rnnForward(float[] a, int ao, int h, boolean relu, int from) {
        for (int j = from; j < h; j++) {
            float v = a[ao + j];
            a[ao + j] = relu ? (v > 0 ? v : 0f) : tanh(v);
        }
    }

    /** Elman backward: da = dh ⊙ act'(h). */
    void rnnBackward(float[] hOut, int ho, float[] dh, int dho, float[] da, int dao, int h, boolean relu, int from) {
        for (int j = from; j < h; j++) {
            float y = hOut[ho + j];
            da[dao + j] = dh[dho + j] * (relu ? (y > 0 ? 1f : 0f) : 1 - y * y);
        }
    }

    /**
     * {@code part[j] += a[o + r·stride + j]} for r in [0, rows), j in [from, w): the rows added in order, so
     * every column's float sum is the same whatever the lane width (a bias gradient's column sums).
     */
    void addRows(float[] a, int o, int stride, int rows, float[] part, int w, int from) {
        for (int r = 0; r < rows; r++) {
            int ro = o + r * stride;
            for (int j = from; j < w; j++) part[j] += a[ro + j];
        }
    }
}
