package io.sequoia.cli.forecast;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.SeasonalPeriod;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.cli.TrainingOptions;
import io.sequoia.cli.Usage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequoia forecast}: fits classical and neural forecasters to a series from a CSV file and
 * compares them on the same split (hold-out {@code --holdout N} or rolling-origin {@code --backtest N}),
 * or forecasts beyond the end of the series. The work is the library's ({@link ForecasterCatalog},
 * {@link Backtest}); this command reads options and data and prints. Bad usage (including an option
 * that has no effect on the chosen models) exits 2; a failure while running exits 1.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast a time series with classical and neural models and compare them on one split.",
                "Example: sequoia forecast --data ../shared/data/timeseries/airline-passengers.csv --target Passengers "
                        + "--transform log --model snaive,sarima,holt-winters,lstm --holdout 24 --order 0,1,1 --seasonal 0,1,1,12"})
public final class ForecastCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    /** --epochs --batch-size --lr --seed --max-minutes --clip (neural models) and --out DIR, --json. */
    @Mixin TrainingOptions training = TrainingOptions.defaults(NeuralConfig.DEFAULT_EPOCHS, NeuralConfig.DEFAULT_BATCH_SIZE, NeuralConfig.DEFAULT_LR,
            NeuralConfig.DEFAULT_SEED, NeuralConfig.DEFAULT_CLIP_NORM);

    @Option(names = "--data", required = true, description = "CSV file with a header row.") Path data;
    @Option(names = "--target", description = "Column to forecast (required unless --wide).") String target;
    @Option(names = "--wide", description = "Many series in one wide file: the time column (--time, default the first) and one column per series, named by its header; "
            + "every series is forecast, in parallel, as with --id-col. A series' empty cells before its first value and after its last are not part of it.") boolean wide;
    @Option(names = "--id-col", description = "Many series in one long-format file (e.g. unique_id,ds,y): the column naming each row's series; every series is forecast, in parallel.") String idCol;
    @Option(names = "--time", description = "Time column (default: the first column unless it is the target).") String time;
    @Option(names = "--covariates", split = ",", description = "Covariates known only in the past (neural models see them in the lookback window).") List<String> covariates = new ArrayList<>();
    @Option(names = "--future-covariates", split = ",", description = "Covariates known over the forecast horizon too (regressors of ARIMA; decoder inputs of neural models).") List<String> futureCovariates = new ArrayList<>();
    @Option(names = "--future-csv", description = "Values of the future covariates after the end of the series (needed without --holdout/--backtest).") Path futureCsv;
    @Option(names = "--interpolate", description = "Fill missing values linearly instead of failing.") boolean interpolate;
    @Option(names = "--transform", converter = ForecastOptions.Transforms.class, description = "none, log or boxcox (λ fitted on each training part) (default: ${DEFAULT-VALUE}).") Transform transform = Transform.NONE;
    @Option(names = "--horizon", description = "Steps to forecast (default: the --holdout length).") Integer horizon;
    @Option(names = "--model", split = ",(?![^()]*\\))", splitSynopsisLabel = ",", description = "Comma-separated models: lstm, gru, seq2seq, transformer, nbeats and deepar (global: --id-col, or --nbeats-model/--deepar-model), arima, sarima, ets, holt-winters, kalman, naive, snaive, drift, "
            + "theta, dotm, ses, holt, damped, comb (SES, Holt and damped averaged), comb(a,b,...) or median(a,b,...) of any of them, auto (default: auto).") List<String> modelNames = List.of("auto");
    private List<ModelKind> models;
    private ModelKind.Selection selection;
    @Option(names = "--order", description = "ARIMA order p,d,q (default: chosen by AIC).") String orderText;
    @Option(names = "--seasonal", description = "Seasonal order P,D,Q,s.") String seasonalText;
    @Option(names = "--period", description = "Seasonal period (default: from --seasonal, else from the time labels: monthly 12, quarterly 4, daily 7; where the labels cannot tell, e.g. 1, 2, 3, …, from the values: an autocorrelation peak, printed).") Integer period;
    @Option(names = "--holdout", description = "Hold out the last N points and score the forecasts of them.") Integer test;
    @Option(names = "--backtest", description = "Rolling-origin backtest with N folds of --horizon steps each.") Integer backtest;
    @Option(names = "--level", description = "Prediction interval level, for every model with intervals (default: ${DEFAULT-VALUE}).") double level = NeuralConfig.DEFAULT_LEVEL;
    @Option(names = "--lookback", description = "Neural: input window, past steps per sample (default: 2 periods, at least 12).") Integer lookback;
    @Option(names = "--hidden", description = "Neural: hidden size, the network's width (recurrent state; the transformer's dModel, 4 heads) (default: ${DEFAULT-VALUE}).") int hidden = NeuralConfig.DEFAULT_HIDDEN;
    @Option(names = "--layers", description = "Neural: stacked layers (default: ${DEFAULT-VALUE}).") int layers = NeuralConfig.DEFAULT_LAYERS;
    @Option(names = "--patience", description = "Neural: early-stopping patience in epochs (default: ${DEFAULT-VALUE}).") int patience = NeuralConfig.DEFAULT_PATIENCE;
    @Option(names = "--valid-fraction", description = "Neural: share of the training windows, the latest, used for early stopping (default: ${DEFAULT-VALUE}).") double validFraction = NeuralConfig.DEFAULT_VALID_FRACTION;
    @Option(names = "--dropout", description = "Neural: dropout (default: ${DEFAULT-VALUE}).") double dropout = NeuralConfig.DEFAULT_DROPOUT;
    @Option(names = "--mc-samples", description = "Neural: MC dropout passes for intervals (needs --dropout > 0) (default: 0, off).") int mcSamples;
    @Option(names = "--head", converter = ForecastOptions.Heads.class, description = "Neural: point, gaussian or quantile (default: point).") NeuralConfig.Head head = NeuralConfig.Head.POINT;
    @Option(names = "--strategy", converter = ForecastOptions.Strategies.class, description = "Neural: direct or recursive (default: direct).") NeuralConfig.Strategy strategy = NeuralConfig.Strategy.DIRECT;
    @Option(names = "--normalize", converter = ForecastOptions.Normalizations.class, description = "Neural: none, last (inputs and targets minus the window's last value) or seasonal (targets minus the value one period earlier) (default: seasonal when the lookback covers a period of at least 2, else last).") NeuralConfig.Normalize normalize;
    @Option(names = "--ensemble", description = "Neural: average K networks with seeds seed … seed+K−1 (default: ${DEFAULT-VALUE}).") int ensemble = 1;
    @Option(names = "--plot", description = "Write a PNG with history, forecasts and intervals.") Path plot;
    /** --nbeats-*: the global model (trained on all series of --id-col, or loaded with --nbeats-model). */
    @Mixin NBeatsOptions nbeats = new NBeatsOptions();
    /** --deepar-*: the global DeepAR model (trained on all series of --id-col, or loaded with --deepar-model). */
    @Mixin DeepArOptions deepar = new DeepArOptions();
    /** --intervals model|conformal, --conformal-windows N. */
    @Mixin IntervalOptions intervals = new IntervalOptions();
    /** The intervals without --intervals: the models' own. */
    static final io.sequoia.timeseries.Conformal.Intervals DEFAULT_INTERVALS = io.sequoia.timeseries.Conformal.Intervals.MODEL;

    /** Options that only neural models read. */
    static final List<String> NEURAL_OPTIONS = io.sequoia.timeseries.ForecastUsage.NEURAL_OPTIONS;

    @Override public Integer call() throws Exception {
        checkUsage();
        if (many()) return manySeries();
        List<String> allCov = new ArrayList<>(new LinkedHashSet<>(concat(covariates, futureCovariates)));
        TimeSeries series = SeriesCsv.read(data, target, time, allCov, interpolate ? SeriesCsv.Missing.INTERPOLATE : SeriesCsv.Missing.ERROR);
        int n = series.length(), h = horizon != null ? horizon : test;
        ArimaOrder order = parseOrder();
        int m = io.sequoia.timeseries.ForecastUsage.givenPeriod(period, order);
        if (m == 0) m = inferPeriod(series.times(), series.target(), spec);
        ForecasterCatalog catalog;
        try {
            catalog = ForecasterCatalog.builder(h, m).level(level).transform(transform).arimaOrder(order).neural(neuralConfig(m))
                    .ensemble(ensemble).autoThreads(Runtime.getRuntime().availableProcessors()).futureNames(futureCovariates).combination(selection.members(), selection.median()).checkpoints(checkpoints())
                    .intervals(intervals.mode(DEFAULT_INTERVALS), intervals.windows())
                    .global(NBeatsOptions.used(selection) ? nbeats.obtain(List.of(), h, m, System.err) : null)
                    .deepar(DeepArOptions.used(selection) ? deepar.obtain(List.of(), h, m, System.err) : null).build();
            for (ModelKind k : models) if (k.isNeural()) catalog.neuralFor(k);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        checkSplit(n, h, m, "the series has");
        checkLongEnough(catalog, n, h);
        checkOrderFits(order, n, h);
        Backtest backtestRun = test != null ? Backtest.holdOut(catalog, n) : backtest != null ? Backtest.rollingOrigin(catalog, n, backtest) : Backtest.beyondEnd(catalog, n);
        double[][] past = series.matrix(covariates), fut = series.matrix(futureCovariates);
        double[][] futAfter = backtestRun.beyondEnd() && fut != null ? readFuture(h) : null;

        ForecastReport report = new ForecastReport(System.out, training.json);
        report.header(series, m, transform, backtestRun.folds(), h);
        List<Backtest.Result> results = new ArrayList<>();
        for (ModelKind kind : models) {
            Backtest.Result r = backtestRun.run(kind, series.target(), past, fut, futAfter);
            results.add(r);
            report.row(r);
            if (r.conformal() != null && r.conformal().isFallback()) {
                spec.commandLine().getErr().println("forecast: warning: " + r.kind().id() + ": " + r.conformal().fallback()
                        + "; its intervals are the model's own (Hint: --conformal-windows 1, or a shorter --horizon)");
                spec.commandLine().getErr().flush();
            }
        }
        if (training.out != null) {
            Files.createDirectories(training.out);
            report.writeCsv(training.out.resolve("forecasts.csv"), series, backtestRun.folds(), results);
        }
        if (plot != null) ForecastPlot.write(plot, series, backtestRun.folds(), results, target);
        report.futureValues(results, series, backtestRun.folds(), level);
        report.footer(results, series, backtestRun.folds(), h, transform, m); // the JSON line comes last
        return 0;
    }

    private int manySeries() throws Exception {
        SeriesCsv.Missing missing = interpolate ? SeriesCsv.Missing.INTERPOLATE : SeriesCsv.Missing.ERROR;
        java.util.Map<String, TimeSeries> all = wide ? SeriesCsv.readWide(data, time, missing) : SeriesCsv.readLong(data, idCol, target, time, missing);
        int h = horizon != null ? horizon : test;
        ArimaOrder order = parseOrder();
        TimeSeries first = all.values().iterator().next();
        int m = io.sequoia.timeseries.ForecastUsage.givenPeriod(period, order);
        if (m == 0) m = inferPeriod(first.times(), first.target(), spec);
        checkSplit(all.values().stream().mapToInt(TimeSeries::length).max().orElse(0), h, m, "the longest series has");
        ForecasterCatalog catalog;
        // one series of checkpoints for every training of the run, in a fixed order: the global models first (N-BEATS
        // member by member, then DeepAR), then the per-series neural models (ManySeries)
        io.sequoia.train.CheckpointSeries checkpoints = checkpoints();
        try {
            io.sequoia.timeseries.global.NBeatsForecaster global = global(all, h, m, checkpoints);
            catalog = ForecasterCatalog.builder(h, m).level(level).transform(transform).arimaOrder(order).neural(neuralConfig(m))
                    .ensemble(ensemble).combination(selection.members(), selection.median()).global(global)
                    .deepar(DeepArOptions.used(selection) ? deepar.obtain(trainingParts(all, h), h, m, System.err, checkpoints) : null)
                    .intervals(intervals.mode(DEFAULT_INTERVALS), intervals.windows()).checkpoints(checkpoints).build();
            for (ModelKind k : models) if (k.isNeural()) catalog.neuralFor(k);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new ManySeries(all, catalog, selection, test, backtest, Runtime.getRuntime().availableProcessors(), System.out, spec.commandLine().getErr(), training.json).run(training.out);
    }

    /**
     * The global model for many series: loaded, or trained on the part of every series that no fold tests
     * (all but the held-out points, or before the first backtest origin; everything without a test).
     */
    private io.sequoia.timeseries.global.NBeatsForecaster global(java.util.Map<String, TimeSeries> all, int h, int m,
                                                                io.sequoia.train.CheckpointSeries checkpoints) throws java.io.IOException {
        if (!NBeatsOptions.used(selection)) return null;
        return nbeats.obtain(trainingParts(all, h), h, m, System.err, checkpoints);
    }

    /** The part of every series that no fold tests: all but the held-out points, or before the first backtest origin. */
    private List<double[]> trainingParts(java.util.Map<String, TimeSeries> all, int h) {
        int cut = test != null ? test : backtest != null ? backtest * h : 0;
        List<double[]> parts = new ArrayList<>();
        for (TimeSeries s : all.values()) if (s.length() > cut) parts.add(java.util.Arrays.copyOf(s.target(), s.length() - cut));
        return parts;
    }

    /**
     * The seasonal period from the time labels, or, where they cannot tell (an index 1, 2, 3, …), from the values
     * (an autocorrelation peak, {@link SeasonalPeriod#fromValues}); the latter is printed, so that it can be overridden.
     */
    static int inferPeriod(String[] times, double[] y, CommandSpec spec) {
        SeasonalPeriod.Inferred p = SeasonalPeriod.infer(times, y);
        if (p.source().equals("values")) {
            spec.commandLine().getErr().println(spec.name() + ": the time labels do not give the seasonal period; inferred from the values: "
                    + (p.period() > 1 ? "period " + p.period() + " (autocorrelation peak)" : "1, no season") + "; pass --period N to set it");
        }
        return p.period();
    }

    /**
     * --holdout must leave training points and --backtest's first fold at least {@link Backtest#minTrain}: refused (exit 2)
     * before any model runs, naming the options, the series' length ({@code what}: whose) and the limit. With many series
     * the longest one is checked (a shorter one fails alone, as any series a model cannot fit).
     */
    private void checkSplit(int n, int h, int m, String what) {
        try {
            io.sequoia.timeseries.ForecastUsage.checkSplit(test, backtest, n, h, m, what);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The longest forecast: its values, intervals and time labels are held in memory (issue 17, resource limits). */
    static final int MAX_HORIZON = io.sequoia.timeseries.ForecastUsage.MAX_HORIZON;

    /**
     * A neural model trains on windows of lookback + horizon points (+ 2, the fewest NeuralForecaster.fit takes) of the part no
     * fold tests; a shorter series is refused before any model runs (exit 2), naming the options, the length and the limit.
     */
    private void checkLongEnough(ForecasterCatalog catalog, int n, int h) {
        int cut = test != null ? test : backtest != null ? backtest * h : 0;
        java.util.Set<ModelKind> kinds = new LinkedHashSet<>(models);
        if (models.contains(ModelKind.COMB)) kinds.addAll(selection.members());
        for (ModelKind k : kinds) {
            if (!k.isNeural()) continue;
            io.sequoia.timeseries.neural.NeuralConfig c = catalog.neuralFor(k);
            int need = c.lookback() + c.netHorizon() + 2;
            if (n - cut < need) {
                throw usage("--lookback, --horizon: model " + k + " trains on windows of lookback " + c.lookback() + " + horizon " + c.netHorizon()
                        + " points, so it needs a series of at least " + need + " points before the " + (cut == 0 ? "forecast" : "tested part")
                        + "; expected >= " + need + ", got " + (n - cut) + " (" + n + " points" + (cut == 0 ? "" : ", " + cut + " tested") + ")"
                        + ". Hint: a smaller --lookback (default 2 periods, at least 12), a shorter horizon, or a classical model (e.g. --model auto)");
            }
        }
    }

    /**
     * An explicit --order/--seasonal must leave ARIMA more points after differencing than coefficients to estimate: refused (exit 2)
     * before fitting, with the order, the points needed and the series' length (the fit itself would fail naming its internals).
     */
    private void checkOrderFits(ArimaOrder order, int n, int h) {
        if (order == null || models.stream().noneMatch(k -> k == ModelKind.ARIMA || k == ModelKind.SARIMA)) return;
        int cut = test != null ? test : backtest != null ? backtest * h : 0;
        int lost = order.d() + order.sd() * order.s(), need = order.armaCount() + 2 + lost;
        if (n - cut < need) {
            throw usage((seasonalText != null ? "--order, --seasonal: " : "--order: ") + order + " estimates " + order.armaCount() + " AR/MA coefficients and loses " + lost
                    + " points to differencing, so it needs a series of at least " + need + " points" + (cut == 0 ? "" : " before the tested part")
                    + "; expected >= " + need + ", got " + (n - cut) + " (" + n + " points" + (cut == 0 ? "" : ", " + cut + " tested") + ")"
                    + ". Hint: lower orders, or --model auto to choose them");
        }
    }

    /** Bad usage that needs no data: exit 2 before reading anything. */
    private void checkUsage() {
        try {
            selection = ModelKind.Selection.parse(modelNames);
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
        models = selection.kinds();
        Usage.requireFile(spec, "--data", data);
        training.checkRanges(spec);
        Usage.refuseUnless(spec, "--overwrite", false, "for forecast: its --out folder holds no model (forecasts.csv and checkpoints/ are written beside the files there)");
        if (training.out != null) io.sequoia.cli.TrainingOptions.checkOutFolder(spec, training.out, "forecasts.csv");
        Usage.requireWritableFile(spec, "--plot", plot, "the plot (PNG)");
        Usage.requireWritableFolder(spec, "--nbeats-out", nbeats.save, "the N-BEATS model");
        Usage.requireWritableFolder(spec, "--deepar-out", deepar.save, "the DeepAR model");
        if (wide && idCol != null) throw usage("--wide and --id-col are two layouts of many series; expected one of them, got both");
        if (wide && target != null) throw usage("--target has no effect with --wide: every column but --time is a series");
        if (!wide && target == null) throw usage("--target is required: the column to forecast (or --wide, for one series per column)");
        boolean neural = io.sequoia.timeseries.ForecastUsage.neural(selection);
        boolean arima = models.stream().anyMatch(k -> k == ModelKind.ARIMA || k == ModelKind.SARIMA || k == ModelKind.AUTO);
        try {
            io.sequoia.timeseries.ForecastUsage.checkRanges(horizon, test, backtest, level, ensemble, period);
            io.sequoia.timeseries.ForecastUsage.checkEffects(selection, this::given, head, mcSamples);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        // the global models train too when they are not loaded: they checkpoint and resume as the per-series ones
        boolean global = many() && (NBeatsOptions.used(selection) && nbeats.load == null || DeepArOptions.used(selection) && deepar.load == null);
        checkCheckpoints(neural || global);
        this.intervals.check(spec, DEFAULT_INTERVALS);
        if (given("--future-covariates") && !neural && !arima) throw noEffect("--future-covariates", "arima, sarima, auto or a neural model");
        if (given("--future-csv") && (test != null || backtest != null)) throw usage("--future-csv has no effect with --holdout or --backtest (the covariates come from --data)");
        if (given("--future-csv") && futureCovariates.isEmpty()) throw usage("--future-csv has no effect without --future-covariates");
        if (!futureCovariates.isEmpty() && test == null && backtest == null && futureCsv == null) {
            throw usage("future covariates need their values over the horizon; expected --future-csv FILE or --holdout N, got neither (covariates " + futureCovariates + ")");
        }
        if (many()) {
            for (String o : List.of("--covariates", "--future-covariates", "--future-csv", "--plot")) {
                if (given(o)) throw usage(o + " is not available with " + (wide ? "--wide" : "--id-col") + " (many series): each series is forecast from its own history");
            }
        }
        Usage.requireFile(spec, "--future-csv", futureCsv);
        nbeats.check(spec, selection);
        if (!many() && NBeatsOptions.used(selection) && nbeats.load == null) {
            throw usage("nbeats is a global model trained across many series; pass --id-col with a file of many series, or --nbeats-model DIR (a trained folder) to forecast one");
        }
        deepar.check(spec, selection);
        if (!many() && DeepArOptions.used(selection) && deepar.load == null) {
            throw usage("deepar is a global model trained across many series; pass --id-col with a file of many series, or --deepar-model DIR (a trained folder) to forecast one");
        }
        parseOrder();
    }

    /**
     * Neural trainings checkpoint into --out/checkpoints/ (one folder per training, in the order they
     * run); --resume DIR with the same command line continues them; exit 2 for what cannot work.
     */
    private void checkCheckpoints(boolean neural) {
        for (String o : List.of("--resume", "--checkpoint-every")) {
            if (given(o) && !neural) throw noEffect(o, "neural models (lstm, gru, seq2seq, transformer, or nbeats and deepar trained with --id-col): only they train");
        }
        Path resume = training.resume;
        if (resume != null) {
            if (training.out != null && !training.out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw usage("--resume continues the run in its own folder; expected --out " + resume + " or no --out, got " + training.out);
            }
            java.util.Map<String, Object> extras;
            try {
                extras = io.sequoia.train.CheckpointSeries.locate(resume);
            } catch (java.io.IOException e) {
                throw usage("--resume: " + e.getMessage());
            }
            if (extras == null) {
                throw usage("--resume: no checkpoint in " + resume.toAbsolutePath() + "/" + io.sequoia.train.CheckpointSeries.FOLDER
                        + "; expected the --out folder of a forecast with neural models");
            }
            io.sequoia.cli.CheckpointOptions.requireSameRun(spec, resume, extras);
            training.out = resume;
        }
        if (training.out == null) Usage.refuseUnless(spec, "--checkpoint-every", false, "without --out (checkpoints go into the --out folder)");
    }

    /**
     * The checkpoints of the neural trainings: in --out when there is one (null: none). With --id-col (many series) too:
     * ManySeries fits neural models one series at a time, in the file's order of the series, so the n-th training is the
     * same one in every run and CheckpointSeries (which needs a fixed order) resumes it.
     */
    private io.sequoia.train.CheckpointSeries checkpoints() {
        if (training.out == null) return null;
        return new io.sequoia.train.CheckpointSeries(training.out, training.resume != null, training.checkpointEvery, io.sequoia.cli.CheckpointOptions.extras(spec));
    }

    private boolean given(String option) { return Usage.given(spec, option); }

    private ParameterException usage(String message) { return Usage.error(spec, message); }

    private ParameterException noEffect(String option, String models) {
        return usage(option + " has no effect on the chosen models " + this.models + "; it applies to " + models);
    }

    private NeuralConfig neuralConfig(int m) {
        return new io.sequoia.timeseries.ForecastUsage.Neural(lookback, hidden, layers, patience, validFraction, dropout, mcSamples, head, strategy, normalize,
                training.epochs, training.batchSize, training.lr, training.maxMinutes, training.clip, training.seed).config(m);
    }

    private double[][] readFuture(int h) throws Exception {
        List<String> rest = futureCovariates.subList(1, futureCovariates.size());
        TimeSeries f = SeriesCsv.read(futureCsv, futureCovariates.get(0), time, rest, SeriesCsv.Missing.ERROR);
        if (f.length() < h) throw Errors.arg("forecast", "--future-csv must cover the horizon", ">= " + h + " rows", f.length() + " rows", futureCsv.toString());
        double[][] mtx = new double[h][futureCovariates.size()];
        for (int t = 0; t < h; t++) {
            mtx[t][0] = f.target()[t];
            for (int j = 1; j < futureCovariates.size(); j++) mtx[t][j] = f.covariate(futureCovariates.get(j))[t];
        }
        return mtx;
    }

    private ArimaOrder parseOrder() {
        try {
            return io.sequoia.timeseries.ForecastUsage.order(orderText, seasonalText);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) { List<String> o = new ArrayList<>(a); o.addAll(b); return o; }

    /** Many series in one call: long format (--id-col) or wide (--wide). */
    private boolean many() { return idCol != null || wide; }
}
