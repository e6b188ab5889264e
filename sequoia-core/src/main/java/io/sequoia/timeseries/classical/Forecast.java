package io.sequoia.timeseries.classical;

/**
 * Point forecasts with a central prediction interval at {@code level} (e.g. 0.95); {@code lower}
 * and {@code upper} are null when a model gives no interval.
 */
public record Forecast(double[] mean, double[] lower, double[] upper, double level) {

    /** Applies a monotone increasing map (e.g. the inverse of a Box-Cox transform) to every value. */
    public Forecast map(java.util.function.DoubleUnaryOperator f) {
        return new Forecast(apply(mean, f), apply(lower, f), apply(upper, f), level);
    }

    private static double[] apply(double[] v, java.util.function.DoubleUnaryOperator f) {
        if (v == null) return null;
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = f.applyAsDouble(v[i]);
        return o;
    }

    /** Gaussian interval {@code mean ± z·sd} at {@code level}. */
    public static Forecast gaussian(double[] mean, double[] sd, double level) {
        double z = Normal.quantile(0.5 + level / 2);
        double[] lo = new double[mean.length], hi = new double[mean.length];
        for (int i = 0; i < mean.length; i++) { lo[i] = mean[i] - z * sd[i]; hi[i] = mean[i] + z * sd[i]; }
        return new Forecast(mean, lo, hi, level);
    }
}
