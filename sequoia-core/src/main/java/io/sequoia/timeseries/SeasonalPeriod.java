package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.SeasonalAdjustment;
import io.sequoia.timeseries.data.TimeKey;

/** The seasonal period of a series, inferred from its time labels, or from its values when the labels cannot tell. */
public final class SeasonalPeriod {
    private SeasonalPeriod() {}

    /** The period and where it came from ({@code "labels"} or {@code "values"}), for printing. */
    public record Inferred(int period, String source) {}

    /**
     * Monthly labels ({@code 1949-01}, {@code 2002 Jan}, or dates a month apart) give 12, quarterly
     * ({@code 1970 Q1}, dates three months apart) 4, daily dates 7 (weekly season), half-hourly 48,
     * hourly 24; anything else (plain numbers, one label) 1, no season.
     */
    public static int infer(String[] times) {
        int p = fromLabels(times);
        return p > 0 ? p : 1;
    }

    /**
     * The period from the labels as {@link #infer(String[])}, but where they cannot tell (plain numbers other than
     * years, such as 1, 2, 3, …; unknown labels; a single label), from the values ({@link #fromValues}).
     */
    public static Inferred infer(String[] times, double[] y) {
        int p = fromLabels(times);
        return p > 0 ? new Inferred(p, "labels") : new Inferred(fromValues(y), "values");
    }

    /** The period the labels name; 0 when they cannot tell. Consecutive years (4-digit numbers) are yearly: 1. */
    static int fromLabels(String[] times) {
        if (times.length < 2) return 0;
        String a = times[0].trim();
        if (a.matches("\\d{4}-\\d{1,2}") || a.matches("\\d{4}\\s+[A-Za-z]{3}.*")) return 12;
        if (a.matches("\\d{4}\\s*-?\\s*Q[1-4]")) return 4;
        double d = TimeKey.of(times[1]) - TimeKey.of(a);
        if (Double.isNaN(d)) return 0;
        if (!a.contains("-")) {   // plain numbers: years are yearly data; an index 1, 2, 3, … says nothing
            return a.matches("(1[5-9]|2[0-1])\\d\\d(\\.0*)?") && Math.abs(d - 1) < 1e-9 ? 1 : 0;
        }
        double days = d / 86400.0;
        if (Math.abs(days - 1) < 0.01) return 7;
        if (days >= 28 && days <= 31) return 12;
        if (days >= 89 && days <= 92) return 4;
        if (Math.abs(d - 1800) < 1) return 48;
        if (Math.abs(d - 3600) < 1) return 24;
        return 1;
    }

    /**
     * The period the values show, in the spirit of R's {@code forecast::findfrequency}: after removing a
     * least-squares linear trend, the lag k in 2..n/3 (at least three cycles) whose autocorrelation is the
     * highest local peak ({@code r_k > r_{k−1}}, {@code r_k ≥ r_{k+1}}), above the white-noise bound
     * {@code z/√n} (z the normal quantile of 1 − 0.05/(n/3), Bonferroni over the lags searched) and rising at least
     * that much above the lowest autocorrelation before it (so that a slowly decaying ACF, a random walk's, does
     * not count); 1 when no lag qualifies. Known limit: a random walk can show a spurious peak (a seeded one of
     * 120 steps gives 26), so the inferred period is printed and {@code --period} overrides it.
     */
    public static int fromValues(double[] y) {
        int n = y.length;
        int maxLag = n / 3;
        if (maxLag < 2) return 1;
        double tm = (n - 1) / 2.0, my = 0, sxy = 0, sxx = 0;
        for (double v : y) my += v / n;
        for (int t = 0; t < n; t++) { sxy += (t - tm) * (y[t] - my); sxx += (t - tm) * (t - tm); }
        double slope = sxy / sxx;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) x[t] = y[t] - my - slope * (t - tm);
        double[] r = SeasonalAdjustment.acf(x, maxLag + 1);
        // white-noise bound, Bonferroni over the lags searched; the peak must also rise that much above the trough before it
        double bound = io.sequoia.timeseries.classical.Normal.quantile(1 - 0.05 / maxLag) / Math.sqrt(n);
        int best = 1;
        double bestR = 0, trough = r[1];
        for (int k = 2; k <= maxLag; k++) {
            boolean peak = r[k] > r[k - 1] && r[k] >= r[k + 1];
            if (peak && r[k] > bestR && r[k] > bound && r[k] - trough > bound) { best = k; bestR = r[k]; }
            trough = Math.min(trough, r[k]);
        }
        return best;
    }
}
