package io.sequoia.timeseries.metrics;

import io.sequoia.tensor.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Forecast accuracy: MAE, RMSE, MAPE (percent), sMAPE (percent, the M3 definition
 * {@code 200·|y−f|/(|y|+|f|)}), MASE (scaled by the in-sample MAE of the seasonal naive forecast
 * at period {@code m}, as in Hyndman and Koehler 2006) and interval coverage (fraction of
 * actual values inside {@code [lower, upper]}).
 */
public final class ForecastMetrics {
    private ForecastMetrics() {}

    public static double mae(double[] actual, double[] forecast) {
        check("ForecastMetrics.mae", actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
        return s / actual.length;
    }

    public static double rmse(double[] actual, double[] forecast) {
        check("ForecastMetrics.rmse", actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) s += (actual[i] - forecast[i]) * (actual[i] - forecast[i]);
        return Math.sqrt(s / actual.length);
    }

    /** Mean absolute percentage error in percent; undefined (an error) when an actual value is 0. */
    public static double mape(double[] actual, double[] forecast) {
        check("ForecastMetrics.mape", actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == 0) throw Errors.arg("ForecastMetrics.mape", "actual values must be non-zero", "y != 0", 0.0, "index " + i + ". Hint: use smape or mase");
            s += Math.abs((actual[i] - forecast[i]) / actual[i]);
        }
        return 100 * s / actual.length;
    }

    /** Symmetric MAPE in percent (0 to 200); a pair of zeros counts as 0. */
    public static double smape(double[] actual, double[] forecast) {
        check("ForecastMetrics.smape", actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (d > 0) s += 2 * Math.abs(actual[i] - forecast[i]) / d;
        }
        return 100 * s / actual.length;
    }

    /** Mean absolute scaled error; {@code train} is the in-sample series, {@code m} the seasonal period (1 for none). */
    public static double mase(double[] actual, double[] forecast, double[] train, int m) {
        check("ForecastMetrics.mase", actual, forecast);
        if (m < 1) throw Errors.arg("ForecastMetrics.mase", "period m must be at least 1", ">= 1", m, null);
        if (train.length <= m) throw Errors.arg("ForecastMetrics.mase", "training series must be longer than m", "> " + m, train.length, null);
        double scale = 0;
        for (int t = m; t < train.length; t++) scale += Math.abs(train[t] - train[t - m]);
        scale /= train.length - m;
        if (scale == 0) throw Errors.arg("ForecastMetrics.mase", "the in-sample naive error must be non-zero", "> 0", 0.0, "a constant training series");
        return mae(actual, forecast) / scale;
    }

    /** Fraction of actual values within {@code [lower, upper]}. */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        check("ForecastMetrics.coverage", actual, lower);
        check("ForecastMetrics.coverage", actual, upper);
        int in = 0;
        for (int i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) in++;
        return in / (double) actual.length;
    }

    /** All point metrics (and coverage when intervals are given) by name, in a stable order. */
    public static Map<String, Double> all(double[] actual, double[] forecast, double[] lower, double[] upper, double[] train, int m) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("mae", mae(actual, forecast));
        r.put("rmse", rmse(actual, forecast));
        boolean zero = false;
        for (double v : actual) zero |= v == 0;
        r.put("mape", zero ? Double.NaN : mape(actual, forecast));
        r.put("smape", smape(actual, forecast));
        int mm = train.length > m ? m : 1;
        double mase;
        try { mase = mase(actual, forecast, train, mm); } catch (IllegalArgumentException e) { mase = Double.NaN; }
        r.put("mase", mase);
        if (lower != null && upper != null) r.put("coverage", coverage(actual, lower, upper));
        return r;
    }

    private static void check(String where, double[] a, double[] f) {
        if (a.length != f.length) throw Errors.arg(where, "actual and forecast must have the same length", a.length, f.length, null);
        if (a.length == 0) throw Errors.arg(where, "at least one value is needed", ">= 1", 0, null);
    }
}
