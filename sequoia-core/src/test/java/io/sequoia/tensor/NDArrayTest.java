package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NDArrayTest {
    private static NDArray seq(int... shape) {
        NDArray a = NDArray.empty(DType.FLOAT32, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, i);
        return a;
    }

    @Test
    void reshapeSharesStorageAndInfersMinusOne() {
        NDArray a = seq(2, 3, 4);
        NDArray b = a.reshape(6, -1);
        assertArrayEquals(new int[]{6, 4}, b.shape());
        b.setDouble(5, 100);
        assertEquals(100, a.getDouble(5));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.reshape(5, -1));
        assertTrue(e.getMessage().startsWith("reshape: shape is invalid for the input size; expected a shape with 24 elements, got [5, -1]"), e.getMessage());
    }

    @Test
    void permuteMatchesIndexArithmetic() {
        NDArray a = seq(2, 3, 4);
        NDArray p = Indexing.permute(a, new int[]{2, 0, 1});
        assertArrayEquals(new int[]{4, 2, 3}, p.shape());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) {
            assertEquals(a.get(i, j, k), p.get(k, i, j));
        }
    }

    @Test
    void broadcastingAddFollowsPyTorchRules() {
        NDArray a = seq(2, 1, 3), b = seq(4, 1);
        NDArray c = Elementwise.binary(Elementwise.Binary.ADD, a, b);
        assertArrayEquals(new int[]{2, 4, 3}, c.shape());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 3; k++) {
            assertEquals(a.get(i, 0, k) + b.get(j, 0), c.get(i, j, k));
        }
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Elementwise.binary(Elementwise.Binary.MUL, seq(2, 3), seq(4)));
        assertTrue(e.getMessage().contains("[2, 3] and [4]"), e.getMessage());
    }

    @Test
    void sumOverAnyDimsMatchesLoops() {
        NDArray a = seq(2, 3, 4);
        NDArray s = Reductions.sum(a, new int[]{0, 2}, false);
        assertArrayEquals(new int[]{3}, s.shape());
        for (int j = 0; j < 3; j++) {
            double e = 0;
            for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) e += a.get(i, j, k);
            assertEquals(e, s.get(j));
        }
        assertArrayEquals(new int[]{1, 3, 1}, Reductions.sum(a, new int[]{-1, 0}, true).shape());
        assertEquals(276, Reductions.sum(a, new int[0], false).item());
    }

    @Test
    void softmaxOfFullyMaskedRowIsZeroNotNaN() {
        NDArray a = NDArray.wrap(new float[]{Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 1, 2}, 2, 2);
        NDArray s = Reductions.softmax(a, 1, false);
        assertEquals(0, s.get(0, 0));
        assertEquals(0, s.get(0, 1));
        assertEquals(1 / (1 + Math.E), s.get(1, 0), 1e-7);
    }

    @Test
    void matmulBroadcastsBatchAndReadsTransposes() {
        NDArray a = seq(2, 3, 4), b = seq(4, 5);
        NDArray c = MatMul.matmul(a, b, false, false);
        assertArrayEquals(new int[]{2, 3, 5}, c.shape());
        for (int t = 0; t < 2; t++) for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) {
            double e = 0;
            for (int k = 0; k < 4; k++) e += a.get(t, i, k) * b.get(k, j);
            assertEquals(e, c.get(t, i, j), 1e-3);
        }
        NDArray bt = Indexing.permute(b, new int[]{1, 0});
        NDArray c2 = MatMul.matmul(a, bt, false, true);
        assertArrayEquals(c.toFloatArray(), c2.toFloatArray(), 1e-3f);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> MatMul.matmul(seq(2, 3), seq(4, 5), false, false));
        assertTrue(e.getMessage().startsWith("matmul: inner dimensions must match; expected 3, got 4"), e.getMessage());
    }

    @Test
    void matmulWithUnbatchedRightOperandEqualsOneProductPerBatchRow() {
        java.util.Random r = new java.util.Random(3);
        for (boolean dbl : new boolean[]{false, true}) {
            for (int m : new int[]{1, 3}) {
                float[] av = new float[2 * 3 * m * 40], bv = new float[50 * 40];
                for (int i = 0; i < av.length; i++) av[i] = (float) r.nextGaussian();
                for (int i = 0; i < bv.length; i++) bv[i] = (float) r.nextGaussian();
                NDArray a = NDArray.wrap(av, 2, 3, m, 40), b = NDArray.wrap(bv, 50, 40);   // b read transposed: (40, 50)
                if (dbl) { a = a.to(DType.FLOAT64); b = b.to(DType.FLOAT64); }
                NDArray c = MatMul.matmul(a, b, false, true);
                assertArrayEquals(new int[]{2, 3, m, 50}, c.shape());
                for (int t = 0; t < 2; t++) for (int u = 0; u < 3; u++) for (int i = 0; i < m; i++) for (int j = 0; j < 50; j++) {
                    double e = 0;
                    for (int k = 0; k < 40; k++) e += a.get(t, u, i, k) * b.get(j, k);
                    assertEquals(e, c.get(t, u, i, j), dbl ? 1e-10 : 1e-4, "dbl=" + dbl + " m=" + m);
                }
            }
        }
    }

    @Test
    void gatherAndScatterAddAreAdjoint() {
        NDArray a = seq(3, 4);
        NDArray idx = NDArray.wrap(new float[]{3, 0, 1, 1, 2, 2}, 3, 2);
        NDArray g = Indexing.gather(a, 1, idx);
        assertEquals(3, g.get(0, 0));
        assertEquals(5, g.get(1, 0));
        assertEquals(10, g.get(2, 1));
        NDArray s = Indexing.scatterAdd(new int[]{3, 4}, 1, idx, NDArray.full(DType.FLOAT32, 1, 3, 2));
        assertEquals(2, s.get(1, 1));
        assertEquals(0, s.get(1, 0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Indexing.gather(a, 1, NDArray.wrap(new float[]{4}, 1, 1)));
        assertTrue(e.getMessage().contains("[0, 4)"), e.getMessage());
    }

    @Test
    void concatAndNarrowRoundTrip() {
        NDArray a = seq(2, 3), b = seq(2, 2);
        NDArray c = Indexing.concat(new NDArray[]{a, b}, 1);
        assertArrayEquals(new int[]{2, 5}, c.shape());
        assertArrayEquals(a.toFloatArray(), Indexing.narrow(c, 1, 0, 3).toFloatArray());
        assertArrayEquals(b.toFloatArray(), Indexing.narrow(c, 1, 3, 2).toFloatArray());
        assertThrows(ShapeMismatchException.class, () -> Indexing.concat(new NDArray[]{a, seq(3, 3)}, 1));
    }

    @Test
    void outOfRangeDimNamesTheRange() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Reductions.sum(seq(2, 3), new int[]{2}, false));
        assertTrue(e.getMessage().startsWith("sum: dim out of range; expected a dim in [-2, 1], got 2"), e.getMessage());
    }

    @Test
    void erfMatchesKnownValues() {
        assertEquals(0.8427007929497149, Elementwise.erf(1), 1e-15);
        assertEquals(-0.9953222650189527, Elementwise.erf(-2), 1e-15);
        assertEquals(0.0112834155558496, Elementwise.erf(0.01), 1e-15);
        assertEquals(0.9999999845827421, Elementwise.erf(4), 1e-15);
    }

    @Test
    void fastErfIsWithinFloatPrecisionOfTheSeries() {
        double worst = 0;
        for (double x = -7; x <= 7; x += 1e-3) worst = Math.max(worst, Math.abs(Elementwise.erfFast(x) - Elementwise.erf(x)));
        assertTrue(worst < 1e-7, "max |erfFast - erf| " + worst);
    }

    @Test
    void seededGeneratorRepeats() {
        NDArray a = NDArray.randn(DType.FLOAT32, new Generator(42), 100);
        NDArray b = NDArray.randn(DType.FLOAT32, new Generator(42), 100);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        double mean = Reductions.mean(NDArray.randn(DType.FLOAT64, new Generator(1), 10000), new int[0], false).item();
        assertTrue(Math.abs(mean) < 0.05, "mean " + mean);
    }
}
