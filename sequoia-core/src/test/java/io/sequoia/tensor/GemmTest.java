package io.sequoia.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The vector GEMM kernel against the scalar twin, plus argument checks and the thread pool. */
class GemmTest {
    private static final float[] ALPHAS = {1f, -0.5f, 2.5f};
    private static final float[] BETAS = {0f, 1f, -1.5f};
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** A product problem with padded strides and offsets; C starts as NaN when beta is 0. */
    private static final class Case {
        final boolean ta, tb;
        final int m, n, k, aOff, bOff, cOff, lda, ldb, ldc;
        final float alpha, beta;
        final float[] a, b, c0;

        Case(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
            this.ta = ta; this.tb = tb; this.m = m; this.n = n; this.k = k; this.alpha = alpha; this.beta = beta;
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            lda = aCols + r.nextInt(3); ldb = bCols + r.nextInt(3); ldc = n + r.nextInt(3);
            aOff = r.nextInt(5); bOff = r.nextInt(5); cOff = r.nextInt(5);
            a = random(r, aOff + aRows * lda + 3);
            b = random(r, bOff + bRows * ldb + 3);
            c0 = random(r, cOff + m * ldc + 3);
            if (beta == 0f) {
                for (int i = 0; i < m; i++) Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }

        float[] run(Gemm.Kernel kernel) {
            float[] c = c0.clone();
            if (kernel == null) ScalarGemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            else kernel.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        float[] runPublic() {
            float[] c = c0.clone();
            Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        /** Asserts got matches the scalar result within a bound scaled by |alpha|·Σ|a||b| + |beta·c|. */
        void check(float[] want, float[] got, String label) {
            String where = label + " " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta;
            for (int idx = 0; idx < got.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside) {
                    if (Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(c0[idx])) {
                        fail(where + ": wrote outside C at index " + idx);
                    }
                    continue;
                }
                int i = rel / ldc, j = rel % ldc;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    mag += Math.abs(av * bv);
                }
                mag = Math.abs(alpha) * mag + (beta == 0f ? 0 : Math.abs(beta * c0[idx]));
                double tol = 4 * (k + 2) * Math.ulp(1f) * mag + 1e-30;
                if (Float.isNaN(got[idx]) || Math.abs(got[idx] - want[idx]) > tol) {
                    fail(where + ": C[" + i + "][" + j + "] expected " + want[idx] + " got " + got[idx] + " (tol " + tol + ")");
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }

    private static Gemm.Kernel vector() {
        Gemm.Kernel v = Gemm.vectorKernel();
        assertNotNull(v, "tests run with --add-modules jdk.incubator.vector, so the vector kernel must load");
        return v;
    }

    private static List<int[]> shapes(SplittableRandom r) {
        List<int[]> s = new ArrayList<>(List.of(
                new int[] {1, 1, 1}, new int[] {1, 37, 5}, new int[] {37, 1, 9}, new int[] {5, 7, 1},
                new int[] {8, 32, 16}, new int[] {9, 33, 17}, new int[] {7, 31, 300}, new int[] {16, 64, 257},
                new int[] {3, 100, 520}, new int[] {70, 3, 64}, new int[] {41, 47, 33}));
        for (int t = 0; t < 10; t++) s.add(new int[] {1 + r.nextInt(70), 1 + r.nextInt(70), 1 + r.nextInt(300)});
        return s;
    }

    @Test
    void vectorKernelMatchesScalarOnManyShapesSingleThread() {
        Parallel.setThreads(1);
        SplittableRandom r = new SplittableRandom(1);
        Gemm.Kernel v = vector();
        int combo = 0;
        for (int[] s : shapes(r)) {
            for (int t = 0; t < 4; t++) {
                float alpha = ALPHAS[combo % 3], beta = BETAS[(combo / 3) % 3];
                combo++;
                Case c = new Case(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], alpha, beta);
                float[] want = c.run(null);
                c.check(want, c.run(v), "vector");
                c.check(want, c.runPublic(), "Gemm.sgemm");
            }
        }
    }

    @Test
    void vectorKernelMatchesScalarMultiThreaded() {
        SplittableRandom r = new SplittableRandom(2);
        Gemm.Kernel v = vector();
        // big enough to go parallel; covers the team's row split (r large), its Y-panel split (r small),
        // packed X/Y, several NC blocks (whose Y-panel shares differ: members must not share Y buffers
        // when splitting Y panels), several K blocks, and a team of 3 with uneven shares
        int[][] shapes = {{130, 150, 140, 2}, {300, 40, 300, 2}, {20, 1100, 100, 2}, {260, 270, 40, 2}, {64, 512, 300, 2},
                {33, 257, 290, 2}, {200, 1100, 600, 2}, {40, 2100, 300, 2}, {70, 90, 530, 3}, {17, 700, 300, 3}};
        int combo = 0;
        for (int[] s : shapes) {
            Parallel.setThreads(s[3]);
            for (int t = 0; t < 4; t++) {
                float alpha = ALPHAS[combo % 3], beta = BETAS[(combo / 3) % 3];
                combo++;
                Case c = new Case(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], alpha, beta);
                c.check(c.run(null), c.run(v), "vector(2 threads)");
            }
        }
    }

    @Test
    void transposedTileWriteUnrolledEqualsTheScalarWriteBitForBit() {
        // the 8-row tile written to a transposed P (crs 1) by the unrolled loops, against the element-by-element
        // twin; run directly so machines whose tile is not 8 rows (AVX2) check it too
        SplittableRandom r = new SplittableRandom(7);
        int nr = VectorGemm.NR, ldc = 8 + 13;
        for (float alpha : ALPHAS) {
            for (float beta : new float[] {0f, 1f, -1.5f}) {
                for (int cols : new int[] {nr, nr - 3, 1}) {
                    float[] t = random(r, 8 * nr), c0 = random(r, 5 + cols * ldc + 8);
                    float[] want = c0.clone(), got = c0.clone();
                    VectorGemm.mergeScalar(t, 8, cols, want, 5, 1, ldc, alpha, beta);
                    VectorGemm.mergeTransposed8(t, cols, got, 5, ldc, alpha, beta);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                                "alpha " + alpha + " beta " + beta + " cols " + cols + " index " + i);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndAlphaZeroOnlyScales() {
        SplittableRandom r = new SplittableRandom(3);
        Case c = new Case(r, false, false, 20, 40, 30, 1f, 0f);
        float[] got = c.runPublic();
        for (int i = 0; i < c.m; i++) {
            for (int j = 0; j < c.n; j++) assertFalse(Float.isNaN(got[c.cOff + i * c.ldc + j]), "NaN leaked from C");
        }
        float[] a = {Float.NaN, 1, 2, 3}, b = {1, 2, 3, 4}, cc = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 2f, cc, 0, 2);
        assertTrue(Arrays.equals(new float[] {2, 4, 6, 8}, cc), "alpha 0 must only scale C: " + Arrays.toString(cc));
        float[] c2 = {Float.NaN, 5};
        Gemm.sgemm(false, false, 1, 2, 0, 1f, a, 0, 1, b, 0, 2, 0f, c2, 0, 2);
        assertTrue(Arrays.equals(new float[] {0, 0}, c2), "k 0 with beta 0 must zero C: " + Arrays.toString(c2));
    }

    @Test
    void knownSmallProduct() {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154], B given transposed
        float[] a = {1, 2, 3, 4, 5, 6}, bt = {7, 9, 11, 8, 10, 12}, c = new float[4];
        Gemm.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, bt, 0, 3, 0f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {58, 64, 139, 154}, c), Arrays.toString(c));
        double[] ad = {1, 2, 3, 4, 5, 6}, bd = {7, 8, 9, 10, 11, 12}, cd = new double[4];
        Gemm.dgemm(false, false, 2, 2, 3, 1, ad, 0, 3, bd, 0, 2, 0, cd, 0, 2);
        assertTrue(Arrays.equals(new double[] {58, 64, 139, 154}, cd), Arrays.toString(cd));
    }

    @Test
    void rejectsBadArguments() {
        float[] a = new float[12], b = new float[12], c = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().startsWith("Gemm.sgemm: sizes must not be negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 3, b, 0, 3, 0f, c, 0, 3));
        assertTrue(e.getMessage().contains("lda") && e.getMessage().contains("expected lda >= 4, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(true, false, 3, 3, 4, 1f, a, 1, 3, b, 0, 3, 0f, c, 0, 3));
        assertTrue(e.getMessage().contains("array a too small") && e.getMessage().contains("expected length >= 13, got 12"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, true, 3, 5, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 5));
        assertTrue(e.getMessage().contains("array c too small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, null, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("a must not be null"), e.getMessage());
    }

    /**
     * Every register tile, called directly, equals its lanes' sequence of fused multiply-adds bit for bit, whatever
     * the vector width: {@code kernel} uses only the tile of this machine's width (8 rows with 512-bit vectors, 4
     * with 256-bit ones), so without this an AVX2 machine never runs {@code tile8} or {@code tileRows8}, nor an
     * AVX-512 one {@code tile4}. Each lane computes {@code acc = fma(x, y, acc)} over p in order from 0.
     */
    @Test
    void everyRegisterTileEqualsItsFusedMultiplyAddsBitForBit() {
        SplittableRandom r = new SplittableRandom(11);
        int nr = VectorGemm.NR;
        for (int kc : new int[] {1, 7, 64, 300}) {
            float[] y = random(r, 5 + nr * kc + 3);
            int yo = 5;
            for (int rowsTile : new int[] {8, 4}) {
                float[] x = random(r, 3 + rowsTile * kc + 2);
                int xo = 3;
                float[] tmp = new float[rowsTile * nr];
                if (rowsTile == 8) VectorGemm.tile8(kc, x, xo, y, yo, tmp);
                else VectorGemm.tile4(kc, x, xo, y, yo, tmp);
                for (int i = 0; i < rowsTile; i++) {
                    for (int j = 0; j < nr; j++) {
                        float acc = 0f;
                        for (int p = 0; p < kc; p++) acc = Math.fma(x[xo + p * rowsTile + i], y[yo + p * nr + j], acc);
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(tmp[i * nr + j]),
                                "tile" + rowsTile + " kc=" + kc + " [" + i + "][" + j + "]");
                    }
                }
            }
            // X read in place: rows of length kc at stride xrs; rows past `rows` repeat the last valid one
            for (int rows : new int[] {8, 5, 1}) {
                int xrs = kc + 2, xo = 4;
                float[] x = random(r, xo + rows * xrs + 1);
                float[] tmp = new float[8 * nr];
                VectorGemm.tileRows8(kc, x, xo, xrs, rows, y, yo, tmp);
                for (int i = 0; i < 8; i++) {
                    int src = xo + Math.min(i, rows - 1) * xrs;
                    for (int j = 0; j < nr; j++) {
                        float acc = 0f;
                        for (int p = 0; p < kc; p++) acc = Math.fma(x[src + p], y[yo + p * nr + j], acc);
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(tmp[i * nr + j]),
                                "tileRows8 rows=" + rows + " kc=" + kc + " [" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void registerTileFitsTheVectorWidth() {
        vector();
        // 8 rows with 512-bit vectors, 4 rows (8 accumulators, AVX2's 16 registers) with narrower ones;
        // the narrow-vectors surefire execution runs this class under -XX:UseAVX=2
        assertEquals(VectorGemm.L >= 16 ? 8 : 4, VectorGemm.MR);
        if (Boolean.getBoolean("sequoia.test.narrowVectors")) {
            assertTrue(VectorGemm.L <= 8, "-XX:UseAVX=2 must give at most 256-bit vectors, got " + VectorGemm.L + " lanes");
        }
        assertTrue(Gemm.kernelName().contains(VectorGemm.MR + "x" + VectorGemm.NR), Gemm.kernelName());
    }

    @Test
    void kernelNameTellsTheVectorKernel() {
        assertTrue(Gemm.kernelName().startsWith("vector-") || io.sequoia.tensor.KernelChoice.scalarForced(),
                Gemm.kernelName());
    }

    @Test
    void forRangeCoversEachIndexOnceAndDoesNotNest() {
        Parallel.setThreads(2);
        int[] hits = new int[1000];
        AtomicInteger nestedParallel = new AtomicInteger();
        Parallel.forRange(0, 1000, 1, (lo, hi) -> {
            assertTrue(Parallel.insideParallelRegion());
            String outer = Thread.currentThread().getName();
            Parallel.forRange(lo, hi, 1, (lo2, hi2) -> {
                if (!Thread.currentThread().getName().equals(outer)) nestedParallel.incrementAndGet();
                for (int i = lo2; i < hi2; i++) hits[i]++;
            });
        });
        for (int h : hits) assertEquals(1, h);
        assertEquals(0, nestedParallel.get(), "a nested region must run on the calling thread");
        assertFalse(Parallel.insideParallelRegion());
        RuntimeException boom = assertThrows(RuntimeException.class, () -> Parallel.forRange(0, 10, 1, (lo, hi) -> {
            if (lo > 0) throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        int[] dyn = new int[1001];
        Parallel.forDynamic(0, 1001, 7, (lo, hi) -> {
            for (int i = lo; i < hi; i++) dyn[i]++;
        });
        for (int h : dyn) assertEquals(1, h);
        RuntimeException boom2 = assertThrows(RuntimeException.class, () -> Parallel.forDynamic(0, 100, 3, (lo, hi) -> {
            if (lo == 42) throw new IllegalStateException("boom2");
        }));
        assertEquals("boom2", boom2.getMessage());
    }
}
