package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Arima;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.classical.AutoArima;
import io.sequoia.timeseries.classical.Combination;
import io.sequoia.timeseries.classical.SeasonalAdjustment;
import io.sequoia.timeseries.classical.Theta;
import io.sequoia.timeseries.classical.ExponentialSmoothing;
import io.sequoia.timeseries.classical.Ets;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Forecaster;
import io.sequoia.timeseries.classical.NaiveForecaster;
import io.sequoia.timeseries.classical.StructuralModel;
import io.sequoia.timeseries.global.DeepArForecaster;
import io.sequoia.timeseries.global.GlobalSeries;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.timeseries.neural.NeuralForecaster;
import io.sequoia.timeseries.neural.SeedEnsemble;
import io.sequoia.timeseries.transforms.PointTransform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds and fits the forecasters of {@link ModelKind} for one forecasting task: the horizon, the
 * interval level, the seasonal period and the transform are given once, here, and every model
 * (classical or neural, and {@code auto}) forecasts that horizon at that level. Classical models use
 * the future covariates as regressors (ARIMA) or ignore covariates; neural models see past
 * covariates in the lookback window and future covariates over the horizon too.
 * <pre>
 * ForecasterCatalog c = ForecasterCatalog.builder(24, 12).level(0.8).transform(Transform.LOG).build();
 * Forecast f = c.fit(ModelKind.ETS, y, null, null).forecast(null);   // 24 steps, 80 % interval
 * </pre>
 */
public final class ForecasterCatalog {
    private final int horizon, period, ensemble;
    private final double level;
    private final Transform transform;
    private final ArimaOrder order;        // null: search by AIC
    private final NeuralConfig neural;     // horizon, level and period are the catalogue's
    private final List<String> futureNames;
    private final List<ModelKind> members;  // of comb
    private final boolean median;
    private final int autoTop, autoThreads;
    private final io.sequoia.train.CheckpointSeries checkpoints;   // null: neural trainings are not checkpointed
    private final NBeatsForecaster global;  // nbeats, trained across series; null if none
    private final DeepArForecaster deepar;  // deepar, trained across series; null if none
    private final Conformal.Intervals intervals;
    private final int conformalWindows;

    private ForecasterCatalog(Builder b) {
        String w = "ForecasterCatalog";
        if (b.horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", b.horizon, null);
        if (b.period < 1) throw Errors.arg(w, "period must be at least 1", ">= 1", b.period, null);
        if (!(b.level > 0 && b.level < 1)) throw Errors.arg(w, "level must be in (0, 1)", "0 < level < 1", b.level, null);
        if (b.ensemble < 1) throw Errors.arg(w, "ensemble must be at least 1", ">= 1", b.ensemble, null);
        this.horizon = b.horizon;
        this.period = b.period;
        this.level = b.level;
        this.transform = b.transform;
        this.order = b.order;
        this.ensemble = b.ensemble;
        this.checkpoints = b.checkpoints;
        this.futureNames = b.futureNames;
        for (ModelKind k : b.members) {
            if (k == ModelKind.COMB || k == ModelKind.AUTO) throw Errors.arg(w, "a combination's members are single models", "not comb or auto", k, null);
        }
        if (b.members.isEmpty()) throw Errors.arg(w, "a combination needs members", ">= 1", 0, null);
        this.members = b.members;
        this.median = b.median;
        if (b.autoTop < 1) throw Errors.arg(w, "auto combines at least one model", ">= 1", b.autoTop, null);
        this.autoTop = b.autoTop;
        if (b.autoThreads < 1) throw Errors.arg(w, "auto needs at least one thread", ">= 1", b.autoThreads, null);
        this.autoThreads = b.autoThreads;
        if (b.global != null && b.global.horizon() < b.horizon) {
            throw Errors.arg(w, "the global model must forecast at least the catalogue's horizon", ">= " + b.horizon, b.global.horizon(), null);
        }
        this.global = b.global;
        if (b.deepar != null && b.deepar.horizon() < b.horizon) {
            throw Errors.arg(w, "the global model must forecast at least the catalogue's horizon", ">= " + b.horizon, b.deepar.horizon(), "deepar");
        }
        this.deepar = b.deepar;
        if (b.conformalWindows < 1) throw Errors.arg(w, "conformal intervals need at least one window", ">= 1", b.conformalWindows, null);
        this.intervals = b.intervals;
        this.conformalWindows = b.conformalWindows;
        NeuralConfig base = b.neural != null ? b.neural : NeuralConfig.forPeriod(b.period);
        this.neural = base.toBuilder().horizon(b.horizon).level(b.level).period(b.period).build();
    }

    /** A catalogue forecasting {@code horizon} steps of a series with seasonal period {@code period} (1: none). */
    public static Builder builder(int horizon, int period) { return new Builder(horizon, period); }

    public int horizon() { return horizon; }
    public int period() { return period; }
    public double level() { return level; }
    public Transform transform() { return transform; }
    /** Which intervals the forecasts carry: the model's own, or conformal ({@link Conformal}). */
    public Conformal.Intervals intervals() { return intervals; }
    /** Windows of the horizon the conformal intervals are calibrated on. */
    public int conformalWindows() { return conformalWindows; }
    /** The neural settings every neural kind starts from (with the catalogue's horizon, level and period). */
    public NeuralConfig neural() { return neural; }

    /** The settings neural {@code kind} is trained with (seq2seq is always direct); fails now on settings the kind cannot take. */
    public NeuralConfig neuralFor(ModelKind kind) {
        NeuralConfig.Builder b = neural.toBuilder().arch(kind.arch());
        if (kind == ModelKind.SEQ2SEQ) b.strategy(NeuralConfig.Strategy.DIRECT);
        return b.build();
    }

    /**
     * A fitted model: {@code kind} as asked, {@code chosen} the model that was fitted (the pick of
     * {@code auto}, else {@code kind}), the forecaster (fitted on the transformed series), the fitted
     * transform and a label describing the fit.
     */
    public record Fitted(ModelKind kind, ModelKind chosen, Forecaster model, PointTransform transform, String label, int horizon, double level,
                         Conformal.Calibration conformal) {
        /** A fit with the model's own intervals. */
        public Fitted(ModelKind kind, ModelKind chosen, Forecaster model, PointTransform transform, String label, int horizon, double level) {
            this(kind, chosen, model, transform, label, horizon, level, null);
        }

        /**
         * The catalogue's horizon at its level, on the series' own scale; {@code futureCovariates} is {@code [horizon][k]} or null.
         * With conformal intervals the mean is the model's and the interval the calibrated one.
         */
        public Forecast forecast(double[][] futureCovariates) {
            Forecast f = model.forecast(horizon, futureCovariates, level).map(transform::inverse);
            return conformal == null ? f : conformal.apply(f);
        }

        public Map<String, Double> parameters() { return model.parameters(); }
    }

    /**
     * Fits {@code kind} to {@code y} (the series' own scale; the transform is fitted on it) with past and
     * future covariates ({@code [time][k]} or null). {@code auto} scores each of {@link ModelKind#AUTO_CANDIDATES} by a
     * rolling-origin backtest on the training part ({@link #AUTO_FOLDS} folds of min(horizon, n/5) points, mean sMAPE on
     * the series' scale, or MASE for a series with a value at or below zero: {@link #autoMetric}), then refits the best one, or the mean of the best {@code autoTop} among those whose score is
     * within {@link #AUTO_NEAR} of the best's, on all of {@code y}. In the backtest a candidate chooses its structure
     * (ETS's components, ARIMA's orders) on the first fold's training part and re-estimates only its parameters on the
     * later folds, which see more data, never less; the refit on all of {@code y} chooses again.
     */
    public Fitted fit(ModelKind kind, double[] y, double[][] past, double[][] future) {
        Fitted f = fitModel(kind, y, past, future);
        if (intervals == Conformal.Intervals.MODEL) return f;
        Conformal.Calibration c = calibrate(kind, y, past, future);
        return new Fitted(f.kind(), f.chosen(), f.model(), f.transform(), f.label() + "; " + c.describe(), f.horizon(), f.level(), c);
    }

    /**
     * The conformal calibration of {@code kind} on {@code y} ({@link Conformal}): the model fitted as {@link #fit} fits it on
     * the points before each origin n − h, n − 2h, … whose training part keeps at least {@link Backtest#minTrain} points, up
     * to {@link Builder#intervals} windows, each forecasting the horizon after its origin. Too few windows for the scores
     * the level needs: the model's own intervals, with the reason. A window the model cannot fit (too short for it) ends the
     * windows there.
     */
    public Conformal.Calibration calibrate(ModelKind kind, double[] y, double[][] past, double[][] future) {
        int n = y.length, h = horizon, min = Backtest.minTrain(period), need = Conformal.scoresNeeded(level);
        int room = 0;
        while (room < conformalWindows && n - (room + 1) * h >= min) room++;
        final int count = room;
        List<Conformal.Window> got = inParallel(count, i -> {
            int origin = n - (i + 1) * h;
            try {
                Fitted f = fitModel(kind, Arrays.copyOf(y, origin), rows(past, 0, origin), rows(future, 0, origin));
                return new Conformal.Window(Arrays.copyOfRange(y, origin, origin + h), f.forecast(rows(future, origin, origin + h)));
            } catch (IllegalArgumentException cannot) {
                return null;
            }
        }, i -> true);
        List<Conformal.Window> windows = new java.util.ArrayList<>();
        for (Conformal.Window w : got) { if (w == null) break; windows.add(w); }
        if (windows.size() * h < need) return Conformal.tooShort(n, windows.size(), conformalWindows, h, need, min);
        return Conformal.calibrate(windows, level);
    }

    private Fitted fitModel(ModelKind kind, double[] y, double[][] past, double[][] future) {
        PointTransform tr = transform.fit(y);
        double[] ty = tr.forward(y);
        if (kind != ModelKind.AUTO) return fitTransformed(kind, ty, tr, past, future);
        List<Score> scores = backtestCandidates(y, past, future);
        List<ModelKind> top = new java.util.ArrayList<>();
        double limit = scores.get(0).score() * (1 + AUTO_NEAR);
        for (int i = 0; i < Math.min(autoTop, scores.size()); i++) if (i == 0 || scores.get(i).score() <= limit) top.add(scores.get(i).kind());
        StringBuilder sb = new StringBuilder(autoMetric(y)).append(' ');
        int head = sb.length();   // 5 after "MASE ": three decimals for MASE, two for sMAPE (percent)
        for (Score sc : scores) sb.append(sb.length() == head ? "" : ", ").append(sc.kind().id()).append(String.format(Locale.ROOT, head == 5 ? " %.3f" : " %.2f", sc.score()));
        List<Fitted> fitted = inParallel(top.size(), i -> fitTransformed(top.get(i), ty, tr, past, future), i -> top.get(i) == ModelKind.ETS || top.get(i) == ModelKind.SARIMA);
        if (top.size() == 1) {
            Fitted f = fitted.get(0);
            return new Fitted(kind, top.get(0), f.model(), tr, "auto → " + top.get(0).id() + " (" + f.label() + "; backtest " + sb + ")", horizon, level);
        }
        List<Forecaster> models = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < top.size(); i++) { models.add(fitted.get(i).model()); names.add(top.get(i).id()); }
        Combination c = Combination.ofFitted(models, names, false);
        return new Fitted(kind, ModelKind.COMB, c, tr, "auto → " + c.name() + " (backtest " + sb + ")", horizon, level);
    }

    /** How many of the best candidates {@code auto} averages by default. */
    public static final int DEFAULT_AUTO_TOP = 3;

    /**
     * A candidate joins {@code auto}'s combination only if its backtest sMAPE is at most this fraction above the
     * best's: averaging in a candidate that backtested far worse makes the combination worse than the best alone.
     */
    public static final double AUTO_NEAR = 0.25;

    /** Folds of the backtest inside {@code auto}. */
    public static final int AUTO_FOLDS = 2;

    /** A candidate's backtest score: mean sMAPE or MASE over the folds ({@link #autoMetric}). */
    record Score(ModelKind kind, double score) {}

    /**
     * The error {@code auto}'s backtest ranks the candidates by: sMAPE for a series of positive values (as before), MASE
     * (the fold's errors over the in-sample seasonal-naive error of its training part, Hyndman &amp; Koehler 2006) when a value
     * is zero or negative. sMAPE divides by |y| + |ŷ|, which is near zero around a zero crossing: there a point's error
     * is near 200 % whatever the forecast, and a few such points decide the ranking.
     */
    static String autoMetric(double[] y) {
        for (double v : y) if (!(v > 0)) return "MASE";
        return "sMAPE";
    }

    /** MASE of {@code f} on {@code actual} after {@code train}: seasonal-naive scale where two seasons fit, else naive; MAE for a constant training part. */
    private double foldMase(double[] actual, double[] f, double[] train) {
        int lag = period >= 2 && train.length > 2 * period ? period : 1;
        try {
            return ForecastMetrics.mase(actual, f, train, lag);
        } catch (IllegalArgumentException constant) {
            return ForecastMetrics.mae(actual, f);
        }
    }

    private List<Score> backtestCandidates(double[] y, double[][] past, double[][] fut) {
        int n = y.length, hf = Math.max(1, Math.min(horizon, n / 5)), minTrain = Math.max(4, Math.min(2 * period + 2, n / 2));
        int folds = AUTO_FOLDS;
        while (folds > 1 && n - folds * hf < minTrain) folds--;
        if (n - folds * hf < 4) throw Errors.arg("ForecasterCatalog", "auto needs a series long enough for a backtest", ">= " + (hf + 4) + " points", n, null);
        List<io.sequoia.timeseries.data.TimeSplit> splits = io.sequoia.timeseries.data.TimeSplit.rollingOrigin(n, folds, hf, Math.min(minTrain, n - folds * hf));
        List<ModelKind> candidates = new java.util.ArrayList<>();
        for (ModelKind c : ModelKind.AUTO_CANDIDATES) if (c != ModelKind.SNAIVE || period >= 2) candidates.add(c);
        boolean mase = autoMetric(y).equals("MASE");
        List<Score> out = inParallel(candidates.size(), i -> {
            ModelKind c = candidates.get(i);
            try {
                double sum = 0;
                Forecaster first = null;
                for (io.sequoia.timeseries.data.TimeSplit s : splits) {
                    int end = s.trainEnd();
                    double[] train = Arrays.copyOf(y, end);
                    PointTransform tr = transform.fit(train);
                    Forecaster m = first == null ? fitTransformed(c, tr.forward(train), tr, rows(past, 0, end), rows(fut, 0, end)).model()
                            : reestimate(c, first, tr.forward(train), tr, rows(past, 0, end), rows(fut, 0, end));
                    if (first == null) first = m;
                    double[] f = m.forecast(hf, rows(fut, end, end + hf), level).map(tr::inverse).mean();
                    double[] actual = Arrays.copyOfRange(y, end, end + hf);
                    sum += mase ? foldMase(actual, f, train) : ForecastMetrics.smape(actual, f);
                }
                return Double.isFinite(sum) ? new Score(c, sum / splits.size()) : null;
            } catch (IllegalArgumentException skip) {
                return null;   // the candidate does not apply to this series (too short, no season): not a choice
            }
        }, i -> candidates.get(i) == ModelKind.ETS || candidates.get(i) == ModelKind.SARIMA);
        List<Score> scores = new java.util.ArrayList<>();
        for (Score sc : out) if (sc != null) scores.add(sc);   // in the candidates' order: the sort below is stable
        if (scores.isEmpty()) throw Errors.arg("ForecasterCatalog", "auto found no candidate that fits the backtest folds", "one of " + ModelKind.AUTO_CANDIDATES, "none", "fold length " + hf);
        scores.sort(java.util.Comparator.comparingDouble(Score::score));
        return scores;
    }

    /**
     * {@code kind} on a later fold's training part {@code y} (transformed): ETS and a searched ARIMA keep the structure
     * they chose on the first fold ({@code first}) and only re-estimate its parameters; every other candidate is refitted
     * as it is. Where that structure cannot be fitted, the fold chooses its own.
     */
    private Forecaster reestimate(ModelKind kind, Forecaster first, double[] y, PointTransform tr, double[][] past, double[][] future) {
        try {
            if (first instanceof Ets e) return e.unfitted().fit(y, null);
            if (first instanceof Arima a && order == null) return a.unfitted().fit(y, future);
        } catch (IllegalArgumentException cannot) {
            // the fold chooses its own structure below
        }
        return fitTransformed(kind, y, tr, past, future).model();
    }

    /**
     * {@code task(0..count-1)} on {@link Builder#autoThreads} threads (the tasks {@code slow} says are slow started first),
     * results in index order; a task's runtime exception is rethrown as it is.
     */
    private <T> List<T> inParallel(int count, java.util.function.IntFunction<T> task, java.util.function.IntPredicate slow) {
        List<T> out = new java.util.ArrayList<>(java.util.Collections.nCopies(count, null));
        int threads = Math.min(autoThreads, count);
        if (threads <= 1) {
            for (int i = 0; i < count; i++) out.set(i, task.apply(i));
            return out;
        }
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) if (slow.test(i)) order.add(i);
        for (int i = 0; i < count; i++) if (!slow.test(i)) order.add(i);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "auto");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<T>> fs = new java.util.ArrayList<>(java.util.Collections.nCopies(count, null));
            for (int i : order) fs.set(i, pool.submit(() -> task.apply(i)));
            for (int i = 0; i < count; i++) out.set(i, fs.get(i).get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ForecasterCatalog: auto was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error er) throw er;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Fitted fitTransformed(ModelKind kind, double[] y, PointTransform tr, double[][] past, double[][] future) {
        String w = "ForecasterCatalog";
        boolean seasonal = period > 1 && y.length >= 2 * period + 2;
        Forecaster model;
        String label;
        switch (kind) {
            case NAIVE, DRIFT, SNAIVE -> {
                if (kind == ModelKind.SNAIVE && period < 2) throw Errors.arg(w, "snaive needs a seasonal period", ">= 2", period, "Hint: pass --period N");
                NaiveForecaster.Kind k = kind == ModelKind.NAIVE ? NaiveForecaster.Kind.NAIVE : kind == ModelKind.DRIFT ? NaiveForecaster.Kind.DRIFT : NaiveForecaster.Kind.SEASONAL_NAIVE;
                model = new NaiveForecaster(k, kind == ModelKind.SNAIVE ? period : 1).fit(y, null);
                label = kind.id();
            }
            case ARIMA, SARIMA -> {
                Arima a;
                List<String> names = future == null ? null : futureNames;
                if (order != null) {
                    if (kind == ModelKind.SARIMA && !order.seasonal()) throw Errors.arg(w, "sarima needs a seasonal order P,D,Q,s (or none, for a search)", "a seasonal order", order, null);
                    a = new Arima(order, order.d() + order.sd() == 0, names).fit(y, future);
                } else {
                    a = AutoArima.fit(y, future, names, kind == ModelKind.SARIMA ? period : 1, 2);
                }
                model = a;
                label = a.order().toString() + (a.drift() ? " with drift" : "");
            }
            case ETS -> {
                Ets e = Ets.auto(y, period);
                model = e;
                label = e.label();
            }
            case HOLT_WINTERS -> {
                if (!seasonal) throw Errors.arg(w, "holt-winters needs a seasonal period and two full seasons", ">= " + (2 * period + 2) + " points with period >= 2", y.length + " points, period " + period, null);
                boolean positive = Arrays.stream(y).allMatch(v -> v > 0);
                ExponentialSmoothing.Season s = positive ? ExponentialSmoothing.Season.MULTIPLICATIVE : ExponentialSmoothing.Season.ADDITIVE;
                ExponentialSmoothing e = new ExponentialSmoothing(ExponentialSmoothing.Trend.ADDITIVE, s, period).fit(y, null);
                model = e;
                label = e.label();
            }
            case THETA, DOTM -> {
                Theta.Method method = kind == ModelKind.THETA ? Theta.Method.STANDARD : Theta.Method.DYNAMIC_OPTIMISED;
                SeasonalAdjustment.Adjusted a = new SeasonalAdjustment.Adjusted(new Theta(method), period).fit(y, null);
                model = a;
                label = kind.id() + (a.adjusted() ? " (seasonally adjusted)" : "");
            }
            case SES, HOLT, DAMPED -> {
                ExponentialSmoothing.Trend t = kind == ModelKind.SES ? ExponentialSmoothing.Trend.NONE
                        : kind == ModelKind.HOLT ? ExponentialSmoothing.Trend.ADDITIVE : ExponentialSmoothing.Trend.DAMPED;
                SeasonalAdjustment.Adjusted a = new SeasonalAdjustment.Adjusted(new ExponentialSmoothing(t, ExponentialSmoothing.Season.NONE, 1), period).fit(y, null);
                model = a;
                label = kind.id() + (a.adjusted() ? " (seasonally adjusted)" : "");
            }
            case COMB -> {
                List<Forecaster> fitted = new java.util.ArrayList<>();
                List<String> names = new java.util.ArrayList<>();
                for (ModelKind k : members) {
                    fitted.add(fitTransformed(k, y, tr, past, future).model());
                    names.add(k.id());
                }
                model = Combination.ofFitted(fitted, names, median);
                label = model.name();
            }
            case NBEATS -> {
                if (global == null) throw Errors.arg(w, "nbeats is trained across many series before it forecasts one", "a trained global model", "none",
                        "Hint: forecast many series (--id-col), run 'bench m3', or load a trained folder");
                model = new GlobalSeries(global, tr).fit(y, null);
                label = global.describe();
            }
            case DEEPAR -> {
                if (deepar == null) throw Errors.arg(w, "deepar is trained across many series before it forecasts one", "a trained global model", "none",
                        "Hint: forecast many series (--id-col), run 'bench m3', or load a trained folder");
                model = new GlobalSeries(deepar, tr).fit(y, null);
                label = deepar.describe();
            }
            case KALMAN -> {
                model = new StructuralModel(seasonal ? StructuralModel.Kind.BSM : StructuralModel.Kind.TREND, period).fit(y, null);
                label = seasonal ? "BSM" : "local linear trend";
            }
            case LSTM, GRU, SEQ2SEQ, TRANSFORMER -> {
                NeuralConfig c = neuralFor(kind);
                label = kind.id() + " " + c.strategy().toString().toLowerCase(Locale.ROOT) + ", lookback " + c.lookback() + ", hidden " + c.hiddenSize()
                        + ", " + c.normalize().toString().toLowerCase(Locale.ROOT) + " normalisation";
                if (ensemble > 1) {
                    model = new SeedEnsemble(c, ensemble).checkpoints(checkpoints).fit(y, past, future);
                    label += ", ensemble of " + ensemble;
                } else {
                    NeuralForecaster f = new NeuralForecaster(c);
                    if (checkpoints != null) f.checkpointing(checkpoints.next(f.name() + "-seed" + c.seed()));
                    model = f.fit(y, past, future);
                }
            }
            default -> throw Errors.arg(w, "auto is chosen among the other kinds, not fitted itself", "a model kind", kind, null);
        }
        return new Fitted(kind, kind, model, tr, label, horizon, level);
    }

    static double[][] rows(double[][] m, int from, int to) { return m == null ? null : Arrays.copyOfRange(m, from, to); }

    /** Settings of a catalogue; everything but the horizon and period has a default. */
    public static final class Builder {
        private final int horizon, period;
        private double level = NeuralConfig.DEFAULT_LEVEL;
        private Transform transform = Transform.NONE;
        private ArimaOrder order;
        private NeuralConfig neural;
        private int ensemble = 1;
        private io.sequoia.train.CheckpointSeries checkpoints;
        private List<String> futureNames = List.of();
        private List<ModelKind> members = ModelKind.COMB_DEFAULT;
        private boolean median;
        private int autoTop = DEFAULT_AUTO_TOP;
        private int autoThreads = 1;
        private NBeatsForecaster global;
        private DeepArForecaster deepar;
        private Conformal.Intervals intervals = Conformal.Intervals.MODEL;
        private int conformalWindows = Conformal.DEFAULT_WINDOWS;

        private Builder(int horizon, int period) { this.horizon = horizon; this.period = period; }

        /** Central prediction-interval level (default 0.95). */
        public Builder level(double v) { level = v; return this; }
        /** Transform fitted on each training part (default none). */
        public Builder transform(Transform v) { transform = v; return this; }
        /** ARIMA order for arima/sarima (default: chosen by AIC). */
        public Builder arimaOrder(ArimaOrder v) { order = v; return this; }
        /** Neural settings (default {@link NeuralConfig#forPeriod}); the catalogue sets their horizon, level and period. */
        public Builder neural(NeuralConfig v) { neural = v; return this; }
        /** Neural models: average {@code k} networks with consecutive seeds (default 1). */
        public Builder ensemble(int k) { ensemble = k; return this; }
        /** Checkpoint every neural training, in the order they run, in {@code series} (and resume them from it); default none. */
        public Builder checkpoints(io.sequoia.train.CheckpointSeries series) { checkpoints = series; return this; }
        /** {@code auto}: the mean of the best {@code k} candidates by backtest (default {@link #DEFAULT_AUTO_TOP}; 1 keeps the best alone). */
        public Builder autoTop(int k) { autoTop = k; return this; }
        /**
         * {@code auto}: fit and backtest its candidates on {@code k} threads (default 1; the results do not depend on it).
         * Many series fitted in parallel keep 1; one series on an otherwise idle machine gains from more.
         */
        public Builder autoThreads(int k) { autoThreads = k; return this; }
        /** Members of {@code comb} (default {@link ModelKind#COMB_DEFAULT}) and whether it takes their median instead of their mean. */
        public Builder combination(List<ModelKind> kinds, boolean useMedian) { members = List.copyOf(kinds); median = useMedian; return this; }
        /** Names of the future covariates (reported as ARIMA regressor names). */
        public Builder futureNames(List<String> names) { futureNames = List.copyOf(names); return this; }

        /** The trained global model {@code nbeats} forecasts with (default none: nbeats then fails). */
        public Builder global(NBeatsForecaster model) { global = model; return this; }

        /** The trained global model {@code deepar} forecasts with (default none: deepar then fails). */
        public Builder deepar(DeepArForecaster model) { deepar = model; return this; }

        /**
         * Which intervals the forecasts carry (default {@link Conformal.Intervals#MODEL}, the model's own) and, for
         * {@link Conformal.Intervals#CONFORMAL}, on how many windows of the horizon they are calibrated (default {@link Conformal#DEFAULT_WINDOWS}).
         */
        public Builder intervals(Conformal.Intervals mode, int windows) { intervals = mode; conformalWindows = windows; return this; }

        public ForecasterCatalog build() { return new ForecasterCatalog(this); }
    }
}
