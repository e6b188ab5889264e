package io.sequoia.timeseries.classical;

import io.sequoia.tensor.KernelChoice;

/**
 * The inner loop of {@link Ets}'s profile of the initial states: one weighted design row added to the lower triangle of
 * the normal equations, {@code A[i][j] += (w·d_i)·d_j} for {@code j ≤ i}. This class is the plain-Java twin;
 * {@code VectorNormalEquations} does the same products and sums, lane by lane, with the Vector API (a multiply then an
 * add, never a fused multiply-add, so every entry is bit-identical to this one's) and is chosen when this JVM has
 * {@code jdk.incubator.vector} (unless {@code -Dsequoia.kernels=scalar}). Rows are stored {@link #stride} apart; entries
 * right of the diagonal are scratch. A test checks that the two agree to the last bit.
 */
class NormalEquations {
    private static final NormalEquations SCALAR = new NormalEquations();
    private static final NormalEquations CHOSEN = choose();

    NormalEquations() {}

    private static NormalEquations choose() {
        if (KernelChoice.scalarForced()) return SCALAR;
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return SCALAR;
        try {
            return (NormalEquations) Class.forName("io.sequoia.timeseries.classical.VectorNormalEquations").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return SCALAR;
        }
    }

    /** The kernel in use. */
    static NormalEquations get() { return CHOSEN; }

    /** The plain-Java kernel (the reference in tests). */
    static NormalEquations scalar() { return SCALAR; }

    /** "vector" or "scalar". */
    String name() { return "scalar"; }

    /** The distance between rows of {@code a} for {@code free} unknowns; {@code d} must have at least this many entries. */
    int stride(int free) { return free; }

    /** {@code a[i·stride + j] += (w·d[i])·d[j]} for {@code 0 ≤ j ≤ i < free}. */
    void addRow(double[] a, int stride, double[] d, int free, double w) {
        for (int i = 0, base = 0; i < free; i++, base += stride) {
            double di = w * d[i];
            for (int j = 0; j <= i; j++) a[base + j] += di * d[j];
        }
    }
}
