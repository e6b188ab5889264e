package io.sequoia.tensor;

import java.util.Arrays;

/**
 * The one entry point for matrix products. Row-major, BLAS-like:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where op(A) is m×k and op(B) is k×n.
 * {@code lda}, {@code ldb}, {@code ldc} are the row strides of A, B, C as stored
 * (A stored k×m when transA, B stored n×k when transB). Transposed forms never materialise a
 * transpose (only cache-sized panels are packed). {@code beta == 0} overwrites C (NaN or
 * garbage in C does not leak); {@code alpha == 0} or {@code k == 0} only scales C by beta.
 * C must not overlap A or B.
 *
 * <p>Kernel: the Vector API kernel ({@code VectorGemm}, threads from {@link Parallel}) when the
 * {@code jdk.incubator.vector} module is in the boot layer, else the plain-Java
 * {@code ScalarGemm}. The system property {@code sequoia.kernels=scalar} ({@link KernelChoice}) forces the scalar kernel.
 * Tiny products (any of m, n, k below {@value #TINY_DIM}, or m·n·k below {@value #TINY_WORK})
 * always take the scalar kernel, which has no set-up cost. {@link #kernelName()} tells which
 * kernel large products use.
 */
public final class Gemm {
    /** Products with a dimension below this go to the scalar kernel. */
    static final int TINY_DIM = 4;
    /** Products with fewer multiply-adds than this go to the scalar kernel. */
    static final long TINY_WORK = 4096;

    private Gemm() {}

    /** A single precision GEMM kernel; arguments are already validated and non-trivial. */
    interface Kernel {
        String name();

        void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc);

        /** Width of the packed B panels the kernel reads ({@link PackedGemm}). */
        int panelWidth();

        /**
         * A (m×k, row stride lda) packed into the kernel's row panels, in a buffer of the calling
         * thread that the next call on this thread overwrites.
         */
        float[] packRowPanels(int m, float[] a, int aOff, int lda, int k);

        /** Panels [jp0, jp1) of C (m×n) = A · B_packed + beta·C, A as {@link #packRowPanels} left it (see {@link PackedGemm}). */
        void packedMultiply(int m, float[] aPanels, float[] packed, int k, int n, int jp0, int jp1,
                            float beta, float[] c, int cOff, int ldc);
    }

    /** Holder: resolves the vector kernel once, without linking it when the module is absent. */
    private static final class Chosen {
        static final Kernel VECTOR = loadVector();
        static final boolean FORCE_SCALAR = KernelChoice.scalarForced();

        private static Kernel loadVector() {
            if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return null;
            try {
                return (Kernel) Class.forName("io.sequoia.tensor.VectorGemm").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return null;
            }
        }
    }

    /** The vector kernel if this JVM has the module (regardless of {@code sequoia.kernels}), else null. */
    static Kernel vectorKernel() {
        return Chosen.VECTOR;
    }

    /** Name of the kernel used for non-tiny products: "scalar" or e.g. "vector-512 (8x32 tile)". */
    public static String kernelName() {
        return useVector() ? Chosen.VECTOR.name() : "scalar";
    }

    static boolean useVector() {
        return Chosen.VECTOR != null && !Chosen.FORCE_SCALAR;
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkSizes("Gemm.sgemm", m, n, k);
        checkOperand("Gemm.sgemm", "a", "lda", a == null ? -1 : a.length, aOff, lda,
                transA ? k : m, transA ? m : k);
        checkOperand("Gemm.sgemm", "b", "ldb", b == null ? -1 : b.length, bOff, ldb,
                transB ? n : k, transB ? k : n);
        checkOperand("Gemm.sgemm", "c", "ldc", c == null ? -1 : c.length, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (useVector() && Math.min(m, Math.min(n, k)) >= TINY_DIM && (long) m * n * k >= TINY_WORK) {
            Chosen.VECTOR.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Double precision reference product, used by gradient checks and float64 tensors. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        checkSizes("Gemm.dgemm", m, n, k);
        checkOperand("Gemm.dgemm", "a", "lda", a == null ? -1 : a.length, aOff, lda,
                transA ? k : m, transA ? m : k);
        checkOperand("Gemm.dgemm", "b", "ldb", b == null ? -1 : b.length, bOff, ldb,
                transB ? n : k, transB ? k : n);
        checkOperand("Gemm.dgemm", "c", "ldc", c == null ? -1 : c.length, cOff, ldc, m, n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) Arrays.fill(c, ci, ci + n, 0.0);
            else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
            if (alpha == 0) continue;
            for (int p = 0; p < k; p++) {
                double av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) Arrays.fill(c, ci, ci + n, 0f);
            else for (int j = 0; j < n; j++) c[ci + j] *= beta;
        }
    }

    private static void checkSizes(String where, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(where + ": sizes must not be negative; expected m, n, k >= 0, got m="
                    + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks a stored rows×cols operand at offset off with row stride ld against its array length. */
    private static void checkOperand(String where, String name, String ldName, int length, int off, int ld,
                                     int rows, int cols) {
        if (rows == 0 || cols == 0) {
            if (off < 0) {
                throw new IllegalArgumentException(where + ": offset of " + name
                        + " must not be negative; expected >= 0, got " + off);
            }
            return;
        }
        if (length < 0) {
            throw new IllegalArgumentException(where + ": " + name + " must not be null; expected a float array of "
                    + rows + "x" + cols + ", got null");
        }
        if (ld < cols) {
            throw new IllegalArgumentException(where + ": " + ldName + " must be at least the stored row width of "
                    + name + " (" + rows + "x" + cols + " as stored); expected " + ldName + " >= " + cols + ", got " + ld);
        }
        if (off < 0) {
            throw new IllegalArgumentException(where + ": offset of " + name + " must not be negative; expected >= 0, got " + off);
        }
        long need = (long) off + (long) (rows - 1) * ld + cols;
        if (need > length) {
            throw new IllegalArgumentException(where + ": array " + name + " too small for " + rows + "x" + cols
                    + " at offset " + off + " with " + ldName + "=" + ld + "; expected length >= " + need + ", got " + length);
        }
    }
}
