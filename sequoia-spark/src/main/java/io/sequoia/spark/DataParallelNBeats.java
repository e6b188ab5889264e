package io.sequoia.spark;

import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.global.NBeats;
import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.train.Callback;
import io.sequoia.train.CheckpointSeries;
import io.sequoia.train.Checkpointing;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * Data-parallel training of the global N-BEATS forecaster on Spark: the series are dealt into the
 * data set's partitions (the shards), and each member of the ensemble is trained in turn, starting
 * from the weights {@code NBeatsForecaster.train} starts from, for the config's steps (global batches
 * of {@code batchSize} windows, each shard sampling its share from its own series). With k = 1 the
 * shards' gradients are averaged every step and the driver takes the Adam step (synchronous
 * gradient averaging, {@link DataParallelTrainer#spark}); with k > 1 each shard takes k Adam steps
 * and the weights and Adam's moments are averaged every round ({@link ParameterAveraging}). Gradients
 * are clipped to norm 1 as in {@code NBeatsForecaster.train} (on the averaged gradient for k = 1, on
 * each local step for k > 1). Each member's training can be checkpointed at every epoch end (and resumed)
 * through a {@link CheckpointSeries}, as {@code NBeatsForecaster.train} does in one process: the members'
 * checkpoints go into the same folders ({@code checkpoints/NN-nbeats-memberI-seedS/checkpoint}).
 */
public final class DataParallelNBeats {
    private DataParallelNBeats() {}

    /** What a training gives: the forecaster and each member's run (History and round times). */
    public record Result(NBeatsForecaster forecaster, List<DataParallelTrainer.Run> runs) {}

    /** The series (training parts) as a data set of one array column {@code y}, in {@code partitions} partitions dealt round-robin by index. */
    public static Dataset<Row> dataset(SparkSession spark, List<double[]> series, int partitions) {
        List<Row> rows = new ArrayList<>(series.size());
        for (double[] y : series) {
            Double[] b = new Double[y.length];
            for (int i = 0; i < y.length; i++) b[i] = y[i];
            rows.add(RowFactory.create((Object) b));
        }
        StructType schema = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType, false));
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /**
     * Trains on {@code series} (rows whose first column is a series' training part, an array of
     * doubles; each partition a shard), {@code k} local steps per round; {@code log} gets a line per
     * epoch and member, or is null.
     */
    public static Result train(Dataset<Row> series, NBeatsConfig cfg, int k, PrintStream log) { return train(series, cfg, k, log, null); }

    /**
     * As {@link #train(Dataset, NBeatsConfig, int, PrintStream)}, each member's training checkpointed at every epoch
     * end through {@code checkpoints} (null: none) and, when it resumes, continued from its checkpoint: weights,
     * the driver's optimizer state (Adam's, or for k > 1 the shards' averaged Adam state), the fit loop's generator
     * (which draws the epochs' seeds) and History. A resumed run reaches the weights of the uninterrupted one
     * (bit for bit with two partitions, where the shards' sums do not depend on their order).
     */
    public static Result train(Dataset<Row> series, NBeatsConfig cfg, int k, PrintStream log, CheckpointSeries checkpoints) {
        if (k < 1) throw Errors.arg("DataParallelNBeats.train", "k (local steps per round) must be at least 1", ">= 1", k, null);
        int h = cfg.horizon();
        String c = series.columns()[0];
        Dataset<Row> usable = series.select(col(c)).where(size(col(c)).gt(h));      // the series that give a training window
        int partitions = usable.rdd().getNumPartitions();
        NBeatsForecaster f = NBeatsForecaster.untrained(cfg);
        List<NBeats> members = f.network().members();
        List<DataParallelTrainer.Run> runs = new ArrayList<>();
        int epochs = (cfg.steps() + cfg.stepsPerEpoch() - 1) / cfg.stepsPerEpoch();
        ParameterAveraging.Chunker windows = NBeatsStep.windows(cfg.batchSize(), partitions);
        for (int i = 0; i < members.size(); i++) {
            NBeats m = members.get(i);
            String name = "member " + (i + 1) + "/" + members.size();
            long t0 = System.nanoTime();
            Callback logger = new Callback() {
                @Override public void onEpochEnd(Model mo, int epoch, Map<String, Double> logs) {
                    if (log != null) log.printf(Locale.ROOT, "nbeats (spark, k=%d) %s epoch %d/%d loss %.4f (%.0f s)%n", k, name, epoch + 1, epochs,
                            logs.getOrDefault("loss", Double.NaN), (System.nanoTime() - t0) / 1e9);
                }
            };
            m.train(true);
            long seed = cfg.seed() + i;
            double lr = cfg.lr();
            Generator.manualSeed(seed);             // the fit loop's generator, which draws the epochs' seeds: as NBeatsForecaster.train seeds it per member
            Checkpointing ck = checkpoints == null ? null : checkpoints.next("nbeats-member" + (i + 1) + "-seed" + seed);
            if (k == 1) {
                Model driver = new Model(m).compile(ps -> new Adam(ps, lr));
                try (DataParallelTrainer.Rounds r = DataParallelTrainer.spark(m, f::save, usable, NBeatsStep.task(i), cfg.batchSize(), cfg.stepsPerEpoch(), seed, windows)) {
                    History hi = driver.fit(r.batches(), r.step(), FitOptions.epochs(epochs).clipNorm(1.0).verbose(0).callbacks(logger).checkpointing(ck));
                    r.timing.wall = (System.nanoTime() - t0) / 1e9;
                    runs.add(r.run(hi));
                }
            } else {
                try (ParameterAveraging.Rounds r = ParameterAveraging.spark(m, f::save, usable, NBeatsStep.task(i), cfg.batchSize(), cfg.stepsPerEpoch(), k, seed,
                        ps -> new Adam(ps, lr), 1.0, windows)) {
                    Model driver = new Model(m).compile(r.driverOptimizer());
                    History hi = driver.fit(r.batches(), r.step(), FitOptions.epochs(epochs).verbose(0).callbacks(logger).checkpointing(ck));
                    r.timing.wall = (System.nanoTime() - t0) / 1e9;
                    runs.add(r.run(hi));
                }
            }
            m.train(false);
        }
        return new Result(f, runs);
    }
}
