package io.sequoia.timeseries.classical;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link NormalEquations}: rows padded to a whole number of lanes, each row's lower part
 * {@code [0, i]} updated a vector at a time (multiply, then add: the scalar twin's rounding in every lane). Small systems
 * (fewer unknowns than half a vector) take the scalar loop.
 */
final class VectorNormalEquations extends NormalEquations {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override String name() { return "vector"; }

    @Override int stride(int free) { return free < L / 2 ? free : (free + L - 1) / L * L; }

    @Override void addRow(double[] a, int stride, double[] d, int free, double w) {
        if (free < L / 2) { super.addRow(a, stride, d, free, w); return; }
        for (int i = 0, base = 0; i < free; i++, base += stride) {
            DoubleVector di = DoubleVector.broadcast(S, w * d[i]);
            for (int j = 0; j <= i; j += L) {
                DoubleVector.fromArray(S, a, base + j).add(di.mul(DoubleVector.fromArray(S, d, j))).intoArray(a, base + j);
            }
        }
    }
}
