package io.sequoia.spark;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientRowsTest {
    /** A 40 × 3 gradient with values only in the given rows. */
    static float[] rows(Random r, int... used) {
        float[] g = new float[40 * 3];
        for (int u : used) for (int c = 0; c < 3; c++) g[u * 3 + c] = r.nextFloat() - 0.5f;
        return g;
    }

    @Test void fewRowsShipSparseAndEverySumEqualsTheDenseSum() {
        Random r = new Random(3);
        float[] a = rows(r, 0, 5, 9, 39), b = rows(r, 5, 6, 39), dense = rows(r, java.util.stream.IntStream.range(0, 30).toArray());
        GradientRows ga = GradientRows.of(a, 3), gb = GradientRows.of(b, 3), gd = GradientRows.of(dense, 3);
        assertTrue(ga.sparse() && gb.sparse());
        assertFalse(gd.sparse(), "30 of 40 rows used: dense");
        assertArrayEquals(new int[]{0, 5, 9, 39}, ga.rows());
        assertArrayEquals(a, ga.dense());
        GradientRows ab = ga.plus(gb);
        assertTrue(ab.sparse());
        assertArrayEquals(new int[]{0, 5, 6, 9, 39}, ab.rows());
        float[] want = a.clone();
        for (int i = 0; i < want.length; i++) want[i] += b[i];
        assertArrayEquals(want, ab.dense(), 0f);             // the same float sums, in the same order
        assertArrayEquals(want, gb.plus(ga).dense(), 0f);
        float[] withDense = want.clone();
        for (int i = 0; i < withDense.length; i++) withDense[i] += dense[i];
        assertArrayEquals(withDense, ab.plus(gd).dense(), 0f);
        assertArrayEquals(a, ga.dense(), "plus changed neither side");
        assertArrayEquals(new float[]{1, 2}, GradientRows.of(new float[]{1, 2}, 2).dense(), "a single row stays dense");
    }
}
