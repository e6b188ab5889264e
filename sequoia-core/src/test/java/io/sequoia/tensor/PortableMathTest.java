package io.sequoia.tensor;

import jdk.incubator.vector.FloatVector;
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

    @Test
    void theVectorTwinGivesTheSameBitsOnEveryLane() {
        int lanes = VectorMath.S.length(), n = 0;
        float[] x = new float[lanes], e = new float[lanes], s = new float[lanes], t = new float[lanes];
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 88.72f, -103.97f, 0.625f, -0.625f};
        for (int b = 0; b >= 0; b += 4099, n++) {             // every 4099th bit pattern, both signs, then the specials
            for (int l = 0; l < lanes; l++) {
                int k = n * lanes + l;
                x[l] = k < special.length ? special[k] : Float.intBitsToFloat(l % 2 == 0 ? b + l : (b + l) | 0x80000000);
            }
            FloatVector v = FloatVector.fromArray(VectorMath.S, x, 0);
            VectorMath.exp(v).intoArray(e, 0);
            VectorMath.sigmoid(v).intoArray(s, 0);
            VectorMath.tanh(v).intoArray(t, 0);
            for (int l = 0; l < lanes; l++) {
                assertEquals(Float.floatToRawIntBits(PortableMath.exp(x[l])), Float.floatToRawIntBits(e[l]), () -> "exp " + x[0]);
                assertEquals(Float.floatToRawIntBits(PortableMath.sigmoid(x[l])), Float.floatToRawIntBits(s[l]), () -> "sigmoid " + x[0]);
                assertEquals(Float.floatToRawIntBits(PortableMath.tanh(x[l])), Float.floatToRawIntBits(t[l]), () -> "tanh " + x[0]);
            }
        }
        assertTrue(n > 500_000, "inputs tried: " + n);
    }
}
