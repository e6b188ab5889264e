package io.sequoia.tensor;

import java.util.Arrays;

/** Plain-Java single precision GEMM: always correct, the twin every fast kernel is tested against. */
final class ScalarGemm {
    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) Arrays.fill(c, ci, ci + n, 0f);
            else if (beta != 1f) for (int j = 0; j < n; j++) c[ci + j] *= beta;
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }
}
