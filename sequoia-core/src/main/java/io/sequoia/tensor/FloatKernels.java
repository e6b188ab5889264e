package io.sequoia.tensor;

import java.util.Arrays;

/**
 * Row kernels on float arrays that the JIT does not vectorise by itself (exp, branch-free masks):
 * this class is the plain-Java twin, always correct; {@code VectorFloatKernels} overrides every
 * method with the Vector API and is chosen when this JVM has {@code jdk.incubator.vector} (unless
 * {@code -Dsequoia.kernels=scalar}). A test checks that the two agree.
 */
public class FloatKernels {
    private static final FloatKernels SCALAR = new FloatKernels();
    private static final FloatKernels CHOSEN = choose();

    FloatKernels() {}

    private static FloatKernels choose() {
        if (KernelChoice.scalarForced()) return SCALAR;
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return SCALAR;
        try {
            return (FloatKernels) Class.forName("io.sequoia.tensor.VectorFloatKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return SCALAR;
        }
    }

    /** The kernels in use. */
    public static FloatKernels get() { return CHOSEN; }

    /** The plain-Java kernels (the reference in tests). */
    public static FloatKernels scalar() { return SCALAR; }

    /** "vector" or "scalar". */
    public String name() { return "scalar"; }

    /**
     * Softmax of each of {@code rows} rows of {@code cols} floats at {@code s[off..]}, in place; a row
     * of all −∞ becomes zeros. Writes each row's log-sum-exp to {@code lse[lseOff + row]} (−∞ for
     * such a row) when {@code lse} is not null.
     */
    public void softmaxRows(float[] s, int off, int rows, int cols, float[] lse, int lseOff) {
        for (int i = 0; i < rows; i++) {
            int o = off + i * cols;
            float m = max(s, o, cols);
            if (m == Float.NEGATIVE_INFINITY) {
                Arrays.fill(s, o, o + cols, 0f);
                if (lse != null) lse[lseOff + i] = Float.NEGATIVE_INFINITY;
                continue;
            }
            double sum = expShift(s, o, cols, m);
            scale(s, o, cols, (float) (1 / sum));
            if (lse != null) lse[lseOff + i] = (float) (m + Math.log(sum));
        }
    }

    /**
     * The softmax backward of {@code rows} rows of {@code cols}, in place in {@code dp}:
     * {@code dp = p ⊙ (dp − Σ_j p_j dp_j)} per row, p the probabilities.
     */
    public void softmaxBackwardRows(float[] p, float[] dp, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int o = off + i * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += (double) p[o + j] * dp[o + j];
            float dd = (float) dot;
            for (int j = 0; j < cols; j++) dp[o + j] = p[o + j] * (dp[o + j] - dd);
        }
    }

    /** The largest of {@code a[off .. off+n-1]} (−∞ when n is 0; NaN if any is NaN). */
    public float max(float[] a, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, a[off + j]);
        return m;
    }

    /** {@code a[j] = exp(a[j] − shift)} over {@code n} elements; returns their sum. */
    public double expShift(float[] a, int off, int n, float shift) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = PortableMath.exp(a[off + j] - shift);
            a[off + j] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code a[j] *= c} over {@code n} elements. */
    public void scale(float[] a, int off, int n, float c) {
        for (int j = 0; j < n; j++) a[off + j] *= c;
    }

    /** {@code y[i] = x[i] < 0 ? 0 : x[i]} for i in [lo, hi): NaN and −0 pass through. */
    public void relu(float[] x, float[] y, int lo, int hi) {
        for (int i = lo; i < hi; i++) y[i] = x[i] < 0f ? 0f : x[i];
    }

    /** {@code out[i] = x[i] > 0 ? g[i] : 0} for i in [lo, hi): the gradient through ReLU. */
    public void reluBackward(float[] x, float[] g, float[] out, int lo, int hi) {
        for (int i = lo; i < hi; i++) out[i] = x[i] > 0 ? g[i] : 0f;
    }

    /**
     * Dropout of {@code n} elements: {@code y[yo + i] = x[xo + i] · m(first + i)}, m 0 when element
     * {@code first + i} of stream {@code seed} has 24 random bits below {@code threshold}, else
     * {@code scale} (see {@link RandomMask}). {@code x} and {@code y} may be the same array.
     */
    public void dropout(long seed, long first, int threshold, float scale, float[] x, int xo, float[] y, int yo, int n) {
        int sb = Float.floatToRawIntBits(scale);
        int i = 0;
        long e = first;
        if ((e & 1) == 1 && n > 0) {
            y[yo] = x[xo] * (RandomMask.bits(seed, e) < threshold ? 0f : scale);
            i = 1;
            e++;
        }
        long z = seed + RandomMask.GOLDEN * ((e >>> 1) + 1);
        for (; i + 1 < n; i += 2, z += RandomMask.GOLDEN) {               // branch-free: the bits are random
            long h = RandomMask.mix(z);
            y[yo + i] = x[xo + i] * Float.intBitsToFloat(sb & ~(((int) (h >>> 40) - threshold) >> 31));
            y[yo + i + 1] = x[xo + i + 1] * Float.intBitsToFloat(sb & ~((((int) (h >>> 8) & 0xFFFFFF) - threshold) >> 31));
        }
        if (i < n) y[yo + i] = x[xo + i] * (RandomMask.bits(seed, first + i) < threshold ? 0f : scale);
    }

    /** {@code out[i] = a[i] + b[i]} for i in [lo, hi). */
    public void add(float[] a, float[] b, float[] out, int lo, int hi) {
        for (int i = lo; i < hi; i++) out[i] = a[i] + b[i];
    }

    /** {@code out[i] = a[i] · b[i]} for i in [lo, hi). */
    public void mul(float[] a, float[] b, float[] out, int lo, int hi) {
        for (int i = lo; i < hi; i++) out[i] = a[i] * b[i];
    }
}
