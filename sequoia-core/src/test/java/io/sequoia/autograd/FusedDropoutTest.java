package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused ReLU + dropout and dropout + residual add against their composed twins, and their gradients. */
class FusedDropoutTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(threads); }

    /** Output, input gradient(s) of relu→dropout, fused or composed, with the global generator seeded first. */
    private static float[][] reluDropout(boolean fused, Tensor x0, Tensor g, double p) {
        Tensor x = x0.detach().requiresGrad(true);
        Generator.manualSeed(5);
        Tensor y = fused ? Functional.reluDropout(x, p, true, Generator.global())
                : Functional.dropout(x.relu(), p, true, Generator.global());
        float after = (float) (Generator.global().nextLong() >>> 40);     // the stream after the op (24 bits, exact)
        y.mul(g).sum().backward();
        return new float[][]{y.toFloatArray(), x.gradData().toFloatArray(), {after}};
    }

    @Test
    void reluDropoutEqualsTheComposedOpsForAnyThreadCount() {
        Generator.manualSeed(1);
        // 3 × 40,001 elements: several parallel chunks, odd lengths; a few exact zeros (ReLU's kink)
        Tensor x = Tensor.randn(3, 40_001), g = Tensor.randn(3, 40_001);
        float[] xs = x.toFloatArray();
        for (int i = 0; i < xs.length; i += 997) xs[i] = (i & 1) == 0 ? 0f : -0f;
        x = Tensor.of(xs, 3, 40_001);
        for (double p : new double[]{0.1, 0.5}) {
            float[][] composed = reluDropout(false, x, g, p);
            Parallel.setThreads(2);
            float[][] two = reluDropout(true, x, g, p);
            Parallel.setThreads(1);
            float[][] one = reluDropout(true, x, g, p);
            assertArrayEquals(composed[0], one[0], "output bit for bit, p " + p);
            assertArrayEquals(one[0], two[0], "output: 1 thread = 2 threads");
            assertArrayEquals(one[1], two[1], "gradient: 1 thread = 2 threads");
            assertArrayEquals(composed[2], one[2], "the generator's stream after the op");
            int kept = 0;
            for (int i = 0; i < xs.length; i++) {
                // equal as numbers: the composed backward gives g·0 = -0 where a dropped unit had a positive input
                assertEquals(composed[1][i], one[1][i], 0f, "gradient at " + i + ", p " + p);
                if (one[1][i] != 0) kept++;
            }
            double rate = kept / (double) xs.length;                  // ≈ P(x > 0)·(1 − p)
            assertTrue(Math.abs(rate - 0.5 * (1 - p)) < 0.01, "units passing gradient: " + rate);
        }
    }

    @Test
    void addDropoutEqualsTheComposedOpsBitForBit() {
        Generator.manualSeed(2);
        Tensor x0 = Tensor.randn(5, 7, 3001), y0 = Tensor.randn(5, 7, 3001), g = Tensor.randn(5, 7, 3001);
        float[][][] r = new float[2][][];
        for (int k = 0; k < 2; k++) {
            Tensor x = x0.detach().requiresGrad(true), y = y0.detach().requiresGrad(true);
            Generator.manualSeed(9);
            Tensor z = k == 0 ? x.add(Functional.dropout(y, 0.2, true, Generator.global()))
                    : Functional.addDropout(x, y, 0.2, true, Generator.global());
            float next = Generator.global().nextLong();
            z.mul(g).sum().backward();
            r[k] = new float[][]{z.toFloatArray(), x.gradData().toFloatArray(), y.gradData().toFloatArray(), {next}};
        }
        String[] names = {"output", "gradient of x", "gradient of y", "generator after"};
        for (int i = 0; i < 4; i++) assertArrayEquals(r[0][i], r[1][i], names[i]);
    }

    @Test
    void evalModeAndTheEdgeProbabilitiesTakeTheComposedPath() {
        Generator.manualSeed(3);
        Tensor x = Tensor.randn(4, 9), y = Tensor.randn(4, 9);
        assertArrayEquals(x.relu().toFloatArray(), Functional.reluDropout(x, 0.5, false, Generator.global()).toFloatArray());
        assertArrayEquals(x.add(y).toFloatArray(), Functional.addDropout(x, y, 0.5, false, Generator.global()).toFloatArray());
        for (float v : Functional.reluDropout(x, 1.0, true, Generator.global()).toFloatArray()) assertEquals(0f, v, 0f);
        assertArrayEquals(x.toFloatArray(), Functional.addDropout(x, y, 1.0, true, Generator.global()).toFloatArray());
        Tensor row = Tensor.randn(9);                                 // broadcasting: the composed ops
        Generator.manualSeed(4);
        float[] composed = x.add(Functional.dropout(row, 0.3, true, Generator.global())).toFloatArray();
        Generator.manualSeed(4);
        assertArrayEquals(composed, Functional.addDropout(x, row, 0.3, true, Generator.global()).toFloatArray());
    }

    /** Inputs kept away from ReLU's kink (|x| ≥ 0.2) so central differences are exact there. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = GradCheck.randn(seed, shape);
        double[] d = t.data().doubleData();
        for (int i = 0; i < d.length; i++) d[i] += d[i] >= 0 ? 0.2 : -0.2;
        return t;
    }

    @Test
    void gradientsAgreeWithFiniteDifferencesInFloat64() {
        Tensor x = awayFromZero(11, 6, 37);
        assertEquals(DType.FLOAT64, x.dtype());
        GradCheck.check("relu_dropout", in -> {
            Generator.manualSeed(21);                                 // the same mask at every evaluation
            return Functional.reluDropout(in[0], 0.3, true, Generator.global());
        }, x);
        Tensor a = GradCheck.randn(12, 6, 37), b = GradCheck.randn(13, 6, 37);
        GradCheck.check("add_dropout", in -> {
            Generator.manualSeed(22);
            return Functional.addDropout(in[0], in[1], 0.3, true, Generator.global());
        }, a, b);
    }
}
