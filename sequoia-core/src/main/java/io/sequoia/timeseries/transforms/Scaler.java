package io.sequoia.timeseries.transforms;

import io.sequoia.tensor.Errors;

/**
 * An affine scaler {@code (v - shift) / scale}, fitted on the training part only: standard
 * (mean, population standard deviation) or min-max (to [0, 1]). A constant series scales by 1.
 */
public record Scaler(double shift, double scale) implements PointTransform {

    public Scaler {
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(shift)) {
            throw Errors.arg("Scaler", "scale must be positive and finite, shift finite", "scale > 0", scale, "shift " + shift);
        }
    }

    /** Mean 0, standard deviation 1 on {@code train}. */
    public static Scaler standard(double[] train) {
        check("Scaler.standard", train);
        double m = 0, s = 0;
        for (double v : train) m += v;
        m /= train.length;
        for (double v : train) s += (v - m) * (v - m);
        s = Math.sqrt(s / train.length);
        return new Scaler(m, s > 0 ? s : 1);
    }

    /** Minimum 0, maximum 1 on {@code train}. */
    public static Scaler minMax(double[] train) {
        check("Scaler.minMax", train);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : train) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return new Scaler(lo, hi > lo ? hi - lo : 1);
    }

    private static void check(String where, double[] train) {
        if (train.length == 0) throw Errors.arg(where, "the training part must not be empty", ">= 1 value", 0, null);
    }

    @Override public double forward(double v) { return (v - shift) / scale; }
    @Override public double inverse(double v) { return v * scale + shift; }
}
