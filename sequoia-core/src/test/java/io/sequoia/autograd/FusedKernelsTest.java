package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Parallel;
import io.sequoia.tensor.RandomMask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused layer norm against its composed twin, and the counter-based dropout masks. */
class FusedKernelsTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(threads); }

    private static Tensor leaf(Tensor t) { return t.requiresGrad(true); }

    /** Output and every gradient of both versions, float32, large enough to run in parallel. */
    private static float[][] layerNorm(boolean fused, Tensor x0, Tensor w0, Tensor b0, Tensor g) {
        Tensor x = leaf(x0.detach()), w = leaf(w0.detach()), b = leaf(b0.detach());
        Tensor y = fused ? Functional.layerNorm(x, new int[]{96}, w, b, 1e-5)
                : Functional.layerNormComposed(x, new int[]{96}, w, b, 1e-5);
        y.mul(g).sum().backward();
        return new float[][]{y.toFloatArray(), x.gradData().toFloatArray(), w.gradData().toFloatArray(), b.gradData().toFloatArray()};
    }

    @Test
    void fusedLayerNormMatchesComposedAndIgnoresThreadCount() {
        Generator.manualSeed(7);
        Tensor x = Tensor.randn(40, 33, 96).mul(3).add(1), w = Tensor.randn(96), b = Tensor.randn(96), g = Tensor.randn(40, 33, 96);
        float[][] composed = layerNorm(false, x, w, b, g);
        Parallel.setThreads(2);
        float[][] two = layerNorm(true, x, w, b, g);
        Parallel.setThreads(1);
        float[][] one = layerNorm(true, x, w, b, g);
        String[] names = {"output", "input grad", "weight grad", "bias grad"};
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(one[k], two[k], names[k] + ": 1 thread = 2 threads bit for bit");
            double tol = k >= 2 ? 2e-3 : 2e-5;                    // weight/bias grads sum 1320 rows
            for (int i = 0; i < one[k].length; i++) {
                assertEquals(composed[k][i], one[k][i], tol * Math.max(1, Math.abs(composed[k][i])), names[k] + " at " + i);
            }
        }
    }

    @Test
    void dropoutMaskHasTheRightRateAndScaleAndRepeatsForAnyThreadCount() {
        int n = 200_003;
        Parallel.setThreads(2);
        NDArray a = RandomMask.keep(DType.FLOAT32, new int[]{n}, 42, 0.3);
        Parallel.setThreads(1);
        NDArray b = RandomMask.keep(DType.FLOAT32, new int[]{n}, 42, 0.3);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        int zeros = 0;
        float scale = (float) (1 / 0.7);
        for (float v : a.toFloatArray()) {
            if (v == 0) zeros++;
            else assertEquals(scale, v);
        }
        double rate = zeros / (double) n;                          // sd of the rate ≈ 0.001
        assertTrue(Math.abs(rate - 0.3) < 0.005, "drop rate " + rate);
        NDArray other = RandomMask.keep(DType.FLOAT32, new int[]{n}, 43, 0.3);
        int same = 0;
        for (int i = 0; i < n; i++) if ((a.getDouble(i) == 0) == (other.getDouble(i) == 0)) same++;
        assertTrue(same < 0.6 * n, "another seed gives another mask: " + same + " of " + n + " agree");
        float[] part = new float[1000];                            // any window, from any start
        RandomMask.fill(42, 12_345, 0.3, scale, part, 0, part.length);
        for (int i = 0; i < part.length; i++) assertEquals(a.getDouble(12_345 + i), part[i], 0.0);
        NDArray d = RandomMask.keep(DType.FLOAT64, new int[]{1000}, 42, 0.3);
        for (int i = 0; i < 1000; i++) assertEquals(a.getDouble(i) == 0, d.getDouble(i) == 0, "float64 mask at " + i);
    }

    @Test
    void applyEqualsMultiplyingByTheFilledMaskFromAnyStart() {
        float[] x = new float[1001], y = new float[1001], m = new float[1001];
        for (int i = 0; i < x.length; i++) x[i] = 1 + i * 0.01f;
        for (int first : new int[]{0, 1, 7}) {
            RandomMask.fill(9, first, 0.25, 4f / 3, m, 0, m.length);
            RandomMask.apply(9, first, 0.25, 4f / 3, x, 0, y, 0, x.length);
            for (int i = 0; i < x.length; i++) assertEquals(x[i] * m[i], y[i], 0f, "first " + first + " at " + i);
        }
    }

    @Test
    void dropoutBackwardUsesTheForwardMaskInBothDtypes() {
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Generator.manualSeed(11);
            Tensor x = Tensor.ones(50_000).to(dt).requiresGrad(true), w = Tensor.randn(50_000).to(dt);
            Tensor y = Functional.dropout(x, 0.4, true, Generator.global());
            y.mul(w).sum().backward();
            NDArray yd = y.data(), g = x.gradData(), wd = w.data();
            int zeros = 0;
            for (int i = 0; i < 50_000; i++) {
                double mult = yd.getDouble(i);                        // x = 1, so y is the multiplier
                assertTrue(mult == 0 || Math.abs(mult - 1 / 0.6) < 1e-6, dt + " multiplier " + mult);
                assertEquals(mult * wd.getDouble(i), g.getDouble(i), 1e-6, dt + " gradient at " + i);
                if (mult == 0) zeros++;
            }
            assertTrue(Math.abs(zeros / 50_000.0 - 0.4) < 0.01, dt + " drop rate " + zeros / 50_000.0);
        }
    }

    @Test
    void neighbouringElementsAreNotCorrelated() {
        NDArray m = RandomMask.keep(DType.FLOAT32, new int[]{100_000}, 5, 0.5);
        int both = 0;
        for (int i = 0; i + 1 < m.numel(); i += 2) if (m.getDouble(i) == 0 && m.getDouble(i + 1) == 0) both++;
        double rate = both / 50_000.0;                             // 0.25 if independent, sd ≈ 0.002
        assertTrue(Math.abs(rate - 0.25) < 0.01, "pairs both dropped " + rate);
    }
}
