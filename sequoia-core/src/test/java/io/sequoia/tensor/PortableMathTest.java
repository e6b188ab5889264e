package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tier-independent exp/σ/tanh: error against the correctly rounded value, special values, vector = scalar bit for bit. */
class PortableMathTest {
    private static final int STRIDE = 97;                     // every 97th float: ~2.3 million per function

    /** Distance in units in the last place between two finite floats of the same sign (or zeros). */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToRawIntBits(a) - Float.floatToRawIntBits(b));
    }

    /** The largest ulp error of {@code f} against {@code ref} rounded to float, over every STRIDE-th float in [lo, hi]. */
    private static long maxUlps(java.util.function.Function<Float, Float> f, DoubleUnaryOperator ref, float lo, float hi) {
        long worst = 0;
        float worstAt = 0;
        for (int sign = 0; sign < 2; sign++) {
            float limit = sign == 0 ? hi : -lo;
            for (int b = 0; ; b += STRIDE) {
                float m = Float.intBitsToFloat(b);
                if (m > limit) break;
                float x = sign == 0 ? m : -m;
                float want = (float) ref.applyAsDouble(x), got = f.apply(x);
                long u = Math.signum(want) == Math.signum(got) || want == 0 || got == 0 ? ulps(Math.abs(want), Math.abs(got)) : Long.MAX_VALUE;
                if (u > worst) { worst = u; worstAt = x; }
            }
        }
        System.out.println("max ulp error " + worst + " at " + worstAt);
        return worst;
    }

    @Test
    void expIsWithinOneUlpOverItsWholeRange() {
        assertTrue(maxUlps(PortableMath::exp, Math::exp, -103.9f, 88.72f) <= 1, "exp within 1 ulp");
    }

    @Test
    void sigmoidAndTanhAreWithinAFewUlps() {
        assertTrue(maxUlps(PortableMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -88f, 88f) <= 3, "sigmoid within 3 ulp");
        assertTrue(maxUlps(PortableMath::tanh, Math::tanh, -20f, 20f) <= 3, "tanh within 3 ulp");
    }

    @Test
    void specialValues() {
        assertEquals(1f, PortableMath.exp(0f));
        assertEquals(1f, PortableMath.exp(-0f));
        assertEquals(Float.POSITIVE_INFINITY, PortableMath.exp(88.73f));
        assertEquals(Float.POSITIVE_INFINITY, PortableMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, PortableMath.exp(-104f));
        assertEquals(0f, PortableMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.MIN_VALUE, PortableMath.exp(-103.2789f), "the smallest subnormal");
        assertTrue(Float.isNaN(PortableMath.exp(Float.NaN)));
        assertEquals((float) Math.exp(88.7f), PortableMath.exp(88.7f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(PortableMath.tanh(-0f)), "tanh(-0) = -0");
        assertEquals(1f, PortableMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, PortableMath.tanh(-1e30f));
        assertTrue(Float.isNaN(PortableMath.tanh(Float.NaN)));
        assertEquals(0f, PortableMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(1f, PortableMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0.5f, PortableMath.sigmoid(0f));
        assertTrue(Float.isNaN(PortableMath.sigmoid(Float.NaN)));
    }

    /** The same bits, or NaN for NaN (a NaN's sign bit is not specified: x·(−1) and −x may differ there). */
    private static void assertSameBits(float want, float got, String what, float x) {
        if (Float.isNaN(want)) assertTrue(Float.isNaN(got), () -> what + " " + x + " gave " + got);
        else assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), () -> what + " " + x);
    }

    @Test
    void theSoftmaxNumeratorReturnsItsSum() {
        java.util.Random random = new java.util.Random(5);
        for (int len : new int[] {0, 1, 15, 17, 1023, 1025, 5003}) {   // runs of 64 vectors and tails
            float[] x = new float[len], y = new float[len];
            for (int j = 0; j < len; j++) x[j] = (float) (random.nextGaussian() * 4);
            double sum = VectorMath.expShifted(x, 0, y, 0, len, 2f), want = 0;
            for (int j = 0; j < len; j++) want += y[j];
            assertEquals(want, sum, want * 1e-6, "the sum of " + len);
        }
    }

    @Test
    void theVectorPassesGiveTheSameBitsAsTheScalarCode() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 88.72f, -103.97f, 0.625f, -0.625f};
        int count = special.length + (int) (((1L << 31) + 4098) / 4099);
        float[] x = new float[count];
        System.arraycopy(special, 0, x, 0, special.length);
        int n = special.length;
        for (long b = 0; b < (1L << 31); b += 4099, n++) {    // every 4099th bit pattern, alternating signs
            x[n] = Float.intBitsToFloat(n % 2 == 0 ? (int) b : (int) b | 0x80000000);
        }
        assertTrue(n > 500_000, "inputs tried: " + n);
        int lanes = VectorMath.S.length();
        // odd offsets and lengths (tails after the last full vector), the result beside and over its input
        for (int[] cut : new int[][] {{0, n}, {3, n - 3 - 5}, {1, lanes + 1}, {2, lanes - 1}}) {
            int off = cut[0], len = cut[1];
            float[] e = new float[len + 7], s = new float[len + 7], t = new float[len + 7], d = new float[len + 7];
            VectorMath.exp(x, off, e, 7, len);
            VectorMath.sigmoid(x, off, s, 7, len);
            VectorMath.tanh(x, off, t, 7, len);
            VectorMath.expShifted(x, off, d, 7, len, 1.75f);
            float[] inPlace = java.util.Arrays.copyOf(x, x.length);
            VectorMath.tanh(inPlace, off, inPlace, off, len);
            for (int j = 0; j < len; j++) {
                float v = x[off + j];
                assertSameBits(PortableMath.exp(v), e[7 + j], "exp", v);
                assertSameBits(PortableMath.sigmoid(v), s[7 + j], "sigmoid", v);
                assertSameBits(PortableMath.tanh(v), t[7 + j], "tanh", v);
                assertSameBits(PortableMath.tanh(v), inPlace[off + j], "tanh in place", v);
                assertSameBits(PortableMath.exp(v - 1.75f), d[7 + j], "exp(x - 1.75)", v);
            }

        }
    }
}
