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
     * On by default: the vector kernels use these functions (bit for bit the scalar ones, in every JIT
     * tier and every process: a resumed training continues exactly). {@code -Dsequoia.portableMath=false}
     * gives the JDK's EXP/TANH instead (Intel's SVML under C2: a few per cent faster in the LSTM's
     * inference, but the last bit depends on the JIT tier).
     */
    public static final boolean ENABLED = !"false".equals(System.getProperty("sequoia.portableMath"));
    private static final FloatVector V_LOG2E = FloatVector.broadcast(S, LOG2E), V_ROUND = FloatVector.broadcast(S, ROUND),
            V_NLN2_HI = FloatVector.broadcast(S, -LN2_HI), V_NLN2_LO = FloatVector.broadcast(S, -LN2_LO),
            V_P1 = FloatVector.broadcast(S, P1), V_P2 = FloatVector.broadcast(S, P2), V_P3 = FloatVector.broadcast(S, P3),
            V_P4 = FloatVector.broadcast(S, P4), V_P5 = FloatVector.broadcast(S, P5),
            V_Q1 = FloatVector.broadcast(S, Q1), V_Q2 = FloatVector.broadcast(S, Q2), V_Q3 = FloatVector.broadcast(S, Q3),
            V_Q4 = FloatVector.broadcast(S, Q4), ONE = FloatVector.broadcast(S, 1f),
            TWO = FloatVector.broadcast(S, 2f), V_P0 = FloatVector.broadcast(S, P0), V_Q0 = FloatVector.broadcast(S, Q0);

    /*
     * The functions are array passes, not methods on vectors: a vector handed to or returned from a
     * method C2 does not inline is boxed on the heap, and C2 stops inlining ordinary methods once a
     * compilation passes NodeCountInliningCutoff (18,000 parse nodes; each Vector API call expands
     * into dozens), which a gate kernel calling σ and tanh does. All vector code is in two methods,
     * expLoop and finish, written only with Vector API calls (@ForceInline: delayed at most, never
     * refused), each longer than C2's FreqInlineSize, so they are compiled on their own and never
     * inlined into a caller: inlined into the LSTM gate kernel they pushed that compilation past C2's
     * budgets and, in about half of fresh JVMs, the LSTM step allocated 13 MB instead of 1 MB (boxed
     * vectors) and ran 2-3x slower. Called, they cost a call with arrays and ints. (Not one method:
     * all four loops in one were too much for C2, boxed and 60x slower once every loop had run.)
     */

    /** {@code y[yo + j] = e^{x[xo + j]}} for j in [0, n); lane for lane {@link PortableMath#exp}. */
    public static void exp(float[] x, int xo, float[] y, int yo, int n) { expPass(x, xo, y, yo, n, PLAIN, 0f, false, null); }

    /**
     * {@code y[yo + j] = e^{x[xo + j] − shift}}, the softmax numerator; x and y may be the same row.
     * Returns their sum: float vector partial sums over runs of 64 vectors, added in double, then the
     * tail's elements in order.
     */
    public static double expShifted(float[] x, int xo, float[] y, int yo, int n, float shift) {
        return expPass(x, xo, y, yo, n, PLAIN, -shift, true, null);
    }

    /** {@code y[yo + j] = σ(x[xo + j]) = 1 / (1 + e^{−x})}; x and y may be the same row. */
    public static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        expPass(x, xo, y, yo, n, SIGMOID, 0f, false, null);
    }

    /** The argument of {@link #expPass}; the function {@link #finish} completes. */
    private static final int PLAIN = 0, SIGMOID = 1, TANH = 2;

    /** Scratch rows for tanh's e^{2|x|} (x may be overwritten by the result). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[256]);

    /**
     * {@code y[yo + j] = tanh(x[xo + j])} ({@link PortableMath#tanh}: the odd polynomial below
     * |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above, x's sign put back); x and y may be the same row.
     */
    public static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        if (e.length < n) SCRATCH.set(e = new float[Math.max(n, 2 * e.length)]);
        expPass(x, xo, y, yo, n, TANH, 0f, false, e);
    }

    /**
     * {@code y[yo + j] = e^{x + add}} ({@link #PLAIN}), σ(x) = 1 / (e^{−x} + 1) ({@link #SIGMOID}) or
     * tanh x ({@link #TANH}: e^{|x| + |x|} into {@code e[0, n)} first), each computed as the scalar
     * code does (NaN stays NaN, its sign bit aside); with {@code sum}, returns the sum of the results
     * as {@link #expShifted} describes (else 0). Cephes' expf as in {@link PortableMath#exp}, the same
     * operations in the same order: clamp, n = round(u·log₂e), two-step Cody–Waite reduction,
     * degree-5 polynomial, 2ⁿ as two exact powers of two. Every loop is straight-line vector code
     * without a vector chosen by a branch (a φ of vectors is where C2 boxes them): the argument is
     * u = (x with its sign bit kept or cleared)·m + c, each function's own work a loop of its own.
     */
    private static double expPass(float[] x, int xo, float[] y, int yo, int n, int fn, float add, boolean sum, float[] e) {
        int mask = fn == TANH ? ABS : -1;                     // |x| for tanh
        float m = fn == SIGMOID ? -1f : fn == TANH ? 2f : 1f, c = fn == PLAIN ? add : 0f;
        if (fn == TANH) expLoop(x, xo, e, 0, n, mask, m, c);
        else expLoop(x, xo, y, yo, n, mask, m, c);
        return fn == PLAIN && !sum ? 0 : finish(x, xo, y, yo, n, fn, e);
    }

    /** {@code out[oo + j] = e^{u}}, u = (x[xo + j] with its bits and-ed with mask)·m + c. */
    private static void expLoop(float[] x, int xo, float[] out, int oo, int n, int mask, float m, float c) {
        java.util.Objects.checkFromIndexSize(xo, n, x.length);       // the rows, checked once up front
        java.util.Objects.checkFromIndexSize(oo, n, out.length);
        int upper = S.loopBound(n), j = 0;
        for (; j < upper; j += S.length()) {
            IntVector xb = (IntVector) FloatVector.fromArray(S, x, xo + j).reinterpretAsInts();
            FloatVector u = ((FloatVector) xb.and(mask).reinterpretAsFloats()).mul(m).add(c).max(LO).min(HI);
            FloatVector t = u.fma(V_LOG2E, V_ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(V_NLN2_LO, k.fma(V_NLN2_HI, u));
            FloatVector p = V_P0.fma(r, V_P1).fma(r, V_P2).fma(r, V_P3).fma(r, V_P4).fma(r, V_P5);
            FloatVector ev = p.fma(r.mul(r), r).add(1f);
            IntVector nv = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS);
            IntVector n1 = nv.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = (FloatVector) nv.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            ev.mul(s1).mul(s2).intoArray(out, oo + j);
        }
        for (; j < n; j++) out[oo + j] = PortableMath.exp(Float.intBitsToFloat(Float.floatToRawIntBits(x[xo + j]) & mask) * m + c);
    }

    /**
     * The second pass: σ's {@code y = 1 / (y + 1)}, tanh's from x and e = e^{2|x|}, or (PLAIN) the
     * sum of y. All three loops in one method, so that it too is longer than FreqInlineSize; not the
     * exp loop as well: a method with all four loops was too large for C2 (its vectors were boxed,
     * 60x slower, once all of its loops had been reached).
     */
    private static double finish(float[] x, int xo, float[] y, int yo, int n, int fn, float[] e) {
        java.util.Objects.checkFromIndexSize(yo, n, y.length);
        int upper = S.loopBound(n), j;
        if (fn == SIGMOID) {
            for (j = 0; j < upper; j += S.length()) ONE.div(FloatVector.fromArray(S, y, yo + j).add(1f)).intoArray(y, yo + j);
            for (; j < n; j++) y[yo + j] = 1f / (y[yo + j] + 1f);
        } else if (fn == TANH) {
            for (j = 0; j < upper; j += S.length()) {
                IntVector bits = (IntVector) FloatVector.fromArray(S, x, xo + j).reinterpretAsInts();
                FloatVector a = (FloatVector) bits.and(ABS).reinterpretAsFloats();
                FloatVector s = a.mul(a);
                FloatVector q = V_Q0.fma(s, V_Q1).fma(s, V_Q2).fma(s, V_Q3).fma(s, V_Q4);
                FloatVector small = q.mul(s).fma(a, a);
                FloatVector large = ONE.sub(TWO.div(FloatVector.fromArray(S, e, j).add(1f)));
                FloatVector t = large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
                ((IntVector) t.reinterpretAsInts()).or(bits.and(SIGN)).reinterpretAsFloats().intoArray(y, yo + j);
            }
            for (; j < n; j++) y[yo + j] = PortableMath.tanh(x[xo + j]);
        }
        if (fn != PLAIN) return 0;
        FloatVector acc = FloatVector.zero(S);
        double total = 0;
        for (int run = 0, k = 0; k < upper; k += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, y, yo + k));
            if (++run == 64) {                                  // keep the float partial sums short
                total += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                run = 0;
            }
        }
        total += acc.reduceLanes(VectorOperators.ADD);
        for (int k = upper; k < n; k++) total += y[yo + k];
        return total;
    }
}
