package io.sequoia.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} with the Vector API: exp through {@link VectorMath} (the same bits as the
 * scalar {@link PortableMath} in every JIT tier), masks as blends instead of branches. Loaded reflectively by {@link FloatKernels#get()}.
 */
final class VectorFloatKernels extends FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Long lanes of the same width: each 64-bit hash gives two elements' 24 bits. */
    private static final VectorSpecies<Long> LSP = VectorSpecies.of(long.class, S.vectorShape());
    private static final VectorSpecies<Integer> ISP = VectorSpecies.of(int.class, S.vectorShape());
    /** Int lane 2k of a reinterpreted hash is its low half (odd element), 2k+1 its high half (even element). */
    private static final VectorShuffle<Integer> SWAP_HALVES = VectorShuffle.fromOp(ISP, i -> i ^ 1);
    private static final long[] STEPS = new long[LSP.length()];
    static {
        for (int k = 0; k < STEPS.length; k++) STEPS[k] = RandomMask.GOLDEN * k;
    }

    @Override public String name() { return "vector-" + S.vectorBitSize(); }

    /** The SplitMix64 finaliser on every lane ({@link RandomMask#mix}). */
    private static LongVector mix(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    @Override public void dropout(long seed, long first, int threshold, float scale, float[] x, int xo, float[] y, int yo,
                                  int n) {
        int i = 0;
        if ((first & 1) == 1 && n > 0) {                    // start on an even element: pairs share a hash
            super.dropout(seed, first, threshold, scale, x, xo, y, yo, 1);
            i = 1;
        }
        int step = S.length(), upper = i + (n - i) / step * step;
        LongVector steps = LongVector.fromArray(LSP, STEPS, 0);
        FloatVector scaleV = FloatVector.broadcast(S, scale);
        long z0 = seed + RandomMask.GOLDEN * (((first + i) >>> 1) + 1);
        for (; i < upper; i += step, z0 += RandomMask.GOLDEN * LSP.length()) {
            IntVector bits = ((IntVector) mix(steps.add(z0)).reinterpretAsInts()).rearrange(SWAP_HALVES)
                    .lanewise(VectorOperators.LSHR, 8);
            VectorMask<Float> drop = bits.compare(VectorOperators.LT, threshold).cast(S);
            FloatVector.fromArray(S, x, xo + i).mul(scaleV.blend(0f, drop)).intoArray(y, yo + i);   // NaN·0 stays NaN
        }
        if (i < n) super.dropout(seed, first + i, threshold, scale, x, xo + i, y, yo + i, n - i);
    }

    @Override public float max(float[] a, int off, int n) {
        int upper = S.loopBound(n), j = 0;
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < upper; j += S.length()) m = m.max(FloatVector.fromArray(S, a, off + j));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) r = Math.max(r, a[off + j]);
        return r;
    }

    @Override public void softmaxBackwardRows(float[] p, float[] dp, int off, int rows, int cols) {
        int upper = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int o = off + i * cols, j = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; j < upper; j += S.length()) acc = FloatVector.fromArray(S, p, o + j).fma(FloatVector.fromArray(S, dp, o + j), acc);
            double dot = acc.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) dot += (double) p[o + j] * dp[o + j];
            float dd = (float) dot;
            for (j = 0; j < upper; j += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, p, o + j);
                pv.mul(FloatVector.fromArray(S, dp, o + j).sub(dd)).intoArray(dp, o + j);
            }
            for (; j < cols; j++) dp[o + j] = p[o + j] * (dp[o + j] - dd);
        }
    }

    @Override public double expShift(float[] a, int off, int n, float shift) {
        if (VectorMath.ENABLED) return VectorMath.expShifted(a, off, a, off, n, shift);
        int upper = S.loopBound(n), j = 0;
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        for (int run = 0; j < upper; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, a, off + j).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(a, off + j);
            acc = acc.add(e);
            if (++run == 64) {                                  // keep the float partial sums short
                sum += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                run = 0;
            }
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float e = PortableMath.exp(a[off + j] - shift);
            a[off + j] = e;
            sum += e;
        }
        return sum;
    }

    @Override public void scale(float[] a, int off, int n, float c) {
        int upper = S.loopBound(n), j = 0;
        for (; j < upper; j += S.length()) FloatVector.fromArray(S, a, off + j).mul(c).intoArray(a, off + j);
        for (; j < n; j++) a[off + j] *= c;
    }

    @Override public void relu(float[] x, float[] y, int lo, int hi) {
        int i = lo, upper = lo + S.loopBound(hi - lo);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, i);    // NaN and -0 pass through
        }
        super.relu(x, y, i, hi);
    }

    @Override public void reluBackward(float[] x, float[] g, float[] out, int lo, int hi) {
        int i = lo, upper = lo + S.loopBound(hi - lo);
        for (; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            gv.blend(0f, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f).not()).intoArray(out, i);
        }
        super.reluBackward(x, g, out, i, hi);
    }

    @Override public void add(float[] a, float[] b, float[] out, int lo, int hi) {
        int i = lo, upper = lo + S.loopBound(hi - lo);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        super.add(a, b, out, i, hi);
    }

    @Override public void mul(float[] a, float[] b, float[] out, int lo, int hi) {
        int i = lo, upper = lo + S.loopBound(hi - lo);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        super.mul(a, b, out, i, hi);
    }
}
