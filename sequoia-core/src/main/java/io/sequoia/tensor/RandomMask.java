package io.sequoia.tensor;

/**
 * Dropout masks from a counter-based generator: the multiplier of element {@code e} of stream
 * {@code seed} depends only on {@code (seed, e)} — one SplitMix64 finaliser per two elements, 24
 * random bits per element, like the float32 Bernoulli of PyTorch's Philox — so a mask fills in
 * parallel chunks and comes out the same for any thread count, and a backward pass can recompute
 * any part of it without storing it.
 */
public final class RandomMask {
    private RandomMask() {}

    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int PARALLEL_GRAIN = 1 << 15;

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Drop threshold on 24-bit uniforms: element dropped when its 24 bits are below it. */
    static int threshold(double p) {
        if (!(p >= 0 && p <= 1)) throw Errors.arg("RandomMask", "probability must be in [0, 1]", "0 <= p <= 1", p, null);
        return (int) Math.round(p * (1 << 24));
    }

    /** The 24 random bits of element {@code e} of stream {@code seed}. */
    static int bits(long seed, long e) {
        long h = mix(seed + GOLDEN * ((e >>> 1) + 1));
        return (e & 1) == 0 ? (int) (h >>> 40) : (int) (h >>> 8) & 0xFFFFFF;
    }

    /**
     * Writes the multipliers of elements {@code first .. first+n-1} of stream {@code seed} into
     * {@code dst[off .. off+n-1]}: 0 with probability {@code p}, else {@code scale}.
     */
    public static void fill(long seed, long first, double p, float scale, float[] dst, int off, int n) {
        java.util.Arrays.fill(dst, off, off + n, 1f);                // the dropout of ones is the mask
        apply(seed, first, p, scale, dst, off, dst, off, n);
    }

    /**
     * {@code y[yo + i] = x[xo + i] · m(first + i)} for i in [0, n), m the multipliers {@link #fill}
     * writes: dropout in one pass, and its backward by calling it again with the gradient (no mask kept).
     * {@code x} and {@code y} may be the same array.
     */
    public static void apply(long seed, long first, double p, float scale, float[] x, int xo, float[] y, int yo, int n) {
        FloatKernels.get().dropout(seed, first, threshold(p), scale, x, xo, y, yo, n);
    }

    /** {@link #apply(long, long, double, float, float[], int, float[], int, int)} on whole arrays of any dtype, in parallel. */
    public static NDArray apply(long seed, double p, NDArray x) {
        double scale = scale(p);
        int t = threshold(p);
        return inChunks(x, (y, lo, hi) -> {
            if (x.f != null) {
                apply(seed, lo, p, (float) scale, x.f, lo, y.f, lo, hi - lo);
            } else {
                for (int i = lo; i < hi; i++) y.d[i] = bits(seed, i) < t ? 0 : x.d[i] * scale;
            }
        });
    }

    /** The multiplier of a kept element: {@code 1/(1-p)}, 0 when everything is dropped. */
    private static double scale(double p) { return p >= 1 ? 0 : 1 / (1 - p); }

    /** Writes elements {@code [lo, hi)} of {@code out}. */
    private interface Chunk { void write(NDArray out, int lo, int hi); }

    /** A new array shaped like {@code like}, its chunks written in parallel (the same chunks for any thread count). */
    private static NDArray inChunks(NDArray like, Chunk chunk) {
        NDArray out = like.newEmpty(like.shapeRef());
        Parallel.forRange(0, like.numel(), PARALLEL_GRAIN, (lo, hi) -> chunk.write(out, lo, hi));
        return out;
    }

    /**
     * {@code dropout(relu(x))} in one pass into one new array: ReLU as {@link Elementwise} computes it (NaN and
     * −0 pass through), then the multipliers of stream {@code seed} — the same values as the two composed ops.
     */
    public static NDArray reluDropout(long seed, double p, NDArray x) {
        double scale = scale(p);
        int t = threshold(p);
        return inChunks(x, (y, lo, hi) -> {
            if (x.f != null) {
                FloatKernels.get().relu(x.f, y.f, lo, hi);
                apply(seed, lo, p, (float) scale, y.f, lo, y.f, lo, hi - lo);
            } else {
                for (int i = lo; i < hi; i++) {
                    double r = x.d[i] > 0 ? x.d[i] : (Double.isNaN(x.d[i]) ? x.d[i] : 0);
                    y.d[i] = bits(seed, i) < t ? 0 : r * scale;
                }
            }
        });
    }

    /**
     * The gradient through {@link #reluDropout} from its output {@code y}: {@code g·m} where {@code y > 0}, else 0.
     * A kept unit has {@code y > 0} exactly when its input was positive (the scale is ≥ 1), and a dropped one
     * passes no gradient, so the input need not be kept. Against the composed ops it differs only where a
     * dropped unit had a positive input: 0 here, {@code g·0} there (−0, or NaN for an infinite g).
     */
    public static NDArray reluDropoutBackward(long seed, double p, NDArray g, NDArray y) {
        double scale = scale(p);
        int t = threshold(p);
        return inChunks(g, (gx, lo, hi) -> {
            if (g.f != null) {
                apply(seed, lo, p, (float) scale, g.f, lo, gx.f, lo, hi - lo);
                FloatKernels.get().reluBackward(y.f, gx.f, gx.f, lo, hi);
            } else {
                for (int i = lo; i < hi; i++) gx.d[i] = y.d[i] > 0 && bits(seed, i) >= t ? g.d[i] * scale : 0;
            }
        });
    }

    /**
     * {@code x + dropout(y)} (same shapes and dtype) in one pass into one new array: the residual connection
     * of a Transformer block, without the dropout's output array. The same values as the two composed ops.
     */
    public static NDArray addDropout(long seed, double p, NDArray x, NDArray y) {
        double scale = scale(p);
        int t = threshold(p);
        return inChunks(x, (z, lo, hi) -> {
            if (x.f != null) {
                apply(seed, lo, p, (float) scale, y.f, lo, z.f, lo, hi - lo);
                FloatKernels.get().add(x.f, z.f, z.f, lo, hi);
            } else {
                for (int i = lo; i < hi; i++) z.d[i] = x.d[i] + (bits(seed, i) < t ? 0 : y.d[i] * scale);
            }
        });
    }

    /** {@link #fill(long, long, double, float, float[], int, int)} in double precision. */
    public static void fill(long seed, long first, double p, double scale, double[] dst, int off, int n) {
        int t = threshold(p);
        for (int i = 0; i < n; i++) dst[off + i] = bits(seed, first + i) < t ? 0 : scale;
    }

    /**
     * The inverted-dropout multipliers of a whole array of {@code shape}: 0 with probability
     * {@code p}, else {@code 1/(1-p)}; filled in parallel, the same for any thread count.
     */
    public static NDArray keep(DType dtype, int[] shape, long seed, double p) {
        NDArray m = NDArray.empty(dtype, shape);
        double scale = scale(p);
        int n = m.numel();
        Parallel.forRange(0, n, PARALLEL_GRAIN, (lo, hi) -> {
            if (m.f != null) fill(seed, lo, p, (float) scale, m.f, lo, hi - lo);
            else fill(seed, lo, p, scale, m.d, lo, hi - lo);
        });
        return m;
    }
}
