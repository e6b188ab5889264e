package io.sequoia.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static io.sequoia.tensor.PortableMath.*;

/**
 * The Vector API twin of {@link PortableMath} on {@code SPECIES_PREFERRED} lanes: every lane goes
 * through the same operations in the same order as the scalar code (fma where it uses fma, the
 * polynomial and the tanh branch blended instead of branched), so lane i equals the scalar result
 * bit for bit in every JIT tier. Loaded only where the JVM has {@code jdk.incubator.vector}.
 */
public final class VectorMath {
    private VectorMath() {}

    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * {@code -Dsequoia.portableMath=true}: the vector kernels use these functions (bit for bit the
     * scalar ones, in every tier: resume across processes is exact). Off by default for now: C2 does
     * not yet keep these vectors in registers in the gate kernels (the LSTM step then allocates and runs
     * 3-5x slower, docs/reliability.md), so the default stays the JDK's EXP/TANH (SVML under C2).
     */
    public static final boolean ENABLED = Boolean.getBoolean("sequoia.portableMath");
    private static final FloatVector V_LOG2E = FloatVector.broadcast(S, LOG2E), V_ROUND = FloatVector.broadcast(S, ROUND),
            V_NLN2_HI = FloatVector.broadcast(S, -LN2_HI), V_NLN2_LO = FloatVector.broadcast(S, -LN2_LO),
            V_P1 = FloatVector.broadcast(S, P1), V_P2 = FloatVector.broadcast(S, P2), V_P3 = FloatVector.broadcast(S, P3),
            V_P4 = FloatVector.broadcast(S, P4), V_P5 = FloatVector.broadcast(S, P5),
            V_Q1 = FloatVector.broadcast(S, Q1), V_Q2 = FloatVector.broadcast(S, Q2), V_Q3 = FloatVector.broadcast(S, Q3),
            V_Q4 = FloatVector.broadcast(S, Q4), ONE = FloatVector.broadcast(S, 1f),
            TWO = FloatVector.broadcast(S, 2f), V_P0 = FloatVector.broadcast(S, P0), V_Q0 = FloatVector.broadcast(S, Q0);

    /*
     * Every method here stays under C2's MaxInlineSize (35 bytes of bytecode), so it is inlined
     * whatever the call site's profile: a vector passed to a method that is not inlined is boxed on
     * the heap (one 217-byte exp was left out of line once C2 had compiled it on its own, and the
     * LSTM step allocated 20x more and ran several times slower).
     */

    /** e^x on every lane ({@link PortableMath#exp}). */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = clamp(x);
        FloatVector t = xc.fma(V_LOG2E, V_ROUND);
        return scale(poly(reduce(t, xc)), t);
    }

    private static FloatVector clamp(FloatVector x) { return x.max(LO).min(HI); }

    /** r = x − k·ln 2 (two fused steps), k = t − 1.5·2²³. */
    private static FloatVector reduce(FloatVector t, FloatVector xc) {
        FloatVector k = t.sub(ROUND);
        return k.fma(V_NLN2_LO, k.fma(V_NLN2_HI, xc));
    }

    /** e^r ≈ 1 + r + r²·P(r). */
    private static FloatVector poly(FloatVector r) {
        return polyHigh(r).fma(r, V_P4).fma(r, V_P5).fma(r.mul(r), r).add(1f);
    }

    private static FloatVector polyHigh(FloatVector r) { return V_P0.fma(r, V_P1).fma(r, V_P2).fma(r, V_P3); }

    /** e·2ⁿ as (e·2^(n>>1))·2^(n − n>>1), n the integer in t's low mantissa bits. */
    private static FloatVector scale(FloatVector e, FloatVector t) {
        IntVector n = exponent(t);
        IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
        return e.mul(pow2(n1)).mul(pow2(n.sub(n1)));
    }

    private static IntVector exponent(FloatVector t) { return ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS); }

    private static FloatVector pow2(IntVector n) {
        return (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** σ(x) = 1 / (1 + e^{−x}) on every lane. */
    public static FloatVector sigmoid(FloatVector x) { return ONE.div(exp(x.neg()).add(1f)); }

    /** σ through the JDK's EXP (SVML under C2; not tier-independent). */
    public static FloatVector jdkSigmoid(FloatVector x) { return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f)); }

    /** tanh on every lane ({@link PortableMath#tanh}): both branches, blended at |x| = 0.625, x's sign put back. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = abs(x);
        return withSign(tanhLarge(a).blend(tanhSmall(a), a.compare(VectorOperators.LT, TANH_SMALL)), x);
    }

    private static FloatVector abs(FloatVector x) {
        return (FloatVector) ((IntVector) x.reinterpretAsInts()).and(ABS).reinterpretAsFloats();
    }

    /** y with the sign bit of x (y is not negative). */
    private static FloatVector withSign(FloatVector y, FloatVector x) {
        return (FloatVector) ((IntVector) y.reinterpretAsInts()).or(((IntVector) x.reinterpretAsInts()).and(SIGN)).reinterpretAsFloats();
    }

    /** a + a·s·Q(s), s = a². */
    private static FloatVector tanhSmall(FloatVector a) {
        FloatVector s = a.mul(a);
        return tanhQ(s).mul(s).fma(a, a);
    }

    private static FloatVector tanhQ(FloatVector s) { return V_Q0.fma(s, V_Q1).fma(s, V_Q2).fma(s, V_Q3).fma(s, V_Q4); }

    /** 1 − 2/(e^{2a} + 1). */
    private static FloatVector tanhLarge(FloatVector a) { return ONE.sub(TWO.div(exp(a.add(a)).add(1f))); }
}
