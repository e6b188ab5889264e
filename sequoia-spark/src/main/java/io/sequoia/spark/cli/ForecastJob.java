package io.sequoia.spark.cli;

import io.sequoia.spark.ForecastSpec;
import io.sequoia.spark.ModelShipment;
import io.sequoia.spark.SeriesForecaster;
import io.sequoia.timeseries.ForecastUsage;
import io.sequoia.timeseries.SeasonalPeriod;
import io.sequoia.timeseries.data.SeriesCsv;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import io.sequoia.spark.SequoiaSpark;
import io.sequoia.spark.TaskTimes;
import io.sequoia.timeseries.Conformal;
import io.sequoia.timeseries.ForecastTable;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.neural.NeuralConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sequoia-spark forecast}: every series of a long-format CSV (id, time, value), or of a wide one (a column per series),
 * forecast by {@link SequoiaSpark#forecast} on Spark, or with {@code --engine local} by the same per-series code in a loop on
 * the driver (the single-machine baseline). Its options are {@code sequoia forecast}'s many-series options, with the same
 * names, defaults and meanings (the rules shared in core: {@link ForecastUsage}); those that cannot apply on Spark are refused
 * with the reason ({@link #NOT_ON_SPARK}). The output CSV has the rows {@code sequoia forecast --id-col ... --out DIR} writes to
 * {@code DIR/forecasts.csv} for the same series and options ({@link ForecastTable}), so that the files compare line by line.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast many series of a long-format CSV (one row per series, time and value) or a wide one (--wide) on Spark.",
                "Example: sequoia-spark forecast --master local[2] --data long.csv --id-col unique_id --time ds --target y --model ets --holdout 18 --out forecasts.csv",
                "The options and the output file's rows are sequoia forecast --id-col's (its --out DIR/forecasts.csv): the two files compare line by line."})
public final class ForecastJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = {"--data", "--csv"}, required = true, description = "CSV file with a header row (--csv: the older name).") Path csv;
    @Option(names = "--target", description = "Column to forecast (required unless --wide).") String target;
    @Option(names = "--wide", description = "Many series in one wide file: the time column (--time, default the first) and one column per series, named by its header; "
            + "every series is forecast, as with --id-col. A series' empty cells before its first value and after its last are not part of it.") boolean wide;
    @Option(names = "--id-col", description = "Many series in one long-format file (e.g. unique_id,ds,y): the column naming each row's series; every series is forecast.") String idCol;
    @Option(names = "--time", description = "Time column (default: the first column that is neither --id-col nor --target; with --wide, the first).") String time;
    @Option(names = "--interpolate", description = "Fill missing values linearly instead of failing.") boolean interpolate;
    @Option(names = "--transform", converter = Named.Transforms.class, description = "none, log or boxcox (λ fitted on each training part) (default: ${DEFAULT-VALUE}).") Transform transform = Transform.NONE;
    @Option(names = "--horizon", description = "Steps to forecast (default: the --holdout length).") Integer horizonOption;
    @Option(names = "--model", split = ",(?![^()]*\\))", splitSynopsisLabel = ",", description = "Comma-separated models: lstm, gru, seq2seq, transformer, nbeats and deepar "
            + "(global: a trained folder, --nbeats-model/--deepar-model), arima, sarima, ets, holt-winters, kalman, naive, snaive, drift, theta, dotm, ses, holt, damped, "
            + "comb (SES, Holt and damped averaged), comb(a,b,...) or median(a,b,...) of any of them, auto (default: auto).") List<String> models = List.of("auto");
    @Option(names = "--order", description = "ARIMA order p,d,q (default: chosen by AIC).") String order;
    @Option(names = "--seasonal", description = "Seasonal order P,D,Q,s.") String seasonal;
    @Option(names = "--period", description = "Seasonal period (default: from --seasonal, else from the first series' time labels: monthly 12, quarterly 4, daily 7; "
            + "where the labels cannot tell, e.g. 1, 2, 3, …, from its values: an autocorrelation peak, printed).") Integer period;
    @Option(names = "--holdout", arity = "0..1", fallbackValue = "" + HOLD_OUT_HORIZON, paramLabel = "N", description = "Hold out the last N points of each series "
            + "and score the forecasts of them (without N, the older form: --horizon points).") Integer holdoutOption;
    @Option(names = "--backtest", description = "Rolling-origin backtest with N folds of --horizon steps each.") Integer backtest;
    @Option(names = "--level", description = "Prediction interval level, for every model with intervals (default: ${DEFAULT-VALUE}).") double level = NeuralConfig.DEFAULT_LEVEL;
    @Option(names = "--lookback", description = "Neural: input window, past steps per sample (default: 2 periods, at least 12).") Integer lookback;
    @Option(names = "--hidden", description = "Neural: hidden size (default: ${DEFAULT-VALUE}).") int hidden = NeuralConfig.DEFAULT_HIDDEN;
    @Option(names = "--layers", description = "Neural: stacked layers (default: ${DEFAULT-VALUE}).") int layers = NeuralConfig.DEFAULT_LAYERS;
    @Option(names = "--patience", description = "Neural: early-stopping patience in epochs (default: ${DEFAULT-VALUE}).") int patience = NeuralConfig.DEFAULT_PATIENCE;
    @Option(names = "--valid-fraction", description = "Neural: share of the training windows, the latest, used for early stopping (default: ${DEFAULT-VALUE}).") double validFraction = NeuralConfig.DEFAULT_VALID_FRACTION;
    @Option(names = "--dropout", description = "Neural: dropout (default: ${DEFAULT-VALUE}).") double dropout = NeuralConfig.DEFAULT_DROPOUT;
    @Option(names = "--mc-samples", description = "Neural: MC dropout passes for intervals (needs --dropout > 0) (default: 0, off).") int mcSamples;
    @Option(names = "--head", converter = Named.Heads.class, description = "Neural: point, gaussian or quantile (default: point).") NeuralConfig.Head head = NeuralConfig.Head.POINT;
    @Option(names = "--strategy", converter = Named.Strategies.class, description = "Neural: direct or recursive (default: direct).") NeuralConfig.Strategy strategy = NeuralConfig.Strategy.DIRECT;
    @Option(names = "--normalize", converter = Named.Normalizations.class, description = "Neural: none, last or seasonal (default: seasonal when the lookback covers a period of at least 2, else last).") NeuralConfig.Normalize normalize;
    @Option(names = "--ensemble", description = "Neural: average K networks with seeds seed … seed+K−1 (default: ${DEFAULT-VALUE}).") int ensemble = 1;
    @Option(names = "--epochs", description = "Neural: passes over the training data (default: ${DEFAULT-VALUE}).") int epochs = NeuralConfig.DEFAULT_EPOCHS;
    @Option(names = "--batch-size", description = "Neural: examples per step (default: ${DEFAULT-VALUE}).") int batchSize = NeuralConfig.DEFAULT_BATCH_SIZE;
    @Option(names = "--lr", description = "Neural: Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = NeuralConfig.DEFAULT_LR;
    @Option(names = "--seed", description = "Neural: seed of every series' fit (default: ${DEFAULT-VALUE}).") long seed = NeuralConfig.DEFAULT_SEED;
    @Option(names = "--max-minutes", paramLabel = "M", description = "Neural: stop each fit after the epoch in which M minutes have passed (default: no limit).") double maxMinutes;
    @Option(names = "--clip", description = "Neural: clip the gradients' global L2 norm to this value, 0 = off (default: ${DEFAULT-VALUE}).") double clip = NeuralConfig.DEFAULT_CLIP_NORM;
    @Option(names = "--nbeats-model", paramLabel = "DIR", description = "nbeats: the trained global forecaster folder (sequoia forecast --nbeats-out) that scores every series.") Path nbeatsModel;
    @Option(names = "--deepar-model", paramLabel = "DIR", description = "deepar: the trained DeepAR folder (sequoia forecast --deepar-out) that forecasts every series.") Path deeparModel;
    @Option(names = "--deepar-samples", description = "deepar: sample paths per forecast (default: the loaded model's own).") Integer deeparSamples;
    @Option(names = "--deepar-seed", description = "deepar: seed of the sample paths (default: the loaded model's own).") Long deeparSeed;
    @Option(names = "--intervals", converter = IntervalModes.class, description = "model: each model's own intervals; conformal: the model's interval "
            + "scaled to the errors of the same model refitted on rolling-origin windows of the horizon before each series' end, as sequoia forecast "
            + "--intervals conformal; a series too short for the windows keeps the model's, with a warning (default: model).")
    Conformal.Intervals intervalsOption;
    private Conformal.Intervals intervals() { return intervalsOption != null ? intervalsOption : Conformal.Intervals.MODEL; }
    @Option(names = "--conformal-windows", description = "conformal: windows of the horizon to calibrate on, origins n-h, n-2h, ... (default: "
            + Conformal.DEFAULT_WINDOWS + ").") Integer conformalWindows;
    @Option(names = "--out", paramLabel = "FILE", description = "Output CSV, the columns and rows of sequoia forecast --id-col's --out DIR/forecasts.csv (id,time,model,actual,mean,lower,upper,step,chosen,smape,intervals,error).") Path out;
    @Option(names = "--tasks", description = "Deal the series into N tasks (default: 4 × Spark's default parallelism). More tasks than task slots even out the slots' work: the job ends when the last task does.") Integer taskCount;
    @Option(names = "--engine", description = "spark, or local: the same per-series code in one loop on the driver (default: ${DEFAULT-VALUE}).") String engine = "spark";
    /** Everything not matched above: an option of sequoia forecast that this job refuses ({@link #NOT_ON_SPARK}), else an unknown one. */
    @CommandLine.Unmatched List<String> unmatched = new ArrayList<>();

    private int horizon;
    private boolean holdout;
    private ModelKind.Selection selection;
    /** {@code --holdout} without N: hold out --horizon points. */
    private static final int HOLD_OUT_HORIZON = Integer.MIN_VALUE;

    /**
     * The options of {@code sequoia forecast} that this job does not take, and why; given, they exit 2 with the reason.
     * Every other option of {@code sequoia forecast} is this job's, with its name, default and meaning (a test compares the two
     * commands' option lists).
     */
    public static final Map<String, String> NOT_ON_SPARK = notOnSpark();

    private static Map<String, String> notOnSpark() {
        Map<String, String> m = new LinkedHashMap<>();
        String own = "is not available with --id-col or --wide (many series), so not in sequoia spark forecast either: each series is forecast from its own history";
        for (String o : List.of("--covariates", "--future-covariates", "--future-csv", "--plot")) m.put(o, own);
        String ckpt = "is not offered: the series' neural fits run on the executors in any order and are not checkpointed (sequoia forecast --id-col checkpoints them into its --out folder)";
        m.put("--resume", ckpt);
        m.put("--checkpoint-every", ckpt);
        m.put("--overwrite", "has no use: --out is one CSV file here, written anew (sequoia forecast refuses it too)");
        m.put("--json", "is not offered: the job prints its summary as text (the forecasts are in --out)");
        String nb = "trains N-BEATS, which this job does not (one training on all series, not per series): train it with sequoia-spark train-nbeats "
                + "or sequoia forecast --model nbeats --nbeats-out DIR, then pass --nbeats-model DIR";
        for (String o : List.of("--nbeats-out", "--nbeats-stacks", "--nbeats-lookbacks", "--nbeats-ensemble", "--nbeats-steps", "--nbeats-batch", "--nbeats-width",
                "--nbeats-blocks", "--nbeats-layers", "--nbeats-loss", "--nbeats-lr", "--nbeats-history", "--nbeats-seed")) m.put(o, nb);
        String da = "trains DeepAR, which this job does not (one training on all series, not per series): train it with sequoia forecast --model deepar "
                + "--deepar-out DIR, then pass --deepar-model DIR";
        for (String o : List.of("--deepar-out", "--deepar-cell", "--deepar-hidden", "--deepar-layers", "--deepar-dropout", "--deepar-likelihood", "--deepar-context",
                "--deepar-lags", "--deepar-steps", "--deepar-batch", "--deepar-lr", "--deepar-history")) m.put(o, da);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override public Integer call() throws Exception {
        TrainClassifierJob.checkOut(spec, out, true, "the forecasts (CSV)");
        checkUsage();
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("--data " + csv + ": no such file");
        SparkSession s = spark.session("sequoia-spark forecast");
        SeriesCsv.Missing missing = interpolate ? SeriesCsv.Missing.INTERPOLATE : SeriesCsv.Missing.ERROR;
        List<String> columns = Arrays.asList(spark.csvAsRead(s, csv).columns());
        if (wide) {
            if (columns.size() < 2) throw new IllegalArgumentException(csv + ": a wide file has a time column and at least one series column; got " + columns);
            if (time == null) time = columns.get(0);
        } else {
            for (String[] c : new String[][]{{"--id-col", idCol}, {"--target", target}}) {
                if (!columns.contains(c[1])) throw usage(c[0] + " must name a column of " + csv + "; expected one of " + columns + ", got " + c[1]);
            }
            if (time == null) time = columns.stream().filter(c -> !c.equals(idCol) && !c.equals(target)).findFirst()
                    .orElseThrow(() -> usage("--time: " + csv + " has no column besides --id-col and --target; expected a time column, got " + columns));
        }
        if (!columns.contains(time)) throw usage("--time must name a column of " + csv + "; expected one of " + columns + ", got " + time);
        // ids and time labels as written, as sequoia forecast reads them (007 stays 007, 2020-01 is not made a date)
        Dataset<Row> raw = wide ? spark.csvAsRead(s, csv, time) : spark.csvAsRead(s, csv, idCol, time);
        String id = wide ? "sequoia_series" : idCol, value = wide ? "sequoia_value" : target;
        Dataset<Row> data;
        if (wide) {
            List<String> series = new ArrayList<>(columns);
            series.remove(time);
            for (String c : series) if (!(raw.schema().apply(c).dataType() instanceof NumericType)) {
                SeriesCsv.readWide(csv, time, missing);   // the local reader names the first cell that is not a number (file:line)
                break;                                    // else only missing values (NA): read as missing below
            }
            Column[] values = series.stream().map(c -> col("`" + c + "`").try_cast(DataTypes.DoubleType).as(c)).toArray(Column[]::new);
            Dataset<Row> typed = raw.select(java.util.stream.Stream.concat(java.util.stream.Stream.of(col("`" + time + "`")), Arrays.stream(values)).toArray(Column[]::new));
            data = typed.unpivot(new Column[]{col("`" + time + "`")}, series.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new), id, value);
        } else {
            if (!(raw.schema().apply(target).dataType() instanceof NumericType)) {
                SeriesCsv.readLong(csv, idCol, target, time, missing);   // the local reader names the first cell that is not a number (file:line)
                raw = raw.withColumn(target, col("`" + target + "`").try_cast(DataTypes.DoubleType));   // only missing values (NA)
            }
            data = raw;
        }
        data = spark.partition(data);
        ForecastSpec fs = spec(s, data, raw, id, value);
        TaskTimes tasks = TaskTimes.listen(s);
        long t0 = System.nanoTime();
        List<ForecastTable.Row> rows = new ArrayList<>();
        double fitSeconds;
        if (engine.equals("spark")) {
            int n = taskCount != null ? taskCount : 4 * s.sparkContext().defaultParallelism();
            for (Row r : SequoiaSpark.forecast(data, id, time, value, fs, n).collectAsList()) rows.add(SequoiaSpark.fromRow(r));
            fitSeconds = (System.nanoTime() - t0) / 1e9;
        } else {
            rows.addAll(localLoop(data, fs, id, value));
            fitSeconds = localFitSeconds;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        ForecastTable.sort(rows);
        if (out != null) ForecastTable.write(out, rows);
        report(rows, wall, fitSeconds);
        if (engine.equals("spark")) {
            TaskTimes.settle(s);
            System.out.println(tasks.summary(fitSeconds));
        }
        return 0;
    }

    private double localFitSeconds;

    /** The single-machine baseline: the series collected to the driver, then forecast one after another. */
    private List<ForecastTable.Row> localLoop(Dataset<Row> data, ForecastSpec fs, String id, String value) {
        List<Row> all = data.select(col(id).cast("string"), col("`" + time + "`"), col("`" + value + "`").cast("double")).collectAsList();
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        for (Row r : all) if (!r.isNullAt(0)) bySeries.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        long t0 = System.nanoTime();
        List<ForecastTable.Row> out = new ArrayList<>();
        SequoiaSpark.GroupForecast g = new SequoiaSpark.GroupForecast(fs);
        for (Map.Entry<String, List<Row>> e : bySeries.entrySet()) g.call(e.getKey(), e.getValue().iterator()).forEachRemaining(r -> out.add(SequoiaSpark.fromRow(r)));
        localFitSeconds = (System.nanoTime() - t0) / 1e9;
        return out;
    }

    /** Bad usage that needs no data, by sequoia forecast's rules ({@link ForecastUsage}): exit 2 before reading anything. */
    private void checkUsage() {
        for (String u : unmatched) {
            String name = u.contains("=") ? u.substring(0, u.indexOf('=')) : u;
            if (NOT_ON_SPARK.containsKey(name)) throw usage(name + " " + NOT_ON_SPARK.get(name));
        }
        if (!unmatched.isEmpty()) throw usage("Unknown option or argument: '" + unmatched.get(0) + "' (sequoia-spark forecast --help lists the options)");
        try {
            selection = ModelKind.Selection.parse(models);
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
        if (!engine.equals("spark") && !engine.equals("local")) throw usage("--engine must be spark or local, got " + engine);
        if (taskCount != null && taskCount < 1) throw usage("--tasks must be at least 1, got " + taskCount);
        if (taskCount != null && engine.equals("local")) throw usage("--tasks has no effect with --engine local (one loop on the driver)");
        holdout = holdoutOption != null;
        Integer holdoutN = holdoutOption == null || holdoutOption == HOLD_OUT_HORIZON ? null : holdoutOption;
        if (holdoutOption != null && holdoutOption == HOLD_OUT_HORIZON && horizonOption == null) {
            throw usage("--horizon is required without --holdout N; pass --horizon H or --holdout N");
        }
        if (holdout && backtest != null) throw usage("--holdout and --backtest exclude each other; pass one of them");
        if (wide && idCol != null) throw usage("--wide and --id-col are two layouts of many series; expected one of them, got both");
        if (wide && target != null) throw usage("--target has no effect with --wide: every column but --time is a series");
        if (!wide && idCol == null) throw usage("--id-col (or --wide) is required: sequoia spark forecast forecasts many series (one series: sequoia forecast --data FILE --target COL)");
        if (!wide && target == null) throw usage("--target is required: the column to forecast (or --wide, for one series per column)");
        try {
            ForecastUsage.checkRanges(horizonOption, holdoutN, backtest, level, ensemble, period);
            ForecastUsage.checkEffects(selection, o -> given(o), head, mcSamples);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        horizon = horizonOption != null ? horizonOption : holdoutN;
        if (conformalWindows != null && conformalWindows < 1) throw usage("--conformal-windows must be at least 1, got " + conformalWindows);
        if (conformalWindows != null && intervals() != Conformal.Intervals.CONFORMAL) {
            throw usage("--conformal-windows has no effect with --intervals model; pass --intervals conformal");
        }
        boolean nbeats = SeriesForecaster.uses(selection, ModelKind.NBEATS), deepar = SeriesForecaster.uses(selection, ModelKind.DEEPAR);
        if (nbeats && nbeatsModel == null) throw usage("--model nbeats scores a trained global model on Spark; pass --nbeats-model DIR (training it in this job is not offered: sequoia-spark train-nbeats)");
        if (!nbeats && nbeatsModel != null) throw usage("--nbeats-model has no effect: the models do not include nbeats");
        if (deepar && deeparModel == null) throw usage("--model deepar scores a trained DeepAR model on Spark; pass --deepar-model DIR (train it with sequoia forecast --model deepar --deepar-out DIR)");
        for (String o : List.of("--deepar-model", "--deepar-samples", "--deepar-seed")) if (!deepar && given(o)) throw usage(o + " has no effect: the models do not include deepar");
        if (nbeatsModel != null && !Files.isDirectory(nbeatsModel)) throw usage("--nbeats-model: no such folder: " + nbeatsModel);
        if (deeparModel != null && !Files.isDirectory(deeparModel)) throw usage("--deepar-model: no such folder: " + deeparModel);
        try {
            orderParsed = ForecastUsage.order(order, seasonal);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ArimaOrder orderParsed;

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The spec every series is forecast with. The period: --period, else the seasonal order's, else inferred from the first series
     * of the file (its first row's id; with --wide, its first series column) as sequoia forecast --id-col infers it, from the
     * labels or, where they cannot tell, the values (printed). The longest series is checked against --holdout/--backtest first.
     */
    private ForecastSpec spec(SparkSession s, Dataset<Row> data, Dataset<Row> raw, String id, String value) throws java.io.IOException {
        ForecastSpec.Options o = ForecastSpec.Options.DEFAULT.withBacktest(backtest == null ? 0 : backtest).withCombination(selection.members(), selection.median())
                .withEnsemble(ensemble).withMissing(interpolate, wide);
        int m = ForecastUsage.givenPeriod(period, orderParsed);
        if (m == 0) m = firstSeriesPeriod(data, raw, id, value, o);
        Row longest = data.where(col(id).isNotNull().and(wide ? col(value).isNotNull() : org.apache.spark.sql.functions.lit(true)))
                .groupBy(id).count().agg(org.apache.spark.sql.functions.max("count")).first();
        if (!longest.isNullAt(0)) {
            try {
                ForecastUsage.checkSplit(holdout ? horizon : null, backtest,
                        (int) longest.getLong(0), horizon, m, "the longest series has");
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        NeuralConfig neural = new ForecastUsage.Neural(lookback, hidden, layers, patience, validFraction, dropout, mcSamples, head, strategy, normalize,
                epochs, batchSize, lr, maxMinutes, clip, seed).config(m);
        if (deeparModel != null) {
            if (!Files.isRegularFile(deeparModel.resolve("config.json"))) throw new IllegalArgumentException("--deepar-model " + deeparModel + ": not a model folder (no config.json)");
            o = o.withDeepAr(ModelShipment.of(deeparModel), deeparSamples, deeparSeed);
        }
        ForecastSpec fs;
        try {
            fs = new ForecastSpec(selection.kinds(), horizon, m, level, transform, orderParsed, holdout, neural, null,
                    intervals(), conformalWindows != null ? conformalWindows : Conformal.DEFAULT_WINDOWS, o);
            fs.catalog(m);   // the catalogue's own checks (as sequoia forecast builds it before reading the series)
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (nbeatsModel == null) return fs;
        if (!Files.isRegularFile(nbeatsModel.resolve("config.json"))) throw new IllegalArgumentException("--nbeats-model " + nbeatsModel + ": not a model folder (no config.json)");
        return fs.withGlobal(nbeatsModel);
    }

    /** The period of the file's first series, as sequoia forecast --id-col (and --wide) infers the one period of all series. */
    private int firstSeriesPeriod(Dataset<Row> data, Dataset<Row> raw, String id, String value, ForecastSpec.Options o) {
        String first;
        if (wide) {
            first = Arrays.stream(raw.columns()).filter(c -> !c.equals(time)).findFirst().orElseThrow();
        } else {
            Row r = raw.select(col(idCol).cast("string")).where(col(idCol).isNotNull()).first();
            first = r.getString(0).trim();
        }
        List<Row> rows = data.where(col(id).cast("string").equalTo(first))
                .select(col(id).cast("string"), col("`" + time + "`"), col("`" + value + "`").cast("double")).collectAsList();
        SequoiaSpark.Series series = SequoiaSpark.series(rows, o);
        if (series.times() == null) return 1;
        if (series.problem() != null) return SeasonalPeriod.infer(series.times());   // the labels only (a missing value: no values to read)
        SeasonalPeriod.Inferred p = SeasonalPeriod.infer(series.times(), series.y());
        if (p.source().equals("values")) {
            spec.commandLine().getErr().println(spec.name() + ": the time labels do not give the seasonal period; inferred from the values: "
                    + (p.period() > 1 ? "period " + p.period() + " (autocorrelation peak)" : "1, no season") + "; pass --period N to set it");
            spec.commandLine().getErr().flush();
        }
        return p.period();
    }

    private CommandLine.ParameterException usage(String m) { return new CommandLine.ParameterException(spec.commandLine(), m); }

    /** {@code --intervals}: model or conformal. */
    static final class IntervalModes implements CommandLine.ITypeConverter<Conformal.Intervals> {
        @Override public Conformal.Intervals convert(String v) { return Named.of(Conformal.Intervals.values(), v); }
    }

    /** The command line's lower-case names of the neural settings' enums, as sequoia forecast reads them. */
    static final class Named {
        static <E extends Enum<E>> E of(E[] values, String v) {
            for (E e : values) if (id(e).equalsIgnoreCase(v.trim())) return e;
            throw new CommandLine.TypeConversionException("expected one of " + Arrays.stream(values).map(Named::id).toList() + ", got " + v);
        }
        static String id(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }
        static final class Transforms implements CommandLine.ITypeConverter<Transform> {
            @Override public Transform convert(String v) { return of(Transform.values(), v); }
        }
        static final class Heads implements CommandLine.ITypeConverter<NeuralConfig.Head> {
            @Override public NeuralConfig.Head convert(String v) { return of(NeuralConfig.Head.values(), v); }
        }
        static final class Strategies implements CommandLine.ITypeConverter<NeuralConfig.Strategy> {
            @Override public NeuralConfig.Strategy convert(String v) { return of(NeuralConfig.Strategy.values(), v); }
        }
        static final class Normalizations implements CommandLine.ITypeConverter<NeuralConfig.Normalize> {
            @Override public NeuralConfig.Normalize convert(String v) { return of(NeuralConfig.Normalize.values(), v); }
        }
    }

    private void report(List<ForecastTable.Row> rows, double wall, double fit) {
        Map<String, double[]> perModel = new LinkedHashMap<>();   // series, failures, series keeping the model's intervals
        Map<String, List<Double>> smape = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();   // a series' first row per model (a backtest has a step 1 per fold)
        for (ForecastTable.Row r : rows) {
            double[] a = perModel.computeIfAbsent(r.model(), k -> new double[3]);
            List<Double> sm = smape.computeIfAbsent(r.model(), k -> new ArrayList<>());
            if (r.failed()) { a[1]++; continue; }
            if (seen.add(r.id() + "\u0000" + r.model())) {
                a[0]++;
                if (r.smape() != null) sm.add(r.smape());
                if (r.intervals() != null && r.intervals().startsWith(ForecastTable.FALLBACK)) {
                    a[2]++;
                    why.putIfAbsent(r.model(), r.intervals().substring(ForecastTable.FALLBACK.length()));
                }
            }
        }
        boolean tested = holdout || backtest != null;
        long series = rows.stream().map(ForecastTable.Row::id).distinct().count();
        System.out.printf(Locale.ROOT, "%d series, horizon %d, %s, engine %s: %.1f s (forecasting %.1f s)%n", series, horizon,
                holdout ? "last " + horizon + " points of each held out" : backtest != null ? backtest + " rolling-origin folds" : "forecasts beyond the end", engine, wall, fit);
        int w = Math.max(14, perModel.keySet().stream().mapToInt(String::length).max().orElse(0));   // comb(ses,holt,damped)
        System.out.printf(Locale.ROOT, "%-" + w + "s %8s %9s %11s %13s%n", "model", "series", "failures", tested ? "mean sMAPE" : "", tested ? "median sMAPE" : "");
        for (Map.Entry<String, double[]> e : perModel.entrySet()) {
            double[] a = e.getValue();
            double[] v = smape.get(e.getKey()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String mean = v.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Arrays.stream(v).average().orElse(Double.NaN));
            String median = v.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
            System.out.printf(Locale.ROOT, "%-" + w + "s %8d %9d %11s %13s%n", e.getKey(), (int) a[0], (int) a[1], tested ? mean : "", tested ? median : "");
        }
        for (Map.Entry<String, double[]> e : perModel.entrySet()) {
            // as sequoia forecast --id-col words it
            double[] a = e.getValue();
            if (a[2] > 0) System.err.printf(Locale.ROOT, "warning: %s: %d of %d series keep the model's own intervals, too short for conformal ones (e.g. %s)%n",
                    e.getKey(), (int) a[2], (int) a[0], why.get(e.getKey()));
        }
        List<ForecastTable.Row> failed = rows.stream().filter(ForecastTable.Row::failed).toList();
        if (!failed.isEmpty()) {   // as sequoia forecast --id-col lists them (the file has them too, in the error column)
            System.err.println(failed.size() + " fits failed:");
            for (ForecastTable.Row r : failed) System.err.println("  " + r.model() + " " + r.id() + ": " + r.error());
        }
        if (out != null) System.out.println("forecasts: " + out);
    }
}
