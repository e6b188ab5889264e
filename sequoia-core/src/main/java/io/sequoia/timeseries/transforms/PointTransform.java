package io.sequoia.timeseries.transforms;

/** A value-by-value transform with an exact inverse (scalers, log, Box-Cox). */
public interface PointTransform {
    double forward(double v);

    double inverse(double v);

    default double[] forward(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = forward(v[i]);
        return o;
    }

    default double[] inverse(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = inverse(v[i]);
        return o;
    }

    /** The identity. */
    PointTransform NONE = new PointTransform() {
        @Override public double forward(double v) { return v; }
        @Override public double inverse(double v) { return v; }
        @Override public String toString() { return "none"; }
    };
}
