package io.sequoia.tensor;

import java.util.Arrays;

/** Plain-Java single precision GEMM: always correct, the twin every fast kernel is tested against. */
final class ScalarGemm {
    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (transB) {
            // one dot product per element, b's row read contiguously (the axpy form below strode
            // ldb floats per step); the same operations in the same order, so the same bits
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    float s = beta == 0f ? 0f : beta == 1f ? c[ci + j] : c[ci + j] * beta;
                    int bj = bOff + j * ldb;
                    for (int p = 0; p < k; p++) s += alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * b[bj + p];
                    c[ci + j] = s;
                }
            }
            return;
        }
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
