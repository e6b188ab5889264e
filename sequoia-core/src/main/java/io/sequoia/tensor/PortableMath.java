package io.sequoia.tensor;

/**
 * exp, σ and tanh on floats that give the same bits in every JIT tier and every process: written
 * only with operations Java specifies exactly ({@code +}, {@code *}, {@code /}, {@link Math#fma},
 * {@link Math#min}/{@link Math#max}, bit moves), never with {@link Math#exp} or the Vector API's
 * EXP/TANH (the latter run Intel's SVML under C2 and a per-lane {@code Math.exp} before C2 compiles
 * them, which differ in the last bit, so a resumed process could drift from the run it continues).
 * {@link VectorMath} is the Vector API twin: the same operations in the same order, lane by lane, so
 * the two give identical bits (tested over millions of inputs).
 *
 * <p>exp is Cephes' {@code expf}: n = round(x·log₂e) by the 1.5·2²³ rounding trick, r = x − n·ln 2
 * (Cody–Waite, two fused steps), e^r = 1 + r + r²·P(r) with a degree-5 P, and 2ⁿ applied as two
 * exact powers of two (so results in the subnormal range are rounded once). Measured error: at most
 * 1 ulp against the correctly rounded value over [−103, 88.7] ({@code PortableMathTest}).
 */
public final class PortableMath {
    private PortableMath() {}

    static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2²³: adding it rounds a float of magnitude < 2²² to an integer (ties to even). */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    static final float LN2_HI = 0.693145751953125f;          // 0x3f317200: ln 2's upper 16 bits
    static final float LN2_LO = 1.428606765330187e-06f;      // ln 2 − LN2_HI
    /** Arguments are clamped to [LO, HI]: e^LO rounds to 0, e^HI overflows to +∞. */
    static final float LO = -104f, HI = 89f;
    static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    /** Cephes' tanhf polynomial for |x| < 0.625: tanh x = x + x·s·Q(s), s = x². */
    static final float TANH_SMALL = 0.625f;
    static final float Q0 = -5.70498872745e-3f, Q1 = 2.06390887954e-2f, Q2 = -5.37397155531e-2f,
            Q3 = 1.33314422036e-1f, Q4 = -3.33332819422e-1f;
    static final int SIGN = 0x80000000, ABS = 0x7fffffff;

    /** e^x; NaN for NaN, 0 below about −103.97, +∞ above about 88.72. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, LO), HI);
        float t = Math.fma(xc, LOG2E, ROUND);
        int n = Float.floatToRawIntBits(t) - ROUND_BITS;
        float k = t - ROUND;
        float r = Math.fma(k, -LN2_HI, xc);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        int n1 = n >> 1;
        float s1 = Float.intBitsToFloat((n1 + 127) << 23), s2 = Float.intBitsToFloat((n - n1 + 127) << 23);
        return e * s1 * s2;
    }

    /** σ(x) = 1 / (1 + e^{−x}). */
    public static float sigmoid(float x) { return 1f / (exp(-x) + 1f); }

    /** tanh x: Cephes' odd polynomial below |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above, with x's sign. */
    public static float tanh(float x) {
        int bits = Float.floatToRawIntBits(x);
        float a = Float.intBitsToFloat(bits & ABS);
        float y;
        if (a < TANH_SMALL) {
            float s = a * a;
            float q = Math.fma(Q0, s, Q1);
            q = Math.fma(q, s, Q2);
            q = Math.fma(q, s, Q3);
            q = Math.fma(q, s, Q4);
            y = Math.fma(q * s, a, a);
        } else {
            y = 1f - 2f / (exp(a + a) + 1f);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(y) | (bits & SIGN));
    }
}
