package io.sequoia.tensor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Sums over leading dims, narrow (row blocks) and wide (column chunks), against a plain double loop. */
class ReductionsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach void restore() { Parallel.setThreads(savedThreads); }

    private static float[] expected(float[] x, int rows, int inner) {
        double[] t = new double[inner];
        for (int r = 0; r < rows; r++) for (int j = 0; j < inner; j++) t[j] += x[r * inner + j];
        float[] out = new float[inner];
        for (int j = 0; j < inner; j++) out[j] = (float) t[j];
        return out;
    }

    @Test void leadingSumsNarrowAndWideMatchADoubleLoopOnAnyThreadCount() {
        Generator g = new Generator(7);
        int[][] cases = {{1000, 3}, {37, Reductions.WIDE - 1}, {5, Reductions.WIDE}, {300, 1100}, {2, 5000}, {0, 600}};
        for (int[] c : cases) {
            int rows = c[0], inner = c[1];
            NDArray a = NDArray.randn(DType.FLOAT32, g, rows, 2, inner);   // reduce dims 0 and 1: (2·rows, inner)
            float[] want = expected(a.f, rows * 2, inner);
            float[] got1 = null;
            for (int threads : new int[]{1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] got = Reductions.sum(a, new int[]{0, 1}, false).f;
                assertEquals(inner, got.length);
                for (int j = 0; j < inner; j++)
                    assertEquals(want[j], got[j], Math.ulp(want[j]) + 1e-6f, "rows " + rows + " inner " + inner + " col " + j);
                if (got1 == null) got1 = got; else assertArrayEquals(got1, got, "thread count changed the bits");
            }
        }
    }
}
