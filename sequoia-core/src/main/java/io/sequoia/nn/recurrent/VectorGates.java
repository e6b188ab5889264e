package io.sequoia.nn.recurrent;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link GateMath}: the same per-row gate arithmetic, {@code SPECIES_PREFERRED}
 * lanes at a time (σ and tanh through the JDK's vectorised EXP/TANH), the remainder by the scalar
 * code. Loaded reflectively, only when the JVM has {@code jdk.incubator.vector}.
 */
final class VectorGates extends GateMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override String name() { return "vector"; }

    private static FloatVector load(float[] a, int o) { return FloatVector.fromArray(S, a, o); }

    @Override
    void lstmForward(float[] a, int ao, float[] cPrev, int cpo, float[] c, int co, float[] tc, int tco,
                     float[] m, int mo, int h, int from) {
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector i = sig(load(a, ao + j)), f = sig(load(a, ao + h + j));
            FloatVector g = load(a, ao + 2 * h + j).lanewise(VectorOperators.TANH), o = sig(load(a, ao + 3 * h + j));
            i.intoArray(a, ao + j);
            f.intoArray(a, ao + h + j);
            g.intoArray(a, ao + 2 * h + j);
            o.intoArray(a, ao + 3 * h + j);
            FloatVector cv = f.mul(load(cPrev, cpo + j)).add(i.mul(g));
            FloatVector t = cv.lanewise(VectorOperators.TANH);
            cv.intoArray(c, co + j);
            t.intoArray(tc, tco + j);
            o.mul(t).intoArray(m, mo + j);
        }
        if (j < h) super.lstmForward(a, ao, cPrev, cpo, c, co, tc, tco, m, mo, h, j);
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
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector r = sig(load(x, xo + j).add(load(hw, ho + j)));
            FloatVector z = sig(load(x, xo + h + j).add(load(hw, ho + h + j)));
            FloatVector n = load(x, xo + 2 * h + j).add(r.mul(load(hw, ho + 2 * h + j))).lanewise(VectorOperators.TANH);
            r.intoArray(act, ao + j);
            z.intoArray(act, ao + h + j);
            n.intoArray(act, ao + 2 * h + j);
            z.neg().add(1f).mul(n).add(z.mul(load(hPrev, hpo + j))).intoArray(hOut, oo + j);
        }
        if (j < h) super.gruForward(x, xo, hw, ho, hPrev, hpo, act, ao, hOut, oo, h, j);
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
        int upper = S.loopBound(h), j = from;
        for (; j < upper; j += S.length()) {
            FloatVector v = load(a, ao + j);
            (relu ? v.max(0f) : v.lanewise(VectorOperators.TANH)).intoArray(a, ao + j);
        }
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

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /** σ(x) = 1 / (1 + e^{−x}). */
    private static FloatVector sig(FloatVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }
}
