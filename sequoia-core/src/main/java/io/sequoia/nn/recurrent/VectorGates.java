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

    @Override
    void lstmForward(float[] a, int ao, float[] cPrev, int cpo, float[] c, int co, float[] tc, int tco,
                     float[] m, int mo, int h, int from) {
        sigmoidRange(a, ao, from, 2 * h);                      // i|f
        tanhRange(a, ao + 2 * h, a, ao + 2 * h, from, h);      // g
        sigmoidRange(a, ao + 3 * h, from, h);                  // o
        int upper = from + S.loopBound(h - from), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, a, ao + j), f = FloatVector.fromArray(S, a, ao + h + j), g = FloatVector.fromArray(S, a, ao + 2 * h + j);
            f.mul(FloatVector.fromArray(S, cPrev, cpo + j)).add(i.mul(g)).intoArray(c, co + j);
        }
        for (; j < h; j++) c[co + j] = a[ao + h + j] * cPrev[cpo + j] + a[ao + j] * a[ao + 2 * h + j];
        tanhRange(c, co, tc, tco, from, h);
        for (j = from; j < upper; j += S.length()) FloatVector.fromArray(S, a, ao + 3 * h + j).mul(FloatVector.fromArray(S, tc, tco + j)).intoArray(m, mo + j);
        for (; j < h; j++) m[mo + j] = a[ao + 3 * h + j] * tc[tco + j];
    }

    @Override
    void lstmBackward(float[] act, int ao, float[] tc, int tco, float[] cPrev, int cpo, float[] dm, int dmo,
                      float[] dc, int dco, float[] da, int dao, float[] dcPrev, int dcpo, int h, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, act, ao + j), f = FloatVector.fromArray(S, act, ao + h + j), g = FloatVector.fromArray(S, act, ao + 2 * h + j), o = FloatVector.fromArray(S, act, ao + 3 * h + j);
            FloatVector t = FloatVector.fromArray(S, tc, tco + j), dmv = FloatVector.fromArray(S, dm, dmo + j);
            FloatVector dct = FloatVector.fromArray(S, dc, dco + j).add(dmv.mul(o).mul(t.mul(t).neg().add(1f)));
            dct.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(da, dao + j);
            dct.mul(FloatVector.fromArray(S, cPrev, cpo + j)).mul(f).mul(f.neg().add(1f)).intoArray(da, dao + h + j);
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
            for (j = from; j < upper; j += S.length()) FloatVector.fromArray(S, x, xo + b + j).add(FloatVector.fromArray(S, hw, ho + b + j)).intoArray(act, ao + b + j);
            for (; j < h; j++) act[ao + b + j] = x[xo + b + j] + hw[ho + b + j];
            sigmoidRange(act, ao + b, from, h);
        }
        for (j = from; j < upper; j += S.length())
            FloatVector.fromArray(S, x, xo + 2 * h + j).add(FloatVector.fromArray(S, act, ao + j).mul(FloatVector.fromArray(S, hw, ho + 2 * h + j))).intoArray(act, ao + 2 * h + j);
        for (; j < h; j++) act[ao + 2 * h + j] = x[xo + 2 * h + j] + act[ao + j] * hw[ho + 2 * h + j];
        tanhRange(act, ao + 2 * h, act, ao + 2 * h, from, h);  // n
        for (j = from; j < upper; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, act, ao + h + j), n = FloatVector.fromArray(S, act, ao + 2 * h + j);
            z.neg().add(1f).mul(n).add(z.mul(FloatVector.fromArray(S, hPrev, hpo + j))).intoArray(hOut, oo + j);
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
            FloatVector r = FloatVector.fromArray(S, act, ao + j), z = FloatVector.fromArray(S, act, ao + h + j), n = FloatVector.fromArray(S, act, ao + 2 * h + j), d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dAn = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dAz = d.mul(FloatVector.fromArray(S, hPrev, hpo + j).sub(n)).mul(z).mul(z.neg().add(1f));
            FloatVector dAr = dAn.mul(FloatVector.fromArray(S, hn, hno + j)).mul(r).mul(r.neg().add(1f));
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
        for (; j < upper; j += S.length()) FloatVector.fromArray(S, a, ao + j).max(0f).intoArray(a, ao + j);
        if (j < h) super.rnnForward(a, ao, h, relu, j);
    }

    @Override
    void rnnBackward(float[] hOut, int ho, float[] dh, int dho, float[] da, int dao, int h, boolean relu, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector y = FloatVector.fromArray(S, hOut, ho + j), d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector der = relu ? FloatVector.zero(S).blend(1f, y.compare(VectorOperators.GT, 0f)) : y.mul(y).neg().add(1f);
            d.mul(der).intoArray(da, dao + j);
        }
        if (j < h) super.rnnBackward(hOut, ho, dh, dho, da, dao, h, relu, j);
    }

    @Override
    void addRows(float[] a, int o, int stride, int rows, float[] part, int w, int from) {
        int upper = from + S.loopBound(w - from), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, part, j);
            for (int r = 0, ro = o + j; r < rows; r++, ro += stride) acc = acc.add(FloatVector.fromArray(S, a, ro));
            acc.intoArray(part, j);
        }
        if (j < w) super.addRows(a, o, stride, rows, part, w, j);
    }

    /*
     * σ and tanh run as passes of their own over a gate block, not inside the loops above: the
     * portable ones are VectorMath's array passes (see there why they take arrays, not vectors).
     */

    /** {@code a[o + j] = σ(a[o + j])} for j in [from, to). */
    private static void sigmoidRange(float[] a, int o, int from, int to) {
        if (VectorMath.ENABLED) {
            VectorMath.sigmoid(a, o + from, a, o + from, to - from);
            return;
        }
        int upper = from + S.loopBound(to - from), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, a, o + j).neg().lanewise(VectorOperators.EXP);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(a, o + j);
        }
        for (; j < to; j++) a[o + j] = PortableMath.sigmoid(a[o + j]);
    }

    /** {@code y[yo + j] = tanh(x[xo + j])} for j in [from, to). */
    private static void tanhRange(float[] x, int xo, float[] y, int yo, int from, int to) {
        if (VectorMath.ENABLED) {
            VectorMath.tanh(x, xo + from, y, yo + from, to - from);
            return;
        }
        int upper = from + S.loopBound(to - from), j = from;
        for (; j < upper; j += S.length()) FloatVector.fromArray(S, x, xo + j).lanewise(VectorOperators.TANH).intoArray(y, yo + j);
        for (; j < to; j++) y[yo + j] = PortableMath.tanh(x[xo + j]);
    }
}
