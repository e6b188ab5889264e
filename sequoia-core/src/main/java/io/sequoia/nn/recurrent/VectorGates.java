package io.sequoia.nn.recurrent;

import io.sequoia.tensor.PortableMath;
import io.sequoia.tensor.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link GateMath}: the same per-row gate arithmetic, {@code SPECIES_PREFERRED}
 * lanes at a time (σ and tanh through {@link VectorMath}, lane for lane the bits of the scalar
 * {@link PortableMath}, in every JIT tier), the remainder by the scalar
 * code. Loaded reflectively, only when the JVM has {@code jdk.incubator.vector}.
 */
final class VectorGates extends GateMath {
    private static final VectorSpecies<Float> S = VectorMath.S;

    @Override String name() { return "vector"; }

    private static FloatVector load(float[] a, int o) { return FloatVector.fromArray(S, a, o); }

    @Override
    void lstmForward(float[] a, int ao, float[] cPrev, int cpo, float[] c, int co, float[] tc, int tco,
                     float[] m, int mo, int h, int from) {
        sigmoidRange(a, ao, from, 2 * h);                      // i|f
        tanhRange(a, ao + 2 * h, a, ao + 2 * h, from, h);      // g
        sigmoidRange(a, ao + 3 * h, from, h);                  // o
        int upper = from + S.loopBound(h - from), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector i = load(a, ao + j), f = load(a, ao + h + j), g = load(a, ao + 2 * h + j);
            f.mul(load(cPrev, cpo + j)).add(i.mul(g)).intoArray(c, co + j);
        }
        for (; j < h; j++) c[co + j] = a[ao + h + j] * cPrev[cpo + j] + a[ao + j] * a[ao + 2 * h + j];
        tanhRange(c, co, tc, tco, from, h);
        for (j = from; j < upper; j += S.length()) load(a, ao + 3 * h + j).mul(load(tc, tco + j)).intoArray(m, mo + j);
        for (; j < h; j++) m[mo + j] = a[ao + 3 * h + j] * tc[tco + j];
    }

    @Override
    void lstmBackward(float[] act, int ao, float[] tc, int tco, float[] cPrev, int cpo, float[] dm, int dmo,
                      float[] dc, int dco, float[] da, int dao, float[] dcPrev, int dcpo, int h, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector i = load(act, ao + j), f = load(act, ao + h + j), g = load(act, ao + 2 * h + j), o = load(act, ao + 3 * h + j);
            FloatVector t = load(tc, tco + j), dmv = load(dm, dmo + j);
            FloatVector dct = load(dc, dco + j).add(dmv.mul(o).mul(t.mul(t).neg().add(1f)));
            dct.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(da, dao + j);
            dct.mul(load(cPrev, cpo + j)).mul(f).mul(f.neg().add(1f)).intoArray(da, dao + h + j);
            dct.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(da, dao + 2 * h + j);
            dmv.mul(t).mul(o).mul(o.neg().add(1f)).intoArray(da, dao + 3 * h + j);
            dct.mul(f).intoArray(dcPrev, dcpo + j);
        }
        if (j < h) super.lstmBackward(act, ao, tc, tco, cPrev, cpo, dm, dmo, dc, dco, da, dao, dcPrev, dcpo, h, j);
    }

    @Override
    void gruForward(float[] x, int xo, float[] hw, int ho, float[] hPrev, int hpo, float[] act, int ao,
                    float[] hOut, int oo, int h, int from) {
        int upper = from + S.loopBound(h - from), j;
        for (int b = 0; b < 2 * h; b += h) {                   // r|z pre-activations
            for (j = from; j < upper; j += S.length()) load(x, xo + b + j).add(load(hw, ho + b + j)).intoArray(act, ao + b + j);
            for (; j < h; j++) act[ao + b + j] = x[xo + b + j] + hw[ho + b + j];
            sigmoidRange(act, ao + b, from, h);
        }
        for (j = from; j < upper; j += S.length())
            load(x, xo + 2 * h + j).add(load(act, ao + j).mul(load(hw, ho + 2 * h + j))).intoArray(act, ao + 2 * h + j);
        for (; j < h; j++) act[ao + 2 * h + j] = x[xo + 2 * h + j] + act[ao + j] * hw[ho + 2 * h + j];
        tanhRange(act, ao + 2 * h, act, ao + 2 * h, from, h);  // n
        for (j = from; j < upper; j += S.length()) {
            FloatVector z = load(act, ao + h + j), n = load(act, ao + 2 * h + j);
            z.neg().add(1f).mul(n).add(z.mul(load(hPrev, hpo + j))).intoArray(hOut, oo + j);
        }
        for (; j < h; j++) {
            float z = act[ao + h + j];
            hOut[oo + j] = (1 - z) * act[ao + 2 * h + j] + z * hPrev[hpo + j];
        }
    }

    @Override
    void gruBackward(float[] act, int ao, float[] hn, int hno, float[] hPrev, int hpo, float[] dh, int dho,
                     float[] dx, int dxo, float[] dhw, int dhwo, float[] dhPrev, int dhpo, int h, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector r = load(act, ao + j), z = load(act, ao + h + j), n = load(act, ao + 2 * h + j), d = load(dh, dho + j);
            FloatVector dAn = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dAz = d.mul(load(hPrev, hpo + j).sub(n)).mul(z).mul(z.neg().add(1f));
            FloatVector dAr = dAn.mul(load(hn, hno + j)).mul(r).mul(r.neg().add(1f));
            dAr.intoArray(dx, dxo + j);
            dAz.intoArray(dx, dxo + h + j);
            dAn.intoArray(dx, dxo + 2 * h + j);
            dAr.intoArray(dhw, dhwo + j);
            dAz.intoArray(dhw, dhwo + h + j);
            dAn.mul(r).intoArray(dhw, dhwo + 2 * h + j);
            d.mul(z).intoArray(dhPrev, dhpo + j);
        }
        if (j < h) super.gruBackward(act, ao, hn, hno, hPrev, hpo, dh, dho, dx, dxo, dhw, dhwo, dhPrev, dhpo, h, j);
    }

    @Override
    void rnnForward(float[] a, int ao, int h, boolean relu, int from) {
        if (!relu) {
            tanhRange(a, ao, a, ao, from, h);
            return;
        }
        int upper = from + S.loopBound(h - from), j = from;
        for (; j < upper; j += S.length()) load(a, ao + j).max(0f).intoArray(a, ao + j);
        if (j < h) super.rnnForward(a, ao, h, relu, j);
    }

    @Override
    void rnnBackward(float[] hOut, int ho, float[] dh, int dho, float[] da, int dao, int h, boolean relu, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector y = load(hOut, ho + j), d = load(dh, dho + j);
            FloatVector der = relu ? FloatVector.zero(S).blend(1f, y.compare(VectorOperators.GT, 0f)) : y.mul(y).neg().add(1f);
            d.mul(der).intoArray(da, dao + j);
        }
        if (j < h) super.rnnBackward(hOut, ho, dh, dho, da, dao, h, relu, j);
    }

    /*
     * σ and tanh run as passes of their own over a gate block, not inside the loops above: C2 then
     * inlines each one's vector code whole (five of them in one loop body passed C2's node-count
     * cutoff, left VectorMath calls out of line and boxed every vector, 8x slower).
     */

    /** {@code a[o + j] = σ(a[o + j])} for j in [from, to). */
    private static void sigmoidRange(float[] a, int o, int from, int to) {
        int upper = from + S.loopBound(to - from), j = from;
        if (VectorMath.ENABLED) for (; j < upper; j += S.length()) VectorMath.sigmoid(load(a, o + j)).intoArray(a, o + j);
        else for (; j < upper; j += S.length()) VectorMath.jdkSigmoid(load(a, o + j)).intoArray(a, o + j);
        for (; j < to; j++) a[o + j] = PortableMath.sigmoid(a[o + j]);
    }

    /** {@code y[yo + j] = tanh(x[xo + j])} for j in [from, to). */
    private static void tanhRange(float[] x, int xo, float[] y, int yo, int from, int to) {
        int upper = from + S.loopBound(to - from), j = from;
        if (VectorMath.ENABLED) for (; j < upper; j += S.length()) VectorMath.tanh(load(x, xo + j)).intoArray(y, yo + j);
        else for (; j < upper; j += S.length()) load(x, xo + j).lanewise(VectorOperators.TANH).intoArray(y, yo + j);
        for (; j < to; j++) y[yo + j] = PortableMath.tanh(x[xo + j]);
    }
}
