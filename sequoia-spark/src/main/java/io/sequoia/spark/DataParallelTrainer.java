package io.sequoia.spark;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.Batches;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.StepLoss;
import io.sequoia.train.TrainingStep;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synchronous data-parallel training of a text classifier on Spark: each of the data set's
 * partitions is a shard; every step, the driver broadcasts the weights, each partition computes the
 * gradient of its part of the global batch with {@link ClassifierStep} (its rows encoded once and
 * kept on the executor), the gradients (weighted by rows) and losses are summed with
 * {@code treeAggregate}, and the driver's fit loop ({@code Model.fit(Batches, TrainingStep, FitOptions)},
 * the one every lab trains through) takes the optimizer step with their mean - so History,
 * callbacks, clipping, early stopping and checkpoints are the driver's, as in {@code fit}.
 * <p>
 * Global batches: an epoch has S = ceil(N / batchSize) steps; partition p shuffles its n_p rows with
 * a seed drawn from the fit loop's generator (and p) and cuts them into S near-equal chunks; global
 * batch b is the union of the partitions' chunks b ({@link #chunk}). The mean gradient over the union
 * equals the one-process gradient of the same batch (up to float summation order). Dropout (and any
 * other draw of the step) comes from a generator of the shard's own, seeded from the epoch's seed,
 * the batch index and the partition ({@link #shardGenerator}), so with a seed and a partitioning the
 * run is deterministic, dropout included, whichever executor thread computes a shard.
 */
public final class DataParallelTrainer {
    private DataParallelTrainer() {}

    /** Per-executor state: the shard's step and the model it trains, per (run, partition). */
    private static final Map<String, ClassifierStep> SHARDS = new ConcurrentHashMap<>();

    /** One step of an epoch: the epoch's shuffling seed and the batch index. */
    public record Step(long seed, int batch, int steps) implements Serializable {}

    /**
     * A shard's part of a step: gradient sums (gradient of the chunk's mean loss times its rows, in
     * float, half the bytes of double; an embedding's as its non-zero rows, {@link GradientRows}),
     * loss sum and rows.
     */
    record Part(GradientRows[] grads, double lossSum, long rows, double seconds) implements Serializable {
        /** Sums of gradients, losses and rows; {@code seconds} is the slowest shard's compute time. */
        static Part add(Part a, Part b) {
            if (a.rows == 0) return new Part(b.grads, b.lossSum, b.rows, Math.max(a.seconds, b.seconds));
            if (b.rows == 0) return new Part(a.grads, a.lossSum, a.rows, Math.max(a.seconds, b.seconds));
            GradientRows[] g = new GradientRows[a.grads.length];
            for (int i = 0; i < g.length; i++) g[i] = a.grads[i].plus(b.grads[i]);
            return new Part(g, a.lossSum + b.lossSum, a.rows + b.rows, Math.max(a.seconds, b.seconds));
        }
    }

    /** Rows of partition {@code p} (of {@code n} rows) in global batch {@code b} of a {@code steps}-step epoch with {@code seed}. */
    public static int[] chunk(int n, int p, Step s) {
        int[] order = new Generator(s.seed() ^ (0x9E3779B97F4A7C15L * (p + 1))).permutation(n);
        long from = (long) n * s.batch() / s.steps(), to = (long) n * (s.batch() + 1) / s.steps();
        return Arrays.copyOfRange(order, (int) from, (int) to);
    }

    /**
     * The generator partition {@code p} draws its dropout masks from in step {@code s}: seeded from the
     * epoch's seed, the batch index and the partition, so a step's masks depend on neither the
     * executor nor the thread nor what ran before on it.
     */
    public static Generator shardGenerator(Step s, int p) {
        return new Generator(s.seed() ^ (0xD1B54A32D192ED03L * (s.batch() + 1)) ^ (0x94D049BB133111EBL * (p + 1)));
    }

    /**
     * The steps of each epoch: a seed drawn from a generator seeded with {@code seed} (not the fit
     * loop's: executors in the driver's JVM draw from that one when they load their model), then
     * {@code steps} batches.
     */
    public static Batches<Step> epochs(int steps, long seed) {
        Generator g = new Generator(seed);
        return rng -> {
            long epochSeed = g.nextLong();
            List<Step> out = new ArrayList<>(steps);
            for (int b = 0; b < steps; b++) out.add(new Step(epochSeed, b, steps));
            return out;
        };
    }

    /**
     * A run: the driver's History, the steps taken, the seconds spent in Spark jobs (broadcast, shard
     * gradients, aggregation) and, of those, the slowest shard's gradient computation summed over steps
     * (the first step of a shard includes encoding its rows); their difference is the price of the rounds.
     */
    public record Run(History history, long steps, double sparkSeconds, double shardSeconds) {
        /** Seconds per step spent outside the shards' gradient computation (broadcast, scheduling, aggregation). */
        public double roundOverhead() { return steps == 0 ? 0 : (sparkSeconds - shardSeconds) / steps; }
    }

    /**
     * Trains {@code classifier} (built, compiled; its weights are the start) on the rows of
     * {@code data} ({@code textCol} string, {@code labelCol} string among the classifier's classes),
     * one shard per partition, global batches of {@code options.batchSize()}, shuffled with {@code seed}.
     */
    public static Run fit(TextClassifier classifier, Dataset<Row> data, String textCol, String labelCol, FitOptions options, long seed) {
        for (String c : new String[]{textCol, labelCol}) {
            if (!Arrays.asList(data.columns()).contains(c)) throw Errors.arg("DataParallelTrainer.fit", "the column must exist", "one of " + Arrays.asList(data.columns()), c, null);
        }
        if (classifier.model().loss() == null) throw Errors.state("DataParallelTrainer.fit", "the classifier is not compiled", "call compile(lr) first");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        JavaRDD<Row> rows = data.select(textCol, labelCol).javaRDD().cache();
        long n = rows.count();
        if (n == 0) throw Errors.arg("DataParallelTrainer.fit", "the data must have rows", ">= 1", 0, null);
        int steps = (int) ((n + options.batchSize() - 1) / options.batchSize());
        classifier.model().predict(classifier.encode(List.of("")), 1);   // lazily built layers get their weights before they are shipped
        Broadcast<ModelShipment> start;
        try {
            start = sc.broadcast(ModelShipment.of(saved(classifier)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map.Entry<String, Parameter>> params = new ArrayList<>(classifier.model().module().namedParameters().entrySet());
        double[] sparkSeconds = {0}, shardSeconds = {0};
        long[] taken = {0};
        TrainingStep<Step> step = s -> {
            long t0 = System.nanoTime();
            float[][] w = new float[params.size()][];
            for (int i = 0; i < w.length; i++) w[i] = params.get(i).getValue().data().toFloatArray();
            Broadcast<float[][]> weights = sc.broadcast(w);
            Part total = rows.mapPartitionsWithIndex((p, it) -> List.of(shardPart(start.value(), p, it, weights.value(), s)).iterator(), true)
                    .treeAggregate(new Part(null, 0, 0, 0), Part::add, Part::add);
            weights.destroy();
            sparkSeconds[0] += (System.nanoTime() - t0) / 1e9;
            shardSeconds[0] += total.seconds();
            taken[0]++;
            if (total.rows() == 0) {
                throw Errors.state("DataParallelTrainer.fit", "global batch " + (s.batch() + 1) + " of " + s.steps() + " has no rows: every partition holds fewer rows than an epoch has steps",
                        "use a larger batch size or fewer partitions");
            }
            return averaged(params, total);
        };
        try {
            History h = classifier.model().fit(epochs(steps, seed), step, options);
            return new Run(h, taken[0], sparkSeconds[0], shardSeconds[0]);
        } finally {
            String run = start.value().key() + "/";
            rows.foreachPartition(it -> SHARDS.keySet().removeIf(k -> k.startsWith(run)));
            rows.unpersist(false);
        }
    }

    /**
     * The one-process twin of {@link #fit}: the same global batches (the union of the shards' chunks,
     * shards given as lists of (text, label)) through the same step on one machine, the data set
     * encoded once, each shard's chunk run with its shard's generator ({@link #shardGenerator}) so
     * that it draws the dropout masks {@link #fit} draws. It reaches {@link #fit}'s weights up to float
     * summation order, with dropout too.
     */
    public static Run fitOneProcess(TextClassifier classifier, List<List<String[]>> shards, FitOptions options, long seed) {
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        int[] offset = new int[shards.size()];
        for (int p = 0; p < shards.size(); p++) {
            offset[p] = texts.size();
            for (String[] r : shards.get(p)) { texts.add(r[0]); labels.add(r[1]); }
        }
        if (texts.isEmpty()) throw Errors.arg("DataParallelTrainer.fitOneProcess", "the data must have rows", ">= 1", 0, null);
        classifier.model().predict(classifier.encode(List.of("")), 1);
        ClassifierStep all = new ClassifierStep(classifier, texts, labels);
        int steps = (texts.size() + options.batchSize() - 1) / options.batchSize();
        long[] taken = {0};
        History h = classifier.model().fit(epochs(steps, seed), s -> {
            int[][] parts = new int[shards.size()][];
            int total = 0;
            for (int p = 0; p < parts.length; p++) { parts[p] = chunk(shards.get(p).size(), p, s); total += parts[p].length; }
            taken[0]++;
            Tensor loss = null;                          // Σ_p (n_p / n) · mean loss of chunk p, each with its shard's generator
            for (int p = 0; p < parts.length; p++) {
                if (parts[p].length == 0) continue;
                int[] rows = new int[parts[p].length];
                for (int i = 0; i < rows.length; i++) rows[i] = offset[p] + parts[p][i];
                Tensor term = Generator.scoped(shardGenerator(s, p), () -> all.loss(rows)).loss().mul((double) rows.length / total);
                loss = loss == null ? term : loss.add(term);
            }
            return StepLoss.of(loss, total);
        }, options);
        return new Run(h, taken[0], 0, 0);
    }

    /** The partitions of {@code data} as (text, label) lists, in partition order: the shards {@link #fit} trains on. */
    public static List<List<String[]>> shards(Dataset<Row> data, String textCol, String labelCol) {
        List<List<String[]>> out = new ArrayList<>();
        for (List<Row> part : data.select(textCol, labelCol).javaRDD().glom().collect()) {
            out.add(part.stream().map(r -> new String[]{r.getString(0), r.getString(1)}).toList());
        }
        return out;
    }

    /** On an executor: this partition's gradient sums for step {@code s}, its shard encoded on first use. */
    static Part shardPart(ModelShipment start, int p, Iterator<Row> it, float[][] weights, Step s) {
        long t0 = System.nanoTime();
        ClassifierStep shard = SHARDS.computeIfAbsent(start.key() + "/" + p, k -> {
            List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
            it.forEachRemaining(r -> { texts.add(r.getString(0)); labels.add(r.getString(1)); });
            try {
                return texts.isEmpty() ? null : new ClassifierStep(TextClassifier.load(start.folder()), texts, labels);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (shard == null) return new Part(null, 0, 0, 0);
        int[] rows = chunk(shard.size(), p, s);
        if (rows.length == 0) return new Part(null, 0, 0, 0);
        List<Parameter> ps = new ArrayList<>(shard.classifier().model().module().namedParameters().values());
        for (int i = 0; i < ps.size(); i++) {
            Parameter q = ps.get(i);
            q.data().copyFrom(NDArray.wrap(weights[i], q.shape()));
            q.zeroGrad();
        }
        shard.classifier().model().module().train();
        StepLoss l = Generator.scoped(shardGenerator(s, p), () -> shard.loss(rows));
        l.loss().backward();
        GradientRows[] g = new GradientRows[ps.size()];
        for (int i = 0; i < g.length; i++) {
            NDArray gd = ps.get(i).gradData();
            float[] d = new float[ps.get(i).numel()];
            if (gd != null) for (int j = 0; j < d.length; j++) d[j] = (float) (gd.getDouble(j) * rows.length);
            int[] shape = ps.get(i).shape();
            g[i] = GradientRows.of(d, shape.length == 0 ? 1 : shape[shape.length - 1]);
        }
        return new Part(g, l.loss().item() * rows.length, rows.length, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The step's loss for the driver's fit loop: its value is the global batch's mean loss and its
     * gradient with respect to each parameter is the mean of the shards' gradients,
     * {@code Σ_i sum(w_i · g_i) − (the same, detached) + loss}.
     */
    static StepLoss averaged(List<Map.Entry<String, Parameter>> params, Part total) {
        Tensor s = null;
        for (int i = 0; i < params.size(); i++) {
            Parameter w = params.get(i).getValue();
            float[] sum = total.grads()[i].dense(), g = new float[sum.length];
            for (int j = 0; j < g.length; j++) g[j] = (float) ((double) sum[j] / total.rows());
            Tensor term = w.mul(new Tensor(NDArray.wrap(g, w.shape()))).sum();
            s = s == null ? term : s.add(term);
        }
        return StepLoss.of(s.sub(s.detach()).add(total.lossSum() / total.rows()), total.rows());
    }

    /** The classifier written to a temporary folder (to ship to the executors). */
    private static Path saved(TextClassifier c) {
        try {
            Path dir = Files.createTempDirectory("sequoia-dp-");
            c.save(dir);
            dir.toFile().deleteOnExit();
            try (var s = Files.list(dir)) { s.forEach(f -> f.toFile().deleteOnExit()); }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
