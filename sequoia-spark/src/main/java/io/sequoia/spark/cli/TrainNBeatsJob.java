package io.sequoia.spark.cli;

import io.sequoia.io.ModelFolder;
import io.sequoia.spark.DataParallelNBeats;
import io.sequoia.spark.DataParallelTrainer;
import io.sequoia.spark.ForecastSpec;
import io.sequoia.spark.SequoiaSpark;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.SeasonalPeriod;
import io.sequoia.timeseries.global.NBeats;
import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

/**
 * {@code sequoia-spark train-nbeats}: the global N-BEATS forecaster trained data-parallel on Spark
 * ({@link DataParallelNBeats}) on every series of a long-format CSV, the series dealt into the partitions
 * (the shards) by id; k = 1 averages the shards' gradients every step, k > 1 averages weights and Adam's
 * moments every k local steps. The options are {@code sequoia forecast --model nbeats}'s ({@code --nbeats-*},
 * same defaults); the folder written by {@code --out} is what {@code sequoia forecast --nbeats-model DIR}
 * and {@code sequoia-spark forecast --model nbeats --nbeats-model DIR} load. {@code --engine local} trains
 * in one process ({@code NBeatsForecaster.train}, what {@code sequoia forecast --model nbeats} runs) on the
 * same training parts, for comparison. Each network's training checkpoints into {@code --out} at every
 * epoch end ({@code checkpoints/NN-nbeats-memberI-seedS/checkpoint}, the layout {@code sequoia forecast}
 * uses), and {@code --resume DIR [--nbeats-steps N]} continues the run ({@link SparkResume}).
 */
@Command(name = "train-nbeats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the global N-BEATS forecaster data-parallel on Spark over the series of a long-format CSV.",
                "Example: sequoia-spark train-nbeats --master local[2] --csv long.csv --id-col unique_id --time ds --target y --horizon 18 --holdout --k 10 --out runs/nbeats"})
public final class TrainNBeatsJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = "--csv", description = "Long-format CSV with a header row (one row per series, time and value); required unless --resume.") Path csv;
    @Option(names = "--id-col", description = "Series id column (default: ${DEFAULT-VALUE}).") String idCol = "unique_id";
    @Option(names = "--time", description = "Time column, any orderable values (default: ${DEFAULT-VALUE}).") String time = "ds";
    @Option(names = "--target", description = "Value column (default: ${DEFAULT-VALUE}).") String target = "y";
    @Option(names = "--horizon", description = "Steps the model forecasts (required unless --resume).") Integer horizon;
    @Option(names = "--holdout", description = "Train on all but each series' last --horizon points, then score the forecasts of them (sMAPE), as sequoia-spark forecast --holdout does.") boolean holdout;
    @Option(names = "--period", description = "Seasonal period (default: from the first series' time labels, else its values, as sequoia forecast).") Integer period;
    @Option(names = "--k", description = "Local steps per round: 1 averages the gradients every step, K > 1 the weights and Adam's moments every K steps (default: ${DEFAULT-VALUE}).") int k = 1;
    @Option(names = "--nbeats-stacks", description = "generic or interpretable (default: generic).") String stacks = NBeatsConfig.DEFAULT_STACKS.name().toLowerCase(Locale.ROOT);
    @Option(names = "--nbeats-lookbacks", split = ",", description = "Lookbacks as multiples of the horizon, one network each (default: 2,3,4).") List<Integer> lookbacks = defaults();
    @Option(names = "--nbeats-ensemble", description = "Networks (seeds) per lookback; the forecast is the median of all (default: ${DEFAULT-VALUE}).") int ensemble = NBeatsConfig.DEFAULT_ENSEMBLE;
    @Option(names = "--nbeats-steps", description = "Training steps (global batches) per network (default: ${DEFAULT-VALUE}).") int steps = NBeatsConfig.DEFAULT_STEPS;
    @Option(names = "--nbeats-batch", description = "Windows per global batch, split over the partitions (default: ${DEFAULT-VALUE}).") int batch = NBeatsConfig.DEFAULT_BATCH;
    @Option(names = "--nbeats-width", description = "Units per fully connected layer (default: ${DEFAULT-VALUE}).") int width = NBeatsConfig.DEFAULT_WIDTH;
    @Option(names = "--nbeats-blocks", description = "Blocks (per stack when interpretable) (default: ${DEFAULT-VALUE}).") int blocks = NBeatsConfig.DEFAULT_BLOCKS;
    @Option(names = "--nbeats-layers", description = "Fully connected layers per block (default: ${DEFAULT-VALUE}).") int layers = NBeatsConfig.DEFAULT_LAYERS;
    @Option(names = "--nbeats-loss", description = "smape, mase, mape or mae, or several comma-separated: the networks once per loss (default: smape,mase).") String loss =
            String.join(",", NBeatsConfig.DEFAULT_LOSSES.stream().map(l -> l.name().toLowerCase(Locale.ROOT)).toList());
    @Option(names = "--nbeats-lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = NBeatsConfig.DEFAULT_LR;
    @Option(names = "--nbeats-history", description = "Window origins come from the last K horizons of each series (default: ${DEFAULT-VALUE}).") double history = NBeatsConfig.DEFAULT_HISTORY_LIMIT;
    @Option(names = "--nbeats-seed", description = "Seed of the first network (default: ${DEFAULT-VALUE}).") long seed = NBeatsConfig.DEFAULT_SEED;
    @Option(names = "--engine", description = "spark, or local: NBeatsForecaster.train in one process on the same training parts (default: ${DEFAULT-VALUE}).") String engine = "spark";
    @Option(names = "--out", paramLabel = "DIR", description = "The model folder to write (new, empty, or a model folder to replace); each network's training "
            + "checkpoints into it at every epoch end (required unless --resume).") Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --nbeats-steps given now, with the run's "
            + "other options (--master and --spark-log may change).") Path resume;
    @Option(names = "--overwrite", description = "Write the model into --out even if it holds files that are not a Sequoia model (files of the model's names are replaced; others are left).") boolean overwrite;

    private static List<Integer> defaults() {
        List<Integer> l = new ArrayList<>();
        for (int m : NBeatsConfig.DEFAULT_LOOKBACKS) l.add(m);
        return l;
    }

    @Override public Integer call() throws Exception {
        if (resume != null && !SparkResume.whole(spec, "--csv")) return SparkResume.run(spec, SparkResume.commandLine(spec, resume, "--nbeats-steps"));
        if (resume != null) {
            SparkResume.requireSameRun(spec, resume, "--nbeats-steps");
            out = resume;
        }
        for (Object[] o : new Object[][]{{"--csv", csv}, {"--horizon", horizon}, {"--out", out}}) {
            if (o[1] == null) throw usage(o[0] + " is required (or --resume DIR to continue a run)");
        }
        TrainClassifierJob.checkOut(spec, out, false, "the N-BEATS model");
        TrainClassifierJob.checkEngine(spec, engine);
        if (horizon < 1) throw usage("--horizon must be at least 1, got " + horizon);
        if (period != null && period < 1) throw usage("--period must be at least 1, got " + period);
        if (k < 1) throw usage("--k (local steps per round) must be at least 1, got " + k);
        if (engine.equals("local") && spec.commandLine().getParseResult().hasMatchedOption("--k")) throw usage("--k has no effect with --engine local (one process takes every step itself)");
        builder(1, 1);                                         // the options' values checked before any data is read
        if (resume == null) checkOut();
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("--csv " + csv + ": no such file");

        SparkSession s = spark.session("sequoia-spark train-nbeats");
        Dataset<Row> data = s.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        for (String[] c : new String[][]{{"--id-col", idCol}, {"--time", time}, {"--target", target}}) {
            if (!Arrays.asList(data.columns()).contains(c[1])) throw usage(c[0] + " must name a column of " + csv + "; expected one of " + Arrays.asList(data.columns()) + ", got " + c[1]);
        }
        // one row per series: its id and its values in time order (a missing value or a repeated time fails, naming the series)
        Dataset<Row> grouped = data.select(col(idCol).cast(DataTypes.StringType).as("id"), col(time).as("t"), col(target).cast(DataTypes.DoubleType).as("v"))
                .where(col("id").isNotNull()).groupBy("id").agg(sort_array(collect_list(struct(col("t"), col("v")))).as("tv"));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("y", DataTypes.createArrayType(DataTypes.DoubleType, false))
                .add("times", DataTypes.createArrayType(DataTypes.StringType, false));
        int cut = holdout ? horizon : 0;
        Dataset<Row> series = grouped.map((MapFunction<Row, Row>) r -> values(r, cut), Encoders.row(schema));
        int partitions = spark.partitions != null ? spark.partitions : s.sparkContext().defaultParallelism();
        // dealt by id, in id order within a partition: the shards and their series' order, so the run, depend only on the data, the seed and the partitions
        Dataset<Row> shards = series.repartition(partitions, col("id")).sortWithinPartitions("id").cache();
        long n = shards.count();
        long usable = shards.where(size(col("y")).gt(horizon)).count();
        if (usable == 0) {
            throw usage("--horizon " + horizon + ": no series of " + csv + " is longer than the horizon" + (holdout ? " after holding out its last " + horizon + " points" : "")
                    + " (" + n + " series), so there is no training window");
        }
        int m = period != null ? period : inferPeriod(data, shards);
        NBeatsConfig cfg = builder(horizon, m).build();
        System.out.printf(Locale.ROOT, "%d series (%d give training windows), horizon %d, period %d%s; %s, %d windows per step; engine %s%s%n", n, usable, horizon, m,
                holdout ? ", last " + horizon + " points held out" : "", cfg.describe(), cfg.batchSize(), engine,
                engine.equals("spark") ? ", " + partitions + " partitions, k = " + k : "");

        long t0 = System.nanoTime();
        NBeatsForecaster f;
        if (engine.equals("spark")) {
            DataParallelNBeats.Result r = DataParallelNBeats.train(shards.select("y"), cfg, k, System.out, checkpoints());
            f = r.forecaster();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "trained in %.1f s%n", secs);
            for (int i = 0; i < r.runs().size(); i++) {
                DataParallelTrainer.Run run = r.runs().get(i);
                System.out.printf(Locale.ROOT, "member %d: %d rounds in %.1f s; %s%n", i + 1, run.steps(), run.timing().wall, run.timing().table(run.timing().wall));
            }
        } else {
            List<double[]> parts = new ArrayList<>();
            for (Row r : shards.orderBy("id").select("y").collectAsList()) parts.add(toDoubles(r.getList(0)));
            f = NBeatsForecaster.train(parts, cfg, System.out, checkpoints());
            System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        shards.unpersist(false);
        f.save(out);
        System.out.println("model: " + out);
        if (holdout) validate(data, m);
        return 0;
    }

    /** The held-out points scored with the saved folder on the executors (the forecast job's code): mean sMAPE over the series. */
    private void validate(Dataset<Row> data, int m) throws java.io.IOException {
        ForecastSpec fs = ForecastSpec.of(horizon, ModelKind.NBEATS).withPeriod(m).withHoldout(true).withGlobal(out);
        Row r = SequoiaSpark.forecast(data, idCol, time, target, fs).where(col("step").equalTo(1).or(col("error").isNotNull()))
                .agg(avg(col("smape")), count(col("smape")), count(col("error"))).first();
        System.out.printf(Locale.ROOT, "validation (the last %d points of each series): sMAPE %.4f %% over %d series; %d series could not be forecast%n",
                horizon, r.isNullAt(0) ? Double.NaN : r.getDouble(0), r.getLong(1), r.getLong(2));
    }

    /** A series' row (id, sorted (time, value) pairs) as (id, values without the last {@code cut}, times); fails on a missing value or a repeated time. */
    static Row values(Row r, int cut) {
        String id = r.getString(0);
        List<Row> tv = r.getList(1);
        int len = Math.max(0, tv.size() - cut);
        Double[] y = new Double[len];
        String[] times = new String[tv.size()];
        for (int i = 0; i < tv.size(); i++) {
            Row p = tv.get(i);
            if (p.isNullAt(0)) throw new IllegalArgumentException("series " + id + ": a row has no time (column --time)");
            if (p.isNullAt(1)) throw new IllegalArgumentException("series " + id + ": missing value at time " + p.get(0) + " (column --target)");
            times[i] = String.valueOf(p.get(0));
            if (i > 0 && times[i].equals(times[i - 1])) throw new IllegalArgumentException("series " + id + ": time " + times[i] + " appears twice");
            if (i < len) y[i] = p.getDouble(1);
        }
        return RowFactory.create(id, y, times);
    }

    /** The period from the first series of the file (as sequoia forecast infers it): its time labels, else its values (printed). */
    private int inferPeriod(Dataset<Row> data, Dataset<Row> shards) {
        String first = String.valueOf(data.select(col(idCol).cast(DataTypes.StringType)).where(col(idCol).isNotNull()).first().get(0));
        Row r = shards.where(col("id").equalTo(first)).first();
        List<String> t = r.getList(2);
        SeasonalPeriod.Inferred p = SeasonalPeriod.infer(t.toArray(String[]::new), toDoubles(r.getList(1)));
        if (p.source().equals("values")) {
            spec.commandLine().getErr().println("train-nbeats: the time labels of series " + first + " do not give the seasonal period; inferred from its values: "
                    + (p.period() > 1 ? "period " + p.period() + " (autocorrelation peak)" : "1, no season") + "; pass --period N to set it");
        }
        return p.period();
    }

    private static double[] toDoubles(List<Object> v) {
        double[] y = new double[v.size()];
        for (int i = 0; i < y.length; i++) y[i] = ((Number) v.get(i)).doubleValue();
        return y;
    }

    /** The config from the options; a bad value is bad usage naming the option. */
    private NBeatsConfig.Builder builder(int h, int m) {
        for (Object[] o : new Object[][]{{"--nbeats-ensemble", ensemble}, {"--nbeats-steps", steps}, {"--nbeats-batch", batch}, {"--nbeats-width", width},
                {"--nbeats-blocks", blocks}, {"--nbeats-layers", layers}}) {
            if ((Integer) o[1] < 1) throw usage(o[0] + " must be at least 1, got " + o[1]);
        }
        for (int lb : lookbacks) if (lb < 1) throw usage("--nbeats-lookbacks: each multiple of the horizon must be at least 1, got " + lookbacks);
        if (!(lr > 0) || !Double.isFinite(lr)) throw usage("--nbeats-lr must be positive, got " + lr);
        if (!(history > 0) || !Double.isFinite(history)) throw usage("--nbeats-history must be positive, got " + history);
        if (java.util.Arrays.stream(loss.split(",", -1)).map(l -> l.trim().toLowerCase(Locale.ROOT)).distinct().count() < loss.split(",", -1).length) {
            throw usage("--nbeats-loss: each loss may be given once, got " + loss);
        }
        NBeatsConfig.Builder b = NBeatsConfig.builder(h, m);
        try {
            b.stacks(named(NBeats.Stacks.values(), stacks, "--nbeats-stacks")).lookbacks(lookbacks.stream().mapToInt(Integer::intValue).toArray())
                    .ensemble(ensemble).steps(steps).batchSize(batch).width(width).blocks(blocks).layers(layers)
                    .losses(java.util.Arrays.stream(loss.split(",", -1)).map(l -> named(NBeatsConfig.Loss.values(), l, "--nbeats-loss")).toArray(NBeatsConfig.Loss[]::new)).lr(lr).historyLimit(history).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw usage("nbeats options: " + e.getMessage());
        }
        return b;
    }

    private <E extends Enum<E>> E named(E[] values, String v, String option) {
        for (E e : values) if (e.name().equalsIgnoreCase(v.trim())) return e;
        throw usage(option + ": expected one of " + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got " + v);
    }

    /** Each network's checkpoints in --out, resumed when --resume (the command line recorded for --resume DIR). */
    private io.sequoia.train.CheckpointSeries checkpoints() {
        return new io.sequoia.train.CheckpointSeries(out, resume != null, 0, SparkResume.extras(spec));
    }

    /** --out must be a new or empty folder or a model folder (replaced), unless --overwrite: checked before Spark starts. */
    private void checkOut() throws java.io.IOException {
        Path p = out.toAbsolutePath();
        if (Files.exists(p) && !Files.isDirectory(p)) throw usage("--out: " + out + " is a file; expected a folder to write the model into");
        if (overwrite || !Files.isDirectory(p) || ModelFolder.isModelFolder(p)) return;
        if (Files.isDirectory(p.resolve(io.sequoia.train.CheckpointSeries.FOLDER))) return;    // a stopped run's checkpoints (started afresh: they are replaced)
        try (var files = Files.list(p)) {
            var some = files.findFirst();
            if (some.isPresent()) {
                throw usage("--out: " + out + " already holds files that are not a Sequoia model (e.g. " + some.get().getFileName()
                        + "); expected a new or empty folder, or a model folder to replace (Hint: --overwrite writes into it anyway)");
            }
        }
    }

    private CommandLine.ParameterException usage(String msg) { return new CommandLine.ParameterException(spec.commandLine(), msg); }
}
