package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark forecasts of fpp: naive (last value), seasonal naive (value one season ago) and
 * drift (last value plus the average change). Intervals use fpp's formulas with σ estimated from
 * the in-sample one-step residuals. Regressors are ignored.
 */
public final class NaiveForecaster implements Forecaster {
    /** Which benchmark. */
    public enum Kind { NAIVE, SEASONAL_NAIVE, DRIFT }

    private final Kind kind;
    private final int period;
    private double[] y;
    private double sigma, slope;

    public NaiveForecaster(Kind kind, int period) {
        if (period < 1) throw Errors.arg("NaiveForecaster", "period must be at least 1", ">= 1", period, null);
        this.kind = kind;
        this.period = kind == Kind.SEASONAL_NAIVE ? period : 1;
    }

    @Override public String name() {
        return switch (kind) { case NAIVE -> "naive"; case SEASONAL_NAIVE -> "snaive"; case DRIFT -> "drift"; };
    }

    @Override public NaiveForecaster fit(double[] series, double[][] xreg) {
        if (series.length <= period) {
            throw Errors.arg("NaiveForecaster.fit", "series must be longer than the period", "> " + period, series.length, name());
        }
        y = series.clone();
        int n = y.length;
        slope = kind == Kind.DRIFT ? (y[n - 1] - y[0]) / (n - 1) : 0;
        double ss = 0;
        for (int t = period; t < n; t++) { double e = y[t] - y[t - period] - slope; ss += e * e; }
        int dof = n - period - (kind == Kind.DRIFT ? 1 : 0);
        sigma = Math.sqrt(ss / Math.max(1, dof));
        return this;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        if (y == null) throw Errors.state("NaiveForecaster.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        if (h < 1) throw Errors.arg("NaiveForecaster.forecast", "horizon must be at least 1", ">= 1", h, null);
        int n = y.length;
        double[] mean = new double[h], sd = new double[h];
        for (int i = 0; i < h; i++) {
            int step = i + 1;
            mean[i] = switch (kind) {
                case NAIVE -> y[n - 1];
                case DRIFT -> y[n - 1] + slope * step;
                case SEASONAL_NAIVE -> y[n - period + (i % period)];
            };
            sd[i] = switch (kind) {
                case NAIVE -> sigma * Math.sqrt(step);
                case DRIFT -> sigma * Math.sqrt(step * (1 + step / (double) (n - 1)));
                case SEASONAL_NAIVE -> sigma * Math.sqrt(i / period + 1);
            };
        }
        return Forecast.gaussian(mean, sd, level);
    }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (y == null) return m;
        if (kind == Kind.DRIFT) m.put("drift", slope);
        m.put("sigma2", sigma * sigma);
        return m;
    }
}
