package io.sequoia.tensor;

/**
 * Products with a right-hand operand that is reused many times — a recurrent layer's W_hh over
 * every time step — packed once into the kernel's panel layout, so each product only streams the
 * left operand: {@code C (m×n) = A (m×k) · op(B) + beta·C} with A row-major.
 * The Vector API kernel has this plain-Java twin ({@link #multiplyScalar}); a test compares them.
 */
public final class PackedGemm {
    private PackedGemm() {}

    /** op(B) (k×n) in NR-wide column panels: panel jp holds, for p = 0..k-1, NR floats (zero padded). */
    public static final class PackedB {
        final int k, n, nr, panels;
        final float[] data;

        PackedB(int k, int n, int nr, float[] buffer) {
            this.k = k;
            this.n = n;
            this.nr = nr;
            this.panels = (n + nr - 1) / nr;
            this.data = buffer != null ? buffer : new float[panels * nr * k];
        }

        /** The packed floats (a caller's buffer when one was given to {@link #pack}), to reuse once this is no longer used. */
        public float[] buffer() { return data; }

        public int k() { return k; }
        public int n() { return n; }
    }

    /** Floats a packed op(B) of k×n takes: the length {@link #pack(boolean, int, int, float[], int, int, float[])} needs. */
    public static int packedSize(int k, int n) {
        int nr = panelWidth();
        return (n + nr - 1) / nr * nr * k;
    }

    private static int panelWidth() {
        Gemm.Kernel v = Gemm.useVector() ? Gemm.vectorKernel() : null;
        return v != null ? v.panelWidth() : 16;
    }

    /** Packs op(B), where B is stored k×n (or n×k when {@code transB}) with row stride ldb. */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return pack(transB, k, n, b, bOff, ldb, null);
    }

    /**
     * As {@link #pack(boolean, int, int, float[], int, int)}, into {@code buffer} when it is not null: exactly
     * {@link #packedSize}(k, n) floats, any contents (every float is written), so a caller can reuse it.
     */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] buffer) {
        if (k < 0 || n < 0) throw Errors.arg("PackedGemm.pack", "sizes must be non-negative", ">= 0", "k " + k + ", n " + n, null);
        int width = transB ? k : n;
        if (ldb < Math.max(1, width)) throw Errors.arg("PackedGemm.pack", "ldb must cover a stored row", ">= " + width, ldb, null);
        long last = (long) bOff + (long) ((transB ? n : k) - 1) * ldb + width;
        if ((transB ? n : k) > 0 && (bOff < 0 || last > b.length)) {
            throw Errors.arg("PackedGemm.pack", "B array too small for the given sizes", ">= " + last + " elements", b.length, null);
        }
        if (buffer != null && buffer.length != packedSize(k, n)) {
            throw Errors.arg("PackedGemm.pack", "buffer must hold exactly packedSize(k, n) floats", packedSize(k, n), buffer.length, null);
        }
        PackedB pb = new PackedB(k, n, panelWidth(), buffer);
        // panels are independent: large ones are packed on all threads (a recurrent layer packs its
        // weights at every call, and a serial pack left the other threads idle)
        Parallel.forRange(0, pb.panels, (long) k * n < PARALLEL_PACK ? Math.max(1, pb.panels) : 1,
                (jp0, jp1) -> packPanels(transB, k, n, b, bOff, ldb, pb, jp0, jp1));
        return pb;
    }

    /** Packs below this many floats stay on the calling thread. */
    private static final long PARALLEL_PACK = 1L << 15;

    private static void packPanels(boolean transB, int k, int n, float[] b, int bOff, int ldb, PackedB pb, int jp0, int jp1) {
        int nr = pb.nr;
        for (int jp = jp0; jp < jp1; jp++) {
            int j0 = jp * nr, cols = Math.min(nr, n - j0), dst = jp * nr * k;
            for (int p = 0; p < k; p++) {
                int d = dst + p * nr;
                if (!transB) System.arraycopy(b, bOff + p * ldb + j0, pb.data, d, cols);
                else for (int jj = 0; jj < cols; jj++) pb.data[d + jj] = b[bOff + (j0 + jj) * ldb + p];
                if (cols < nr) java.util.Arrays.fill(pb.data, d + cols, d + nr, 0f);   // a reused buffer's padding
            }
        }
    }

    private static void checkSizes(int m, float[] a, int aOff, int lda, PackedB b, float[] c, int cOff, int ldc) {
        if (m < 0) throw Errors.arg("PackedGemm.multiply", "m must be non-negative", ">= 0", m, null);
        if (lda < Math.max(1, b.k) || ldc < Math.max(1, b.n)) {
            throw Errors.arg("PackedGemm.multiply", "row strides must cover a row", "lda >= " + b.k + ", ldc >= " + b.n,
                    "lda " + lda + ", ldc " + ldc, null);
        }
        if (m > 0 && ((long) aOff + (long) (m - 1) * lda + b.k > a.length || (long) cOff + (long) (m - 1) * ldc + b.n > c.length)) {
            throw Errors.arg("PackedGemm.multiply", "A or C array too small for the given sizes", "m " + m + " rows",
                    "A length " + a.length + ", C length " + c.length, null);
        }
    }

    /** C (m×n) = A (m×k) · op(B) + beta·C; A row-major with row stride lda, C with ldc. */
    public static void multiply(int m, float[] a, int aOff, int lda, PackedB b, float beta, float[] c, int cOff, int ldc) {
        checkSizes(m, a, aOff, lda, b, c, cOff, ldc);
        if (m == 0 || b.n == 0) return;
        Gemm.Kernel v = Gemm.useVector() ? Gemm.vectorKernel() : null;
        if (v == null || v.panelWidth() != b.nr || b.k == 0) {
            multiplyScalar(m, a, aOff, lda, b, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * b.n * b.k;
        // A is packed once here, on the calling thread, and only read by the panel workers: reading its
        // rows in place from the kernel ran at 43 against 91 GFLOP/s with AVX2 (six row streams, their
        // bounds checks and address registers in the inner loop), 151 against 175 with AVX-512
        float[] ap = v.packRowPanels(m, a, aOff, lda, b.k);
        if (work >= PARALLEL_WORK && Parallel.threads() > 1 && b.panels > 1) {
            Parallel.forDynamic(0, b.panels, 1, (lo, hi) -> v.packedMultiply(m, ap, b.data, b.k, b.n, lo, hi, beta, c, cOff, ldc));
        } else {
            v.packedMultiply(m, ap, b.data, b.k, b.n, 0, b.panels, beta, c, cOff, ldc);
        }
    }

    /**
     * Two products with the same A: {@code C1 = A · op(B1) + beta1·C1} and {@code C2 = A · op(B2) + beta2·C2},
     * A packed once (B1 and B2 packed with the same k). Each equals its own {@link #multiply} bit for bit.
     */
    public static void multiplyTwo(int m, float[] a, int aOff, int lda, PackedB b1, float beta1, float[] c1, int c1Off, int ldc1,
                                   PackedB b2, float beta2, float[] c2, int c2Off, int ldc2) {
        Gemm.Kernel v = Gemm.useVector() ? Gemm.vectorKernel() : null;
        if (b1.k != b2.k || v == null || v.panelWidth() != b1.nr || v.panelWidth() != b2.nr || b1.k == 0
                || (long) m * (b1.n + b2.n) * b1.k >= PARALLEL_WORK && Parallel.threads() > 1 && !Parallel.insideParallelRegion()) {
            multiply(m, a, aOff, lda, b1, beta1, c1, c1Off, ldc1);   // the checks and the general paths
            multiply(m, a, aOff, lda, b2, beta2, c2, c2Off, ldc2);
            return;
        }
        checkSizes(m, a, aOff, lda, b1, c1, c1Off, ldc1);
        checkSizes(m, a, aOff, lda, b2, c2, c2Off, ldc2);
        if (m == 0) return;
        float[] ap = v.packRowPanels(m, a, aOff, lda, b1.k);
        if (b1.n > 0) v.packedMultiply(m, ap, b1.data, b1.k, b1.n, 0, b1.panels, beta1, c1, c1Off, ldc1);
        if (b2.n > 0) v.packedMultiply(m, ap, b2.data, b2.k, b2.n, 0, b2.panels, beta2, c2, c2Off, ldc2);
    }

    /** Products with more multiply-adds than this split panels over threads. */
    static final long PARALLEL_WORK = Long.getLong("sequoia.gemm.packedParallelWork", 1L << 20);

    /** The plain-Java twin over the same packed layout. */
    static void multiplyScalar(int m, float[] a, int aOff, int lda, PackedB b, float beta, float[] c, int cOff, int ldc) {
        int nr = b.nr, k = b.k;
        float[] acc = new float[nr];
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda, ci = cOff + i * ldc;
            for (int jp = 0; jp < b.panels; jp++) {
                java.util.Arrays.fill(acc, 0f);
                int base = jp * nr * k;
                for (int p = 0; p < k; p++) {
                    float av = a[ai + p];
                    int d = base + p * nr;
                    for (int jj = 0; jj < nr; jj++) acc[jj] += av * b.data[d + jj];
                }
                int j0 = jp * nr, cols = Math.min(nr, b.n - j0);
                for (int jj = 0; jj < cols; jj++) {
                    int o = ci + j0 + jj;
                    c[o] = beta == 0f ? acc[jj] : beta == 1f ? c[o] + acc[jj] : acc[jj] + beta * c[o];
                }
            }
        }
    }
}
