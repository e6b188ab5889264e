package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Vector API row kernels against their plain-Java twin, on lengths with and without a tail. */
class FloatKernelsTest {
    private final FloatKernels vec = FloatKernels.get(), ref = FloatKernels.scalar();

    private static float[] random(int n, long seed, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    @Test
    void theVectorKernelsAreInUseWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module && !KernelChoice.scalarForced(), vec.name().startsWith("vector"), vec.name());
    }

    @Test
    void softmaxRowsAgree() {
        for (int cols : new int[]{1, 7, 16, 37, 128, 1000}) {
            int rows = 5;
            float[] a = random(rows * cols, cols, 4), b = a.clone();
            Arrays.fill(a, cols, 2 * cols, Float.NEGATIVE_INFINITY);      // a fully masked row
            Arrays.fill(b, cols, 2 * cols, Float.NEGATIVE_INFINITY);
            if (cols > 3) { a[3 * cols + 2] = Float.NEGATIVE_INFINITY; b[3 * cols + 2] = Float.NEGATIVE_INFINITY; }
            float[] la = new float[rows + 1], lb = new float[rows + 1];
            vec.softmaxRows(a, 0, rows, cols, la, 1);
            ref.softmaxRows(b, 0, rows, cols, lb, 1);
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 2e-7 + 2e-6 * b[i], "cols " + cols + " at " + i);
            for (int r = 0; r < rows; r++) {
                assertEquals(lb[r + 1], la[r + 1], 1e-5, "log-sum-exp of row " + r);
                double sum = 0;
                for (int j = 0; j < cols; j++) sum += a[r * cols + j];
                assertEquals(r == 1 ? 0 : 1, sum, 1e-5, "row " + r + " sums to 1 (0 when fully masked)");
            }
            assertEquals(Float.NEGATIVE_INFINITY, la[2]);
        }
    }

    @Test
    void softmaxBackwardAgrees() {
        for (int cols : new int[]{1, 13, 16, 128, 129}) {
            float[] p = random(3 * cols, cols, 1), g = random(3 * cols, cols + 7, 1);
            ref.softmaxRows(p, 0, 3, cols, null, 0);
            float[] a = g.clone(), b = g.clone();
            vec.softmaxBackwardRows(p, a, 0, 3, cols);
            ref.softmaxBackwardRows(p, b, 0, 3, cols);
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-6, "cols " + cols + " at " + i);
        }
    }

    @Test
    void dropoutAgreesFromAnyStartAndLength() {
        float[] x = random(300, 3, 1);
        for (int first : new int[]{0, 1, 2, 33}) {
            for (int n : new int[]{0, 1, 15, 16, 17, 31, 64, 257}) {
                float[] a = new float[n + 2], b = new float[n + 2];
                vec.dropout(77, first, RandomMask.threshold(0.3), 1 / 0.7f, x, 5, a, 1, n);
                ref.dropout(77, first, RandomMask.threshold(0.3), 1 / 0.7f, x, 5, b, 1, n);
                assertArrayEquals(b, a, "first " + first + ", n " + n);
            }
        }
        float[] in = x.clone();                                          // in place
        vec.dropout(5, 3, RandomMask.threshold(0.5), 2f, in, 0, in, 0, in.length);
        float[] out = new float[x.length];
        ref.dropout(5, 3, RandomMask.threshold(0.5), 2f, x, 0, out, 0, x.length);
        assertArrayEquals(out, in, "in place");
    }

    @Test
    void elementwiseKernelsAgreeIncludingNaNAndSignedZero() {
        for (int n : new int[]{3, 16, 67}) {
            float[] x = random(n, n, 1), g = random(n, n + 1, 1);
            x[0] = Float.NaN;
            x[1] = -0f;
            x[2] = 0f;
            float[] a = new float[n + 4], b = new float[n + 4];
            vec.relu(x, a, 0, n);
            ref.relu(x, b, 0, n);
            assertArrayEquals(b, a, "relu");
            assertTrue(Float.isNaN(a[0]));
            vec.reluBackward(x, g, a, 1, n);
            ref.reluBackward(x, g, b, 1, n);
            assertArrayEquals(b, a, "relu backward");
            vec.mul(x, g, a, 2, n);
            ref.mul(x, g, b, 2, n);
            assertArrayEquals(b, a, "mul");
            assertEquals(ref.max(g, 1, n - 1), vec.max(g, 1, n - 1), "max");
            float[] e1 = g.clone(), e2 = g.clone();
            assertEquals(ref.expShift(e2, 0, n, 0.5f), vec.expShift(e1, 0, n, 0.5f), 1e-5);
            for (int i = 0; i < n; i++) assertEquals(e2[i], e1[i], 1e-6 * e2[i]);
        }
    }
}
