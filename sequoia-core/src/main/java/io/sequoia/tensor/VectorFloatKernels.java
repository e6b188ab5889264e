package io.sequoia.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} with the Vector API: exp through {@code VectorOperators.EXP} (Intel SVML on
 * x64), masks as blends instead of branches. Loaded reflectively by {@link FloatKernels#get()}.
 */
final class VectorFloatKernels extends FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override public String name() { return "vector-" + S.vectorBitSize(); }

    @Override public float max(float[] a, int off, int n) {
        int upper = S.loopBound(n), j = 0;
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < upper; j += S.length()) m = m.max(FloatVector.fromArray(S, a, off + j));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) r = Math.max(r, a[off + j]);
        return r;
    }

    @Override public double expShift(float[] a, int off, int n, float shift) {
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
            float e = (float) Math.exp(a[off + j] - shift);
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

    @Override public void mul(float[] a, float[] b, float[] out, int lo, int hi) {
        int i = lo, upper = lo + S.loopBound(hi - lo);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        super.mul(a, b, out, i, hi);
    }
}
