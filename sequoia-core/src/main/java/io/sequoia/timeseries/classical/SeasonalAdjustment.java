package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

/**
 * Classical multiplicative seasonal adjustment as R's {@code forecast::thetaf} and the M4 benchmarks
 * use it: a 90 % autocorrelation test at lag m decides whether the series is seasonal
 * ({@code |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n)}, only for series longer than 2m), and R's
 * {@code decompose(type = "multiplicative")} gives the seasonal indices: a centred 2×m moving average
 * as the trend, the ratios to it averaged per season and normalised to mean 1.
 */
public final class SeasonalAdjustment {
    private SeasonalAdjustment() {}

    /** The one-sided 90 % normal quantile of the test, as R's code writes it. */
    public static final double CRITICAL = 1.645;

    /** Autocorrelations {@code r_1..r_maxLag} of {@code y} (R's {@code acf}: sums over the overlap divided by the full sum of squares). */
    public static double[] acf(double[] y, int maxLag) {
        int n = y.length;
        double mean = 0;
        for (double v : y) mean += v;
        mean /= n;
        double den = 0;
        for (double v : y) den += (v - mean) * (v - mean);
        double[] r = new double[maxLag + 1];
        for (int k = 1; k <= maxLag && k < n; k++) {
            double s = 0;
            for (int t = k; t < n; t++) s += (y[t] - mean) * (y[t - k] - mean);
            r[k] = den > 0 ? s / den : 0;
        }
        return r;
    }

    /** True when {@code y} (positive, longer than 2m) passes the 90 % seasonality test at period {@code m}. */
    public static boolean seasonal(double[] y, int m) {
        if (m < 2 || y.length <= 2 * m) return false;
        for (double v : y) if (!(v > 0)) return false;   // multiplicative indices need positive data
        double[] r = acf(y, m);
        double sum = 1;
        for (int k = 1; k < m; k++) sum += 2 * r[k] * r[k];
        return Math.abs(r[m]) > CRITICAL * Math.sqrt(sum / y.length);
    }

    /** Seasonal indices by position: {@code index[t % m]} multiplies the adjusted value of time t (mean 1 over a season). */
    public static double[] indices(double[] y, int m) {
        if (m < 2 || y.length < 2 * m) throw Errors.arg("SeasonalAdjustment.indices", "two full seasons are needed", ">= " + (2 * m) + " points", y.length, "period " + m);
        return figure(y, m, true);
    }

    /**
     * R's {@code decompose(y, type)} seasonal figure by position {@code t % m}: the centred 2×m moving
     * average as the trend, the ratios ({@code multiplicative}) or differences to it averaged per
     * position and normalised to mean 1 (ratios) or 0 (differences). Needs at least m + 1 points.
     */
    public static double[] figure(double[] y, int m, boolean multiplicative) {
        int n = y.length, half = m / 2;
        if (m < 2 || n <= 2 * half) throw Errors.arg("SeasonalAdjustment.figure", "more than one season is needed", "> " + (2 * half) + " points", n, "period " + m);
        double[] sum = new double[m];
        int[] cnt = new int[m];
        for (int t = half; t < n - half; t++) {
            double tr;
            if (m % 2 == 0) {
                tr = 0.5 * (y[t - half] + y[t + half]);
                for (int k = -half + 1; k < half; k++) tr += y[t + k];
            } else {
                tr = 0;
                for (int k = -half; k <= half; k++) tr += y[t + k];
            }
            tr /= m;
            sum[t % m] += multiplicative ? y[t] / tr : y[t] - tr;
            cnt[t % m]++;
        }
        double mean = 0;
        int seen = 0;
        for (int i = 0; i < m; i++) if (cnt[i] > 0) { sum[i] /= cnt[i]; mean += sum[i]; seen++; }
        mean /= seen;
        for (int i = 0; i < m; i++) {
            if (cnt[i] == 0) sum[i] = mean;   // a position with no centred average (short series): neutral
            sum[i] = multiplicative ? sum[i] / mean : sum[i] - mean;
        }
        return sum;
    }

    /**
     * Wraps a model so that it is fitted to the seasonally adjusted series when the test finds
     * seasonality, and its forecasts (mean and interval) are multiplied back by the indices.
     */
    public static final class Adjusted implements Forecaster {
        private final Forecaster inner;
        private final int m;
        private double[] index;   // null: not seasonal
        private int n;

        public Adjusted(Forecaster inner, int period) {
            if (period < 1) throw Errors.arg("SeasonalAdjustment.Adjusted", "period must be at least 1", ">= 1", period, null);
            this.inner = inner;
            this.m = period;
        }

        @Override public String name() { return inner.name(); }

        /** True when the last fit adjusted the series. */
        public boolean adjusted() { return index != null; }

        @Override public Adjusted fit(double[] y, double[][] xreg) {
            n = y.length;
            index = seasonal(y, m) ? indices(y, m) : null;
            double[] a = y;
            if (index != null) {
                a = new double[n];
                for (int t = 0; t < n; t++) a[t] = y[t] / index[t % m];
            }
            inner.fit(a, xreg);
            return this;
        }

        @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
            Forecast f = inner.forecast(h, futureXreg, level);
            if (index == null) return f;
            double[] s = new double[h];
            for (int i = 0; i < h; i++) s[i] = index[(n + i) % m];
            return new Forecast(times(f.mean(), s), times(f.lower(), s), times(f.upper(), s), f.level());
        }

        private static double[] times(double[] v, double[] s) {
            if (v == null) return null;
            double[] o = new double[v.length];
            for (int i = 0; i < v.length; i++) o[i] = v[i] * s[i];
            return o;
        }

        @Override public java.util.Map<String, Double> parameters() {
            java.util.Map<String, Double> p = new java.util.LinkedHashMap<>(inner.parameters());
            p.put("seasonally_adjusted", index == null ? 0.0 : 1.0);
            return p;
        }
    }
}
