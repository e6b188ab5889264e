package io.sequoia.spark;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.Conformal;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link SequoiaSpark#forecast} fits to every series: the models (classical and neural kinds
 * and {@code auto}), the horizon, the seasonal period (0: inferred from each series' time labels, as
 * {@code sequoia forecast} does), the interval level, the transform, an optional ARIMA order, and
 * whether the last {@code horizon} points are held out and scored ({@code holdout}) or the
 * forecasts go beyond the end, and the neural models' settings ({@code neural}; null: the
 * catalogue's defaults for each series' period, as {@code sequoia forecast}). Each series' neural fit
 * draws from its own generator (seeded by the settings' seed), so series forecast side by side on an
 * executor's threads give what one thread fitting them one after another gives.
 * {@code global}: a saved global forecaster (N-BEATS) that {@code nbeats} scores each series with
 * ({@link #withGlobal}); its folder's files travel with the spec. {@code intervals} and {@code conformalWindows}: the models'
 * own prediction intervals or conformal ones ({@link #withIntervals}). Serializable: it travels to the executors with the task.
 * <pre>
 * ForecastSpec s = ForecastSpec.of(18, ModelKind.ETS).withPeriod(12).withHoldout(true);
 * </pre>
 */
public record ForecastSpec(List<ModelKind> models, int horizon, int period, double level, Transform transform, ArimaOrder order,
                           boolean holdout, NeuralConfig neural, ModelShipment global, Conformal.Intervals intervals,
                           int conformalWindows, Options options) implements Serializable {
    /**
     * The rest of {@code sequoia forecast}'s many-series options: {@code backtest} rolling-origin folds of the horizon (0: none;
     * {@code --backtest N}), the combination's {@code members} and whether it takes their {@code median} ({@code comb(a,b,...)},
     * {@code median(a,b,...)}), neural {@code ensemble} size, a trained DeepAR folder ({@code deepar}, with its sampling
     * {@code deeparSamples} and {@code deeparSeed}, null: the folder's own), and how missing values are read:
     * {@code interpolate} fills them linearly ({@code --interpolate}), {@code trimEnds} drops a series' missing values before its
     * first and after its last value (a wide file's empty cells, {@code --wide}).
     */
    public record Options(int backtest, List<ModelKind> members, boolean median, int ensemble, ModelShipment deepar, Integer deeparSamples,
                          Long deeparSeed, boolean interpolate, boolean trimEnds) implements Serializable {
        public Options {
            String w = "ForecastSpec.Options";
            if (backtest < 0) throw Errors.arg(w, "backtest folds must be 0 (none) or more", ">= 0", backtest, null);
            if (ensemble < 1) throw Errors.arg(w, "ensemble must be at least 1", ">= 1", ensemble, null);
            members = List.copyOf(members);
        }

        /** No backtest, comb of SES, Holt and damped, no ensemble, no DeepAR, missing values refused. */
        public static final Options DEFAULT = new Options(0, ModelKind.COMB_DEFAULT, false, 1, null, null, null, false, false);

        public Options withBacktest(int folds) { return new Options(folds, members, median, ensemble, deepar, deeparSamples, deeparSeed, interpolate, trimEnds); }
        public Options withCombination(List<ModelKind> m, boolean med) { return new Options(backtest, m, med, ensemble, deepar, deeparSamples, deeparSeed, interpolate, trimEnds); }
        public Options withEnsemble(int k) { return new Options(backtest, members, median, k, deepar, deeparSamples, deeparSeed, interpolate, trimEnds); }
        public Options withDeepAr(ModelShipment d, Integer samples, Long seed) { return new Options(backtest, members, median, ensemble, d, samples, seed, interpolate, trimEnds); }
        public Options withMissing(boolean interp, boolean trim) { return new Options(backtest, members, median, ensemble, deepar, deeparSamples, deeparSeed, interp, trim); }
    }

    public ForecastSpec {
        String w = "ForecastSpec";
        if (models == null || models.isEmpty()) throw Errors.arg(w, "at least one model is needed", "a non-empty list", models, null);
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (period < 0) throw Errors.arg(w, "period must be 0 (inferred) or at least 1", ">= 0", period, null);
        if (!(level > 0 && level < 1)) throw Errors.arg(w, "level must be in (0, 1)", "0 < level < 1", level, null);
        if (transform == null) throw Errors.arg(w, "transform must not be null", "none, log or boxcox", null, null);
        if (intervals == null) throw Errors.arg(w, "intervals must not be null", "model or conformal", null, null);
        if (conformalWindows < 1) throw Errors.arg(w, "conformal intervals need at least one window", ">= 1", conformalWindows, null);
        if (options == null) options = Options.DEFAULT;
        if (holdout && options.backtest() > 0) throw Errors.arg(w, "a hold-out and a backtest exclude each other", "one of them", "both", null);
        models = List.copyOf(models);
    }

    /** With the other options' defaults ({@link Options#DEFAULT}). */
    public ForecastSpec(List<ModelKind> models, int horizon, int period, double level, Transform transform, ArimaOrder order, boolean holdout,
                        NeuralConfig neural, ModelShipment global, Conformal.Intervals intervals, int conformalWindows) {
        this(models, horizon, period, level, transform, order, holdout, neural, global, intervals, conformalWindows, Options.DEFAULT);
    }

    /** With the models' own intervals. */
    public ForecastSpec(List<ModelKind> models, int horizon, int period, double level, Transform transform, ArimaOrder order, boolean holdout,
                        NeuralConfig neural, ModelShipment global) {
        this(models, horizon, period, level, transform, order, holdout, neural, global, Conformal.Intervals.MODEL, Conformal.DEFAULT_WINDOWS);
    }

    /** Without neural settings: the catalogue's defaults for each series' period. */
    public ForecastSpec(List<ModelKind> models, int horizon, int period, double level, Transform transform, ArimaOrder order, boolean holdout) {
        this(models, horizon, period, level, transform, order, holdout, null, null);
    }

    /** Without a global model. */
    public ForecastSpec(List<ModelKind> models, int horizon, int period, double level, Transform transform, ArimaOrder order, boolean holdout, NeuralConfig neural) {
        this(models, horizon, period, level, transform, order, holdout, neural, null);
    }

    /** {@code models} over {@code horizon} steps beyond the end, period inferred, level 0.95, no transform. */
    public static ForecastSpec of(int horizon, ModelKind... models) {
        return new ForecastSpec(List.of(models), horizon, 0, NeuralConfig.DEFAULT_LEVEL, Transform.NONE, null, false);
    }

    public ForecastSpec withPeriod(int p) { return new ForecastSpec(models, horizon, p, level, transform, order, holdout, neural, global, intervals, conformalWindows, options); }
    public ForecastSpec withLevel(double l) { return new ForecastSpec(models, horizon, period, l, transform, order, holdout, neural, global, intervals, conformalWindows, options); }
    public ForecastSpec withTransform(Transform t) { return new ForecastSpec(models, horizon, period, level, t, order, holdout, neural, global, intervals, conformalWindows, options); }
    public ForecastSpec withOrder(ArimaOrder o) { return new ForecastSpec(models, horizon, period, level, transform, o, holdout, neural, global, intervals, conformalWindows, options); }
    /** Hold out the last {@code horizon} points of each series and score the forecasts of them. */
    public ForecastSpec withHoldout(boolean h) { return new ForecastSpec(models, horizon, period, level, transform, order, h, neural, global, intervals, conformalWindows, options); }
    /** Neural models' settings (the catalogue replaces their horizon, level and period by its own). */
    public ForecastSpec withNeural(NeuralConfig c) { return new ForecastSpec(models, horizon, period, level, transform, order, holdout, c, global, intervals, conformalWindows, options); }
    /** The other options of {@code sequoia forecast} ({@link Options}). */
    public ForecastSpec withOptions(Options o) { return new ForecastSpec(models, horizon, period, level, transform, order, holdout, neural, global, intervals, conformalWindows, o); }

    /**
     * The trained global model {@code nbeats} forecasts every series with: a saved N-BEATS folder
     * ({@code sequoia forecast --nbeats-model DIR}), shipped with the spec and loaded once per executor
     * thread. Its horizon must cover {@code horizon}.
     */
    public ForecastSpec withGlobal(java.nio.file.Path nbeatsFolder) throws java.io.IOException {
        return new ForecastSpec(models, horizon, period, level, transform, order, holdout, neural, ModelShipment.of(nbeatsFolder), intervals, conformalWindows, options);
    }

    /**
     * Which intervals every series' forecasts carry, as {@code sequoia forecast --intervals}: the models' own
     * ({@link Conformal.Intervals#MODEL}, the default) or conformal ones calibrated on {@code windows} rolling-origin windows of
     * the horizon before each series' end ({@link Conformal}); a series too short for them keeps the model's own.
     */
    public ForecastSpec withIntervals(Conformal.Intervals mode, int windows) {
        return new ForecastSpec(models, horizon, period, level, transform, order, holdout, neural, global, mode, windows, options);
    }

    /** The models as the command line names them ({@code comb(ets,theta)} for the combination of its members). */
    public ModelKind.Selection selection() { return new ModelKind.Selection(models, options.members(), options.median()); }

    /** The seed of each series' generator: the neural settings' (the default seed without them). */
    public long seed() { return neural != null ? neural.seed() : NeuralConfig.DEFAULT_SEED; }

    /** The catalogue for one series with seasonal period {@code m}: the same settings {@code sequoia forecast} builds. */
    public ForecasterCatalog catalog(int m) { return catalog(m, null, null); }

    /**
     * As above, {@code nbeats} forecasting with {@code global} and {@code deepar} with {@code deepAr} (models loaded from
     * {@link #global()} and {@link Options#deepar()}; null: none).
     */
    public ForecasterCatalog catalog(int m, io.sequoia.timeseries.global.NBeatsForecaster global, io.sequoia.timeseries.global.DeepArForecaster deepAr) {
        ForecasterCatalog.Builder b = ForecasterCatalog.builder(horizon, m).level(level).transform(transform).arimaOrder(order).global(global)
                .deepar(deepAr).ensemble(options.ensemble()).combination(options.members(), options.median()).intervals(intervals, conformalWindows);
        return (neural == null ? b : b.neural(neural)).build();
    }
}
