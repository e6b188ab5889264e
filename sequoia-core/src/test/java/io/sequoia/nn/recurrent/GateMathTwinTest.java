package io.sequoia.nn.recurrent;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Vector API gate kernels equal their scalar twin, for widths that are and are not multiples of the lane count. */
class GateMathTwinTest {
    private final GateMath scalar = new GateMath(), vector = GateMath.KERNELS;
    private final SplittableRandom rnd = new SplittableRandom(11);

    private float[] r(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-3, 3);
        return a;
    }

    private static void same(float[] a, float[] b, String what) { assertArrayEquals(a, b, 2e-6f, what); }

    @Test
    void vectorKernelsAreLoadedOnThisJvm() {
        assertEquals("vector", vector.name(), "the tests run with --add-modules jdk.incubator.vector");
    }

    /** Column sums of rows: the vector kernel equals the scalar one bit for bit (rows added in the same order per column). */
    @Test
    void addRowsEqualsItsScalarTwinBitForBit() {
        for (int w : new int[]{1, 7, 16, 37, 130}) {
            for (int from : new int[]{0, Math.min(3, w - 1)}) {
                int stride = w + 5, rows = 23, o = 2;
                float[] a = r(o + rows * stride), p1 = r(w), p2 = p1.clone(), before = p1.clone();
                scalar.addRows(a, o, stride, rows, p1, w, from);
                vector.addRows(a, o, stride, rows, p2, w, from);
                assertArrayEquals(p1, p2, 0f, "addRows w=" + w + " from=" + from);
                for (int j = 0; j < from; j++) assertEquals(before[j], p2[j], 0f, "column before from changed");
                float sum = before[w - 1];
                for (int r = 0; r < rows; r++) sum += a[o + r * stride + w - 1];
                assertEquals(sum, p2[w - 1], 0f, "last column, w=" + w);
            }
        }
    }

    @Test
    void everyKernelMatchesItsScalarTwin() {
        for (int h : new int[]{1, 5, 16, 37, 64, 130}) {
            int off = 3;
            // LSTM forward
            float[] a = r(off + 4 * h), a2 = a.clone(), cp = r(off + h);
            float[][] o1 = {new float[off + h], new float[off + h], new float[off + h]}, o2 = {new float[off + h], new float[off + h], new float[off + h]};
            scalar.lstmForward(a, off, cp, off, o1[0], off, o1[1], off, o1[2], off, h, 0);
            vector.lstmForward(a2, off, cp, off, o2[0], off, o2[1], off, o2[2], off, h, 0);
            same(a, a2, "lstm act h=" + h);
            for (int k = 0; k < 3; k++) same(o1[k], o2[k], "lstm out " + k + " h=" + h);
            // LSTM backward
            float[] tc = r(h), dm = r(h), dc = r(h), da1 = new float[4 * h], da2 = new float[4 * h], dcp1 = new float[h], dcp2 = new float[h];
            scalar.lstmBackward(a, off, tc, 0, cp, off, dm, 0, dc, 0, da1, 0, dcp1, 0, h, 0);
            vector.lstmBackward(a, off, tc, 0, cp, off, dm, 0, dc, 0, da2, 0, dcp2, 0, h, 0);
            same(da1, da2, "lstm da h=" + h);
            same(dcp1, dcp2, "lstm dc h=" + h);
            // GRU forward and backward
            float[] x = r(3 * h), hw = r(3 * h), hp = r(h), act1 = new float[3 * h], act2 = new float[3 * h], ho1 = new float[h], ho2 = new float[h];
            scalar.gruForward(x, 0, hw, 0, hp, 0, act1, 0, ho1, 0, h, 0);
            vector.gruForward(x, 0, hw, 0, hp, 0, act2, 0, ho2, 0, h, 0);
            same(act1, act2, "gru act h=" + h);
            same(ho1, ho2, "gru h h=" + h);
            float[] dh = r(h), dx1 = new float[3 * h], dx2 = new float[3 * h], dw1 = new float[3 * h], dw2 = new float[3 * h], dp1 = new float[h], dp2 = new float[h];
            scalar.gruBackward(act1, 0, hp, 0, hp, 0, dh, 0, dx1, 0, dw1, 0, dp1, 0, h, 0);
            vector.gruBackward(act1, 0, hp, 0, hp, 0, dh, 0, dx2, 0, dw2, 0, dp2, 0, h, 0);
            same(dx1, dx2, "gru dx h=" + h);
            same(dw1, dw2, "gru dhw h=" + h);
            same(dp1, dp2, "gru dh h=" + h);
            // Elman, tanh and relu
            for (boolean relu : new boolean[]{false, true}) {
                float[] e1 = r(h), e2 = e1.clone();
                scalar.rnnForward(e1, 0, h, relu, 0);
                vector.rnnForward(e2, 0, h, relu, 0);
                same(e1, e2, "rnn h=" + h + " relu=" + relu);
                float[] d1 = new float[h], d2 = new float[h];
                scalar.rnnBackward(e1, 0, dh, 0, d1, 0, h, relu, 0);
                vector.rnnBackward(e1, 0, dh, 0, d2, 0, h, relu, 0);
                same(d1, d2, "rnn d h=" + h + " relu=" + relu);
            }
        }
    }
}
