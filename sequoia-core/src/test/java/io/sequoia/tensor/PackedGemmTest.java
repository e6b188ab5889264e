package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed-B product (vector kernel, threads) equals its scalar twin and a plain GEMM. */
class PackedGemmTest {
    private final SplittableRandom rnd = new SplittableRandom(5);

    private float[] r(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        return a;
    }

    @Test
    void equalsScalarTwinAndPlainGemm() {
        assertTrue(Gemm.kernelName().startsWith("vector"), "tests run with the Vector API: " + Gemm.kernelName());
        int[][] shapes = {{32, 512, 128}, {8, 32, 7}, {13, 70, 33}, {1, 5, 3}, {64, 128, 512}, {9, 33, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean transB : new boolean[]{false, true}) {
                for (float beta : new float[]{0f, 1f, 0.5f}) {
                    int lda = k + 3, ldc = n + 2, ldb = (transB ? k : n) + 1;
                    float[] a = r(m * lda), b = r((transB ? n : k) * ldb), c0 = r(m * ldc);
                    PackedGemm.PackedB pb = PackedGemm.pack(transB, k, n, b, 0, ldb);
                    float[] fast = c0.clone(), twin = c0.clone(), ref = c0.clone();
                    PackedGemm.multiply(m, a, 0, lda, pb, beta, fast, 0, ldc);
                    PackedGemm.multiplyScalar(m, a, 0, lda, pb, beta, twin, 0, ldc);
                    ScalarGemm.sgemm(false, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, ref, 0, ldc);
                    for (int i = 0; i < m; i++) for (int j = 0; j < ldc; j++) {
                        int o = i * ldc + j;
                        if (j >= n) { assertEquals(c0[o], fast[o], "padding column written"); continue; }
                        float tol = 1e-5f * (k + 1);
                        assertEquals(ref[o], twin[o], tol, "twin " + m + "x" + n + "x" + k + " transB=" + transB + " beta=" + beta);
                        assertEquals(ref[o], fast[o], tol, "vector " + m + "x" + n + "x" + k + " transB=" + transB + " beta=" + beta);
                    }
                }
            }
        }
    }

    /** Two products sharing one packing of A equal two separate products bit for bit (1 and 2 threads, any m). */
    @Test
    void multiplyTwoEqualsTwoProducts() {
        int prev = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                for (int m : new int[]{16, 13, 8, 3, 40}) {
                    int k = 200, n1 = 70, n2 = 33, lda = k + 5;
                    float[] a = r(m * lda), w1 = r(n1 * k), w2 = r(k * n2);
                    PackedGemm.PackedB b1 = PackedGemm.pack(true, k, n1, w1, 0, k), b2 = PackedGemm.pack(false, k, n2, w2, 0, n2);
                    float[] c1 = r(m * n1), c2 = r(m * (n2 + 4));
                    float[] e1 = c1.clone(), e2 = c2.clone();
                    PackedGemm.multiply(m, a, 0, lda, b1, 1f, e1, 0, n1);
                    PackedGemm.multiply(m, a, 0, lda, b2, 0f, e2, 0, n2 + 4);
                    PackedGemm.multiplyTwo(m, a, 0, lda, b1, 1f, c1, 0, n1, b2, 0f, c2, 0, n2 + 4);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(e1, c1, 0f, "first product, m " + m + ", threads " + threads);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(e2, c2, 0f, "second product, m " + m + ", threads " + threads);
                }
            }
        } finally {
            Parallel.setThreads(prev);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackedGemm.pack(false, 4, 5, new float[10], 0, 5));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        PackedGemm.PackedB pb = PackedGemm.pack(false, 2, 3, new float[6], 0, 3);
        e = assertThrows(IllegalArgumentException.class, () -> PackedGemm.multiply(2, new float[4], 0, 1, pb, 0f, new float[6], 0, 3));
        assertTrue(e.getMessage().contains("lda"), e.getMessage());
    }
}
