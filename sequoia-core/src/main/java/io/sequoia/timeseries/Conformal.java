package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Forecast;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Split-conformal prediction intervals from rolling-origin windows, for any model of a {@link ForecasterCatalog}
 * (issue 15). The model is refitted, exactly as it is fitted on the whole series (transform, structure choice,
 * {@code auto}'s backtest and all), on the points before each of {@code W} origins {@code n − h, n − 2h, …} (windows
 * of the horizon, as statsforecast's {@code ConformalIntervals(h, n_windows)} places them); each window's forecast of
 * the {@code h} points after its origin gives {@code h} errors. So the errors carry what the model's own variance
 * formulas leave out: parameter and model-choice uncertainty, and data that do not follow the model.
 *
 * <p>The score of an error is its size in units of the window's own interval at that step: {@code (y − mean)/(upper −
 * mean)} above the mean, {@code (mean − y)/(mean − lower)} below it (an error on the edge of the model's interval
 * scores 1). The {@code W·h} scores are pooled over the steps, and {@code q} is the ⌈(m + 1)·level⌉-th smallest of
 * the {@code m} scores, the split-conformal quantile. The interval of the forecast is then the model's own interval with
 * both half-widths multiplied by {@code q}: its shape over the horizon (growing with h as the model's variance does)
 * is the model's, its width is calibrated on the series' own out-of-sample errors. Pooling over the steps is where this
 * departs from statsforecast, which takes a quantile per step from the {@code W} errors of that step: with two windows
 * that quantile is about the larger of two errors, which covers about 2/3 of new points, not 95 %; the pooled
 * quantile needs {@code m ≥ level / (1 − level)} scores (19 at 95 %), which one or two windows of a monthly horizon give.
 * A model without intervals (a global N-BEATS, a point neural model) is scored in units of {@code √step} instead
 * (the growth of a random walk's spread), and gets {@code mean ± q·√step}.
 *
 * <p>Too short a series (fewer windows whose training part keeps {@link Backtest#minTrain} points than give the
 * scores needed) keeps the model's own intervals; {@link Calibration#fallback} says why, and the fitted model's label
 * says so too.
 */
public final class Conformal {
    private Conformal() {}

    /** Which prediction intervals a catalogue's forecasts carry. */
    public enum Intervals {
        /** The model's own (variance formulas, simulation, or none). */
        MODEL,
        /** Split-conformal from rolling-origin windows (this class). */
        CONFORMAL;

        /** The name on the command line: model, conformal. */
        public String id() { return name().toLowerCase(Locale.ROOT); }

        @Override public String toString() { return id(); }
    }

    /** Windows of the horizon by default (statsforecast's default {@code n_windows}). */
    public static final int DEFAULT_WINDOWS = 2;

    /** The fewest scores whose ⌈(m + 1)·level⌉-th smallest exists: ⌈level / (1 − level)⌉ (19 at 0.95, 9 at 0.9). */
    public static int scoresNeeded(double level) {
        if (!(level > 0 && level < 1)) throw Errors.arg("Conformal.scoresNeeded", "level must be in (0, 1)", "0 < level < 1", level, null);
        int m = 1;
        while (rank(m, level) > m) m++;
        return m;
    }

    /** ⌈(m + 1)·level⌉, robust to the rounding of e.g. 20 × 0.95. */
    static int rank(int m, double level) { return (int) Math.ceil((m + 1) * level - 1e-9); }

    /** One window: the points it forecast and its forecast of them. */
    record Window(double[] actual, Forecast forecast) {}

    /**
     * The calibration of one fit: {@code qModel} multiplies the model's interval (NaN if a window's forecast had no
     * usable interval), {@code qSqrt} multiplies √step; {@code windows} and {@code scores} used; {@code fallback} is
     * null when calibrated, else why the model's own intervals are kept.
     */
    public record Calibration(double qModel, double qSqrt, int windows, int scores, String fallback) {
        /** True when the forecast's intervals are the model's own (too short a series). */
        public boolean isFallback() { return fallback != null; }

        /** The forecast with the calibrated interval (the mean unchanged); the forecast as it is on a fallback. */
        public Forecast apply(Forecast f) {
            if (fallback != null) return f;
            double[] mean = f.mean();
            int h = mean.length;
            double[] lo = new double[h], hi = new double[h];
            boolean model = Double.isFinite(qModel) && usable(f);
            for (int j = 0; j < h; j++) {
                double down = model ? mean[j] - f.lower()[j] : Math.sqrt(j + 1), up = model ? f.upper()[j] - mean[j] : Math.sqrt(j + 1);
                double q = model ? qModel : qSqrt;
                lo[j] = mean[j] - q * down;
                hi[j] = mean[j] + q * up;
            }
            return new Forecast(mean, lo, hi, f.level());
        }

        /** For a fit's label: {@code conformal ×1.32 of the model's interval, 2 windows} or why not. */
        public String describe() {
            if (fallback != null) return "model intervals (" + fallback + ")";
            return String.format(Locale.ROOT, "conformal intervals, ×%.3f of the model's (%d windows, %d scores)", qModel, windows, scores)
                    .replace("×NaN of the model's", String.format(Locale.ROOT, "±%.4g·√step", qSqrt));
        }
    }

    /** The fallback when too few windows fit: {@code got} windows of {@code h} points, {@code need} scores needed. */
    static Calibration tooShort(int n, int got, int wanted, int h, int need, int minTrain) {
        return new Calibration(Double.NaN, Double.NaN, got, got * h,
                String.format(Locale.ROOT, "too short for conformal intervals: %d points leave room for %d of %d windows of %d with >= %d training points, "
                        + "%d scores; >= %d needed", n, got, wanted, h, minTrain, got * h, need));
    }

    /** Calibrates on the windows' forecasts at {@code level}; the caller checked that they give enough scores. */
    static Calibration calibrate(List<Window> windows, double level) {
        int m = 0;
        for (Window w : windows) m += w.actual().length;
        double[] model = new double[m], sqrt = new double[m];
        boolean modelOk = true;
        int k = 0;
        for (Window w : windows) {
            Forecast f = w.forecast();
            boolean ok = usable(f);
            modelOk &= ok;
            for (int j = 0; j < w.actual().length; j++, k++) {
                double e = w.actual()[j] - f.mean()[j];
                sqrt[k] = Math.abs(e) / Math.sqrt(j + 1);
                if (ok) model[k] = e >= 0 ? e / (f.upper()[j] - f.mean()[j]) : -e / (f.mean()[j] - f.lower()[j]);
            }
        }
        int r = rank(m, level);
        return new Calibration(modelOk ? kth(model, r) : Double.NaN, kth(sqrt, r), windows.size(), m, null);
    }

    /** The {@code r}-th smallest (1-based); NaN scores (a window's NaN forecast) count as infinitely large. */
    static double kth(double[] v, int r) {
        double[] c = v.clone();
        for (int i = 0; i < c.length; i++) if (Double.isNaN(c[i])) c[i] = Double.POSITIVE_INFINITY;
        Arrays.sort(c);
        return c[r - 1];
    }

    /** A forecast whose interval lies strictly around the mean at every step. */
    static boolean usable(Forecast f) {
        if (f.lower() == null || f.upper() == null) return false;
        for (int j = 0; j < f.mean().length; j++) {
            double d = f.mean()[j] - f.lower()[j], u = f.upper()[j] - f.mean()[j];
            if (!(d > 0 && u > 0 && Double.isFinite(d) && Double.isFinite(u))) return false;
        }
        return true;
    }
}
