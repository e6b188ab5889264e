package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSplit;
import io.sequoia.timeseries.metrics.ForecastMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates forecasters of a {@link ForecasterCatalog} by time: each fold fits the model (and the
 * catalogue's transform) on the points before its origin and forecasts the catalogue's horizon
 * after it; the accuracy measures of {@link ForecastMetrics#all} are averaged over the folds.
 * Folds: one hold-out at the end ({@link #holdOut}), rolling origins ({@link #rollingOrigin}), or
 * one forecast beyond the end of the series without scores ({@link #beyondEnd}).
 * <pre>
 * Backtest.Result r = Backtest.rollingOrigin(catalog, y.length, 3).run(ModelKind.ETS, y, null, null, null);
 * r.metrics().get("rmse");
 * </pre>
 */
public final class Backtest {
    private final ForecasterCatalog catalog;
    private final List<TimeSplit> folds;
    private final int length;

    private Backtest(ForecasterCatalog catalog, List<TimeSplit> folds, int length) {
        this.catalog = catalog;
        this.folds = List.copyOf(folds);
        this.length = length;
    }

    /** The last {@code catalog.horizon()} of {@code n} points are the test. */
    public static Backtest holdOut(ForecasterCatalog catalog, int n) {
        return new Backtest(catalog, List.of(TimeSplit.holdOut(n, catalog.horizon())), n);
    }

    /**
     * {@code folds} rolling origins {@code catalog.horizon()} apart, the last fold ending at {@code n};
     * the first fold keeps at least max(2·period + 2, 10) training points.
     */
    public static Backtest rollingOrigin(ForecasterCatalog catalog, int n, int folds) {
        return new Backtest(catalog, TimeSplit.rollingOrigin(n, folds, catalog.horizon(), minTrain(catalog.period())), n);
    }

    /** The training points the first fold of {@link #rollingOrigin} keeps at least: max(2·period + 2, 10). */
    public static int minTrain(int period) { return Math.max(2 * period + 2, 10); }

    /** One fold that trains on all {@code n} points and forecasts the horizon after them (no scores). */
    public static Backtest beyondEnd(ForecasterCatalog catalog, int n) {
        return new Backtest(catalog, List.of(new TimeSplit(n, catalog.horizon())), n);
    }

    public ForecasterCatalog catalog() { return catalog; }
    public List<TimeSplit> folds() { return folds; }

    /** True when the folds forecast beyond the end of the series (nothing to score). */
    public boolean beyondEnd() { return folds.get(folds.size() - 1).trainEnd() == length; }

    /**
     * One model over all folds: {@code label} describes the last fold's fit, {@code chosen} is the
     * model {@code auto} picked in the last fold (else the kind itself), {@code forecasts} one per fold,
     * {@code metrics} averaged over the folds (empty beyond the end; with conformal intervals asked for, {@code conformal} is the
     * share of folds whose intervals were calibrated rather than the model's own, the series being too short), {@code parameters} of the last fold's fit,
     * {@code conformal} the last fold's calibration (null with the model's own intervals).
     */
    public record Result(ModelKind kind, String label, ModelKind chosen, List<Forecast> forecasts, Map<String, Double> metrics,
                         Map<String, Double> parameters, double seconds, Conformal.Calibration conformal) {
        /** A result whose forecasts carry the model's own intervals. */
        public Result(ModelKind kind, String label, ModelKind chosen, List<Forecast> forecasts, Map<String, Double> metrics, Map<String, Double> parameters, double seconds) {
            this(kind, label, chosen, forecasts, metrics, parameters, seconds, null);
        }
    }

    /**
     * Runs {@code kind} on {@code y} with past and future covariates ({@code [time][k]} or null, as long
     * as {@code y}); {@code futureAfterEnd} ({@code [horizon][k]}) gives the future covariates beyond the end,
     * needed only by {@link #beyondEnd} with future covariates.
     */
    public Result run(ModelKind kind, double[] y, double[][] past, double[][] future, double[][] futureAfterEnd) {
        String w = "Backtest.run";
        if (y.length != length) throw Errors.arg(w, "the series must have the length the folds were made for", length, y.length, null);
        if (future != null && beyondEnd() && (futureAfterEnd == null || futureAfterEnd.length < catalog.horizon())) {
            throw Errors.arg(w, "future covariates need their values over the horizon after the end", ">= " + catalog.horizon() + " rows",
                    futureAfterEnd == null ? "none" : futureAfterEnd.length + " rows", null);
        }
        long t0 = System.nanoTime();
        List<Forecast> forecasts = new ArrayList<>();
        List<Map<String, Double>> scores = new ArrayList<>();
        ForecasterCatalog.Fitted fitted = null;
        for (TimeSplit f : folds) {
            int end = f.trainEnd();
            double[] train = Arrays.copyOf(y, end);
            fitted = catalog.fit(kind, train, ForecasterCatalog.rows(past, 0, end), ForecasterCatalog.rows(future, 0, end));
            double[][] next = end < length ? ForecasterCatalog.rows(future, end, end + f.testLength()) : futureAfterEnd;
            Forecast fc = fitted.forecast(next);
            forecasts.add(fc);
            if (end < length) {
                double[] actual = Arrays.copyOfRange(y, end, end + f.testLength());
                Map<String, Double> m = ForecastMetrics.all(actual, fc.mean(), fc.lower(), fc.upper(), train, catalog.period());
                // with conformal intervals asked for: 1 where they were calibrated, 0 where the series was too short for them
                if (catalog.intervals() == Conformal.Intervals.CONFORMAL) m.put("conformal", fitted.conformal() != null && !fitted.conformal().isFallback() ? 1.0 : 0.0);
                scores.add(m);
            }
        }
        return new Result(kind, fitted.label(), fitted.chosen(), forecasts, average(scores), fitted.parameters(), (System.nanoTime() - t0) / 1e9, fitted.conformal());
    }

    private static Map<String, Double> average(List<Map<String, Double>> folds) {
        Map<String, Double> avg = new LinkedHashMap<>();
        for (Map<String, Double> f : folds) f.forEach((k, v) -> avg.merge(k, v / folds.size(), Double::sum));
        return avg;
    }
}
