package io.sequoia.tensor;

/**
 * The one entry point for matrix products. Row-major, BLAS-like:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where op(A) is m×k and op(B) is k×n.
 * {@code lda}, {@code ldb}, {@code ldc} are the row strides of A, B, C as stored
 * (A stored k×m when transA). Transposed forms never materialise a transpose.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Double precision reference product, used by gradient checks and float64 tensors. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
            for (int p = 0; p < k; p++) {
                double av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (av == 0) continue;
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
