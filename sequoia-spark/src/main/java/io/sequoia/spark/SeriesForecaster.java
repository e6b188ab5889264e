package io.sequoia.spark;

import io.sequoia.timeseries.TimeLabels;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.Conformal;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.SeasonalPeriod;
import io.sequoia.timeseries.classical.Forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forecasts one series with every model of a {@link ForecastSpec}: the work of one group in
 * {@link SequoiaSpark#forecast}, plain Java (no Spark), so it runs the same on an executor and on
 * one machine. Each model's fit draws from a generator of its own ({@link Generator#scoped}, seeded
 * with {@link ForecastSpec#seed()}; a neural fit reseeds it with its settings' seed as it starts), not
 * from the generator the executor's threads share: a neural series forecast gives on any thread what
 * {@code sequoia forecast --id-col} gives fitting the series one after another. A model that fails on a series (too short, no season, a failed optimisation) gives
 * one row with the error message instead of failing the job.
 */
public final class SeriesForecaster {
    private SeriesForecaster() {}

    /**
     * One output row: {@code step} 1..horizon; {@code time} the held-out point's time label with
     * holdout, else the series' labels continued ({@link #future}; null when they cannot be);
     * {@code actual} and {@code smape} (the series' sMAPE in percent over the horizon) only with
     * holdout; {@code lower} and {@code upper} null for a model without intervals (a neural point
     * head); on failure only {@code id}, {@code model} and {@code error} are set. {@code intervals}: {@code model} (the
     * model's own, as asked), {@code conformal} (calibrated, {@link ForecastSpec#withIntervals}) or, where conformal ones were
     * asked for and the series is too short for them, {@code model: } and the reason.
     */
    public record Row(String id, String model, String chosen, Integer step, String time, Double actual, Double mean, Double lower,
                      Double upper, Double smape, String error, String intervals) {
        /** Where conformal intervals were asked for and the series kept the model's own: the intervals column's prefix. */
        public static final String FALLBACK = "model: ";
    }

    /** Forecasts of series {@code id} with values {@code y} at time labels {@code times} (in time order). */
    public static List<Row> forecast(String id, String[] times, double[] y, ForecastSpec spec) {
        List<Row> out = new ArrayList<>();
        int m = spec.period() > 0 ? spec.period() : SeasonalPeriod.infer(times);
        boolean global = spec.global() != null && spec.models().stream().anyMatch(ModelKind::isGlobal);
        NBeatsForecaster nbeats = global ? spec.global().borrow(NBeatsForecaster::load) : null;   // one per executor thread, reused
        try {
            forecast(id, times, y, spec, m, nbeats, out);
        } finally {
            if (nbeats != null) spec.global().release(nbeats);
        }
        return out;
    }

    private static void forecast(String id, String[] times, double[] y, ForecastSpec spec, int m, NBeatsForecaster global, List<Row> out) {
        int n = y.length, h = spec.horizon();
        String[] future = spec.holdout() ? null : future(times, h);      // the same for every model
        for (ModelKind kind : spec.models()) {
            try {
                if (spec.holdout() && n <= h) {
                    throw new IllegalArgumentException("the series has " + n + " points, the hold-out needs more than the horizon " + h);
                }
                Backtest bt = spec.holdout() ? Backtest.holdOut(spec.catalog(m, global), n) : Backtest.beyondEnd(spec.catalog(m, global), n);
                Backtest.Result r = Generator.scoped(new Generator(spec.seed()), () -> bt.run(kind, y, null, null, null));
                Forecast f = r.forecasts().get(0);
                int end = spec.holdout() ? n - h : n;
                Double smape = spec.holdout() ? r.metrics().get("smape") : null;
                String intervals = r.conformal() == null ? Conformal.Intervals.MODEL.id()
                        : r.conformal().isFallback() ? Row.FALLBACK + r.conformal().fallback() : Conformal.Intervals.CONFORMAL.id();
                for (int s = 0; s < h; s++) {
                    String t = spec.holdout() ? times[end + s] : future[s];
                    Double actual = spec.holdout() ? y[end + s] : null;
                    out.add(new Row(id, kind.id(), r.chosen().id(), s + 1, t, actual, f.mean()[s], f.lower() == null ? null : f.lower()[s],
                            f.upper() == null ? null : f.upper()[s], smape, null, intervals));
                }
            } catch (RuntimeException e) {
                out.add(new Row(id, kind.id(), null, null, null, null, null, null, null, null,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), null));
            }
        }
    }

    /**
     * The labels of the {@code h} steps after the last one, the series' last two labels continued in their own format
     * as {@code sequoia forecast} prints them ({@link TimeLabels}: integers, year-months, dates, quarters, …); null
     * where they cannot be continued.
     */
    static String[] future(String[] times, int h) {
        String[] labels = TimeLabels.after(times, h);
        for (int i = 0; i < h; i++) if (labels[i].startsWith("+")) labels[i] = null;
        return labels;
    }

    /** {@code keys} sorted, {@code times} and {@code y} alongside: the order Spark's grouping does not keep. */
    static void sortByTime(Comparable<Object>[] keys, String[] times, double[] y) {
        Integer[] idx = new Integer[keys.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> keys[a].compareTo(keys[b]));
        Comparable<Object>[] k2 = keys.clone();
        String[] t2 = times.clone();
        double[] y2 = y.clone();
        for (int i = 0; i < idx.length; i++) { keys[i] = k2[idx[i]]; times[i] = t2[idx[i]]; y[i] = y2[idx[i]]; }
    }
}
