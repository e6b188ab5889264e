package io.sequoia.spark;

import io.sequoia.timeseries.TimeLabels;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.global.DeepArForecaster;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.ForecastTable;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.SeasonalPeriod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forecasts one series with every model of a {@link ForecastSpec}: the work of one group in
 * {@link SequoiaSpark#forecast}, plain Java (no Spark), so it runs the same on an executor and on
 * one machine. Each model's fit draws from a generator of its own ({@link Generator#scoped}, seeded
 * with {@link ForecastSpec#seed()}; a neural fit reseeds it with its settings' seed as it starts), not
 * from the generator the executor's threads share: a neural series forecast gives on any thread what
 * {@code sequoia forecast --id-col} gives fitting the series one after another. The rows are {@link ForecastTable}'s, made by
 * the code {@code sequoia forecast --id-col} makes its file's rows with: a model that fails on a series (too short, no season, a
 * failed optimisation) gives one row with the error message instead of failing the job.
 */
public final class SeriesForecaster {
    private SeriesForecaster() {}

    /** Forecasts of series {@code id} with values {@code y} at time labels {@code times} (in time order). */
    public static List<ForecastTable.Row> forecast(String id, String[] times, double[] y, ForecastSpec spec) {
        List<ForecastTable.Row> out = new ArrayList<>();
        int m = spec.period() > 0 ? spec.period() : SeasonalPeriod.infer(times);
        ModelKind.Selection sel = spec.selection();
        boolean global = spec.global() != null && uses(sel, ModelKind.NBEATS);
        boolean deepAr = spec.options().deepar() != null && uses(sel, ModelKind.DEEPAR);
        ForecastSpec.Options o = spec.options();
        NBeatsForecaster nbeats = global ? spec.global().borrow(NBeatsForecaster::load) : null;   // one per executor thread, reused
        DeepArForecaster deepar = deepAr ? o.deepar().borrow(d -> DeepArForecaster.load(d).withSampling(o.deeparSamples(), o.deeparSeed())) : null;
        try {
            ForecasterCatalog catalog;
            try {
                catalog = spec.catalog(m, nbeats, deepar);
            } catch (RuntimeException e) {   // as a model's failure on the series: one row per model
                for (ModelKind kind : spec.models()) out.add(ForecastTable.failure(id, sel.label(kind), e));
                return out;
            }
            forecast(id, times, y, spec, catalog, out);
        } finally {
            if (nbeats != null) spec.global().release(nbeats);
            if (deepar != null) o.deepar().release(deepar);
        }
        return out;
    }

    /** Whether the selection runs {@code kind}, alone or in the combination. */
    public static boolean uses(ModelKind.Selection sel, ModelKind kind) {
        return sel.kinds().contains(kind) || sel.kinds().contains(ModelKind.COMB) && sel.members().contains(kind);
    }

    private static void forecast(String id, String[] times, double[] y, ForecastSpec spec, ForecasterCatalog catalog, List<ForecastTable.Row> out) {
        int n = y.length, h = spec.horizon(), folds = spec.options().backtest();
        boolean beyond = !spec.holdout() && folds == 0;
        String[] after = beyond ? TimeLabels.after(times, h) : null;      // the same for every model
        ModelKind.Selection names = spec.selection();   // comb's label as sequoia forecast's
        for (ModelKind kind : spec.models()) {
            String model = names.label(kind);
            try {
                Backtest bt = spec.holdout() ? Backtest.holdOut(catalog, n) : folds > 0 ? Backtest.rollingOrigin(catalog, n, folds) : Backtest.beyondEnd(catalog, n);
                Backtest.Result r = Generator.scoped(new Generator(spec.seed()), () -> bt.run(kind, y, null, null, null));
                out.addAll(ForecastTable.rows(id, model, times, y, bt.folds(), r, after));
            } catch (RuntimeException e) {
                out.add(ForecastTable.failure(id, model, e));
            }
        }
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
