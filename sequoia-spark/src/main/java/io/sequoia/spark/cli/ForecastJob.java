package io.sequoia.spark.cli;

import io.sequoia.spark.ForecastSpec;
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
 * {@code sequoia-spark forecast}: every series of a long-format CSV (id, time, value) forecast by
 * {@link SequoiaSpark#forecast} on Spark, or with {@code --engine local} by the same per-series code
 * in a loop on the driver (the single-machine baseline); the output CSV has the same rows either way, and they are the rows
 * {@code sequoia forecast --id-col ... --out DIR} writes to {@code DIR/forecasts.csv} for the same series and options
 * ({@link ForecastTable}), so that the files compare line by line.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast many series of a long-format CSV (one row per series, time and value) on Spark.",
                "Example: sequoia-spark forecast --master local[2] --csv long.csv --id-col unique_id --time ds --target y --model ets --holdout 18 --out forecasts.csv",
                "The options and the output file's rows are sequoia forecast --id-col's (its --out DIR/forecasts.csv): the two files compare line by line."})
public final class ForecastJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = {"--csv", "--data"}, required = true, description = "Long-format CSV with a header row (--data: as sequoia forecast names it).") Path csv;
    @Option(names = "--id-col", description = "Series id column (default: ${DEFAULT-VALUE}).") String idCol = "unique_id";
    @Option(names = "--time", description = "Time column, any orderable values (default: ${DEFAULT-VALUE}).") String time = "ds";
    @Option(names = "--target", description = "Value column (default: ${DEFAULT-VALUE}).") String target = "y";
    @Option(names = "--model", split = ",", description = "Models of sequoia forecast: arima, sarima, ets, holt-winters, kalman, naive, snaive, drift, theta, dotm, ses, holt, damped, comb, auto, the neural lstm, gru, seq2seq, transformer, and nbeats (a global model given by --nbeats-model) (default: auto).") List<String> models = List.of("auto");
    @Option(names = "--horizon", description = "Steps to forecast (default: the --holdout length).") Integer horizonOption;
    @Option(names = "--holdout", arity = "0..1", fallbackValue = "" + HOLD_OUT_HORIZON, paramLabel = "N", description = "Hold out each series' last N points "
            + "(as sequoia forecast --holdout N; without N, --horizon points) and score the forecasts of them (sMAPE).") Integer holdoutOption;
    private int horizon;
    private boolean holdout;
    /** {@code --holdout} without N: hold out --horizon points. */
    private static final int HOLD_OUT_HORIZON = Integer.MIN_VALUE;
    @Option(names = "--period", description = "Seasonal period (default: inferred from each series' time labels).") Integer period;
    @Option(names = "--level", description = "Prediction interval level (default: ${DEFAULT-VALUE}).") double level = NeuralConfig.DEFAULT_LEVEL;
    @Option(names = "--transform", description = "none, log or boxcox (default: ${DEFAULT-VALUE}).") String transform = "none";
    @Option(names = "--order", description = "ARIMA order p,d,q (default: chosen by AIC).") String order;
    @Option(names = "--lookback", description = "Neural: input window (default: two periods, at least 12).") Integer lookback;
    @Option(names = "--hidden", description = "Neural: hidden size (default: " + NeuralConfig.DEFAULT_HIDDEN + ").") Integer hidden;
    @Option(names = "--layers", description = "Neural: layers (default: " + NeuralConfig.DEFAULT_LAYERS + ").") Integer layers;
    @Option(names = "--dropout", description = "Neural: dropout (default: " + NeuralConfig.DEFAULT_DROPOUT + ").") Double dropout;
    @Option(names = "--epochs", description = "Neural: epochs (default: " + NeuralConfig.DEFAULT_EPOCHS + ").") Integer epochs;
    @Option(names = "--batch-size", description = "Neural: batch size (default: " + NeuralConfig.DEFAULT_BATCH_SIZE + ").") Integer batchSize;
    @Option(names = "--lr", description = "Neural: learning rate (default: " + NeuralConfig.DEFAULT_LR + ").") Double lr;
    @Option(names = "--seed", description = "Neural: seed of every series' fit (default: " + NeuralConfig.DEFAULT_SEED + ").") Long seed;
    @Option(names = "--nbeats-model", paramLabel = "DIR", description = "nbeats: the trained global forecaster folder (sequoia forecast --nbeats-model) that scores every series.") Path nbeatsModel;
    @Option(names = "--tasks", description = "Deal the series into N tasks (default: 4 × Spark's default parallelism). More tasks than task slots even out the slots' work: the job ends when the last task does.") Integer taskCount;
    @Option(names = "--engine", description = "spark, or local: the same per-series code in one loop on the driver (default: ${DEFAULT-VALUE}).") String engine = "spark";
    @Option(names = "--intervals", converter = IntervalModes.class, description = "model: each model's own intervals; conformal: the model's interval "
            + "scaled to the errors of the same model refitted on rolling-origin windows of the horizon before each series' end, as sequoia forecast "
            + "--intervals conformal; a series too short for the windows keeps the model's, with a warning (default: ${DEFAULT-VALUE}).")
    Conformal.Intervals intervals = Conformal.Intervals.MODEL;
    @Option(names = "--conformal-windows", description = "conformal: windows of the horizon to calibrate on, origins n-h, n-2h, ... (default: "
            + Conformal.DEFAULT_WINDOWS + ").") Integer conformalWindows;
    @Option(names = "--out", description = "Output CSV, the columns and rows of sequoia forecast --id-col's forecasts.csv (id,time,model,actual,mean,lower,upper,step,chosen,smape,intervals,error).") Path out;

    @Override public Integer call() throws Exception {
        TrainClassifierJob.checkOut(spec, out, true, "the forecasts (CSV)");
        ForecastSpec fs = spec();
        if (!engine.equals("spark") && !engine.equals("local")) throw usage("--engine must be spark or local, got " + engine);
        if (taskCount != null && taskCount < 1) throw usage("--tasks must be at least 1, got " + taskCount);
        if (taskCount != null && engine.equals("local")) throw usage("--tasks has no effect with --engine local (one loop on the driver)");
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("--csv " + csv + ": no such file");
        SparkSession s = spark.session("sequoia-spark forecast");
        Dataset<Row> data = spark.csv(s, csv, idCol, time);   // ids and time labels as written, as sequoia forecast reads them
        for (String[] c : new String[][]{{"--id-col", idCol}, {"--time", time}, {"--target", target}}) {
            if (!Arrays.asList(data.columns()).contains(c[1])) throw usage(c[0] + " must name a column of " + csv + "; expected one of " + Arrays.asList(data.columns()) + ", got " + c[1]);
        }
        var targetType = data.schema().apply(target).dataType();
        if (!(targetType instanceof org.apache.spark.sql.types.NumericType)) {
            // Spark read the values as text: the local reader names the first cell that is not a number (file:line)
            io.sequoia.timeseries.data.SeriesCsv.readLong(csv, idCol, target, time, io.sequoia.timeseries.data.SeriesCsv.Missing.ERROR);
            throw new IllegalArgumentException(csv + ": --target column " + target + " is not numeric (read as " + targetType.simpleString() + ")");
        }
        TaskTimes tasks = TaskTimes.listen(s);
        long t0 = System.nanoTime();
        List<ForecastTable.Row> rows = new ArrayList<>();
        double fitSeconds;
        if (engine.equals("spark")) {
            int n = taskCount != null ? taskCount : 4 * s.sparkContext().defaultParallelism();
            for (Row r : SequoiaSpark.forecast(data, idCol, time, target, fs, n).collectAsList()) rows.add(SequoiaSpark.fromRow(r));
            fitSeconds = (System.nanoTime() - t0) / 1e9;
        } else {
            rows.addAll(localLoop(data, fs));
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
    private List<ForecastTable.Row> localLoop(Dataset<Row> data, ForecastSpec fs) {
        List<Row> all = data.select(col(idCol).cast("string"), col(time), col(target).cast("double")).collectAsList();
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        for (Row r : all) bySeries.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        long t0 = System.nanoTime();
        List<ForecastTable.Row> out = new ArrayList<>();
        SequoiaSpark.GroupForecast g = new SequoiaSpark.GroupForecast(fs);
        for (Map.Entry<String, List<Row>> e : bySeries.entrySet()) g.call(e.getKey(), e.getValue().iterator()).forEachRemaining(r -> out.add(SequoiaSpark.fromRow(r)));
        localFitSeconds = (System.nanoTime() - t0) / 1e9;
        return out;
    }

    private ForecastSpec spec() {
        holdout = holdoutOption != null;
        if (holdoutOption != null && holdoutOption != HOLD_OUT_HORIZON) {
            if (holdoutOption < 1) throw usage("--holdout must be at least 1, got " + holdoutOption);
            if (horizonOption != null && !horizonOption.equals(holdoutOption)) {
                throw usage("with --holdout N the forecasts cover the N held-out points; expected --horizon " + holdoutOption + " or none, got --horizon " + horizonOption);
            }
            horizon = holdoutOption;
        } else {
            if (horizonOption == null) throw usage("--horizon is required without --holdout N; pass --horizon H or --holdout N");
            horizon = horizonOption;
        }
        List<ModelKind> kinds = new ArrayList<>();
        for (String m : models) {
            try { kinds.add(ModelKind.of(m)); } catch (IllegalArgumentException e) { throw usage("--model: " + e.getMessage()); }
        }
        Transform tr;
        try { tr = Transform.of(transform); } catch (IllegalArgumentException e) { throw usage("--transform: " + e.getMessage()); }
        ArimaOrder o = null;
        if (order != null) {
            String[] p = order.split(",");
            if (p.length != 3) throw usage("--order must be p,d,q, got " + order);
            try { o = new ArimaOrder(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()), 0, 0, 0, 1); }
            catch (IllegalArgumentException e) { throw usage("--order must be three non-negative integers p,d,q, got " + order); }
        }
        boolean global = kinds.stream().anyMatch(ModelKind::isGlobal);
        if (conformalWindows != null && conformalWindows < 1) throw usage("--conformal-windows must be at least 1, got " + conformalWindows);
        if (conformalWindows != null && intervals != Conformal.Intervals.CONFORMAL) {
            throw usage("--conformal-windows has no effect with --intervals model; pass --intervals conformal");
        }
        if (global && nbeatsModel == null) throw usage("--model nbeats scores a trained global model on Spark; pass --nbeats-model DIR (training it on Spark is not offered)");
        if (!global && nbeatsModel != null) throw usage("--nbeats-model has no effect without --model nbeats");
        ForecastSpec fs;
        try {
            fs = new ForecastSpec(kinds, horizon, period == null ? 0 : period, level, tr, o, holdout, neural())
                    .withIntervals(intervals, conformalWindows != null ? conformalWindows : Conformal.DEFAULT_WINDOWS);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (nbeatsModel == null) return fs;
        if (!java.nio.file.Files.isRegularFile(nbeatsModel.resolve("config.json"))) throw new IllegalArgumentException("--nbeats-model " + nbeatsModel + ": not a model folder (no config.json)");
        try {
            return fs.withGlobal(nbeatsModel);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("--nbeats-model " + nbeatsModel + ": " + e.getMessage(), e);
        }
    }

    /**
     * The neural settings when a neural option is given: {@code sequoia forecast}'s defaults for
     * {@code --period} with the options given; null without neural options (each series' period's defaults).
     */
    private NeuralConfig neural() {
        if (lookback == null && hidden == null && layers == null && dropout == null && epochs == null && batchSize == null && lr == null && seed == null) return null;
        if (period == null) throw usage("--period is needed with the neural options (--lookback, --hidden, --layers, --dropout, --epochs, --batch-size, --lr, --seed): their defaults depend on it");
        NeuralConfig d = NeuralConfig.forPeriod(period);
        int lb = lookback != null ? lookback : d.lookback();
        NeuralConfig.Builder b = d.toBuilder().lookback(lb).normalize(NeuralConfig.defaultNormalize(period, lb));
        if (hidden != null) b.hiddenSize(hidden);
        if (layers != null) b.numLayers(layers);
        if (dropout != null) b.dropout(dropout);
        if (epochs != null) b.epochs(epochs);
        if (batchSize != null) b.batchSize(batchSize);
        if (lr != null) b.lr(lr);
        if (seed != null) b.seed(seed);
        return b.build();
    }

    private CommandLine.ParameterException usage(String m) { return new CommandLine.ParameterException(spec.commandLine(), m); }

    /** {@code --intervals}: model or conformal. */
    static final class IntervalModes implements CommandLine.ITypeConverter<Conformal.Intervals> {
        @Override public Conformal.Intervals convert(String v) {
            for (Conformal.Intervals m : Conformal.Intervals.values()) if (m.id().equalsIgnoreCase(v.trim())) return m;
            throw new CommandLine.TypeConversionException("expected one of " + Arrays.asList(Conformal.Intervals.values()) + ", got " + v);
        }
    }

    private void report(List<ForecastTable.Row> rows, double wall, double fit) {
        Map<String, double[]> perModel = new LinkedHashMap<>();   // sMAPE sum, series, failures, series keeping the model's intervals
        Map<String, String> why = new LinkedHashMap<>();
        for (ForecastTable.Row r : rows) {
            double[] a = perModel.computeIfAbsent(r.model(), k -> new double[4]);
            if (r.failed()) { a[2]++; continue; }
            if (r.step() == 1) {
                a[1]++;
                if (r.smape() != null) a[0] += r.smape();
                if (r.intervals() != null && r.intervals().startsWith(ForecastTable.FALLBACK)) {
                    a[3]++;
                    why.putIfAbsent(r.model(), r.intervals().substring(ForecastTable.FALLBACK.length()));
                }
            }
        }
        long series = rows.stream().map(ForecastTable.Row::id).distinct().count();
        System.out.printf(Locale.ROOT, "%d series, horizon %d, engine %s: %.1f s (forecasting %.1f s)%n", series, horizon, engine, wall, fit);
        int w = Math.max(14, perModel.keySet().stream().mapToInt(String::length).max().orElse(0));   // comb(ses,holt,damped)
        System.out.printf(Locale.ROOT, "%-" + w + "s %8s %8s %9s%n", "model", holdout ? "sMAPE%" : "", "series", "failures");
        for (Map.Entry<String, double[]> e : perModel.entrySet()) {
            double[] a = e.getValue();
            System.out.printf(Locale.ROOT, "%-" + w + "s %8s %8d %9d%n", e.getKey(), holdout ? String.format(Locale.ROOT, "%.2f", a[0] / Math.max(1, a[1])) : "", (int) a[1], (int) a[2]);
        }
        for (Map.Entry<String, double[]> e : perModel.entrySet()) {
            // as sequoia forecast --id-col words it
            double[] a = e.getValue();
            if (a[3] > 0) System.err.printf(Locale.ROOT, "warning: %s: %d of %d series keep the model's own intervals, too short for conformal ones (e.g. %s)%n",
                    e.getKey(), (int) a[3], (int) a[1], why.get(e.getKey()));
        }
        List<ForecastTable.Row> failed = rows.stream().filter(ForecastTable.Row::failed).toList();
        if (!failed.isEmpty()) {   // as sequoia forecast --id-col lists them (the file has them too, in the error column)
            System.err.println(failed.size() + " fits failed:");
            for (ForecastTable.Row r : failed) System.err.println("  " + r.model() + " " + r.id() + ": " + r.error());
        }
        if (out != null) System.out.println("forecasts: " + out);
    }
}
