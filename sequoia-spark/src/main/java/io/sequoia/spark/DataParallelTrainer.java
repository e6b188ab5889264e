package io.sequoia.spark;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
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
import java.util.Optional;
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
    private static final Map<String, Optional<ShardStep>> SHARDS = new ConcurrentHashMap<>();

    /**
     * A shard's step: the loss of some of its rows (a mean over their weight, {@link StepLoss#weight}:
     * texts, sentences or target tokens) computed with {@link #module()}'s parameters, with the graph
     * for their gradients; {@link #size()} rows.
     */
    public interface ShardStep extends TrainingStep<int[]> {
        int size();
        Module module();
    }

    /** Builds a shard's step on an executor from the shipped model folder and the partition's rows (not called for an empty partition). */
    @FunctionalInterface
    public interface ShardTask extends Serializable {
        ShardStep open(Path modelFolder, List<Row> rows) throws IOException;
    }

    /** Writes the model being trained as a model folder (shipped to the executors once, as the start). */
    @FunctionalInterface
    public interface Saver {
        void save(Path dir) throws IOException;
    }

    /** One step of an epoch: the epoch's shuffling seed and the batch index. */
    public record Step(long seed, int batch, int steps) implements Serializable {}

    /**
     * A shard's part of a step: gradient sums (gradient of the chunk's mean loss times its rows, in
     * float, half the bytes of double; an embedding's as its non-zero rows, {@link GradientRows}),
     * loss sum and weight (rows, sentences or target tokens: what the step's loss is a mean over).
     */
    record Part(GradientRows[] grads, double lossSum, double rows, double seconds, double ioSeconds) implements Serializable {
        static final Part EMPTY = new Part(null, 0, 0, 0, 0);

        /**
         * Sums of gradients, losses and weights; {@code seconds} is the slowest shard's forward and
         * backward time, {@code ioSeconds} the slowest shard's time to load the weights and pack its gradients.
         */
        static Part add(Part a, Part b) {
            double sec = Math.max(a.seconds, b.seconds), io = Math.max(a.ioSeconds, b.ioSeconds);
            if (a.rows == 0) return new Part(b.grads, b.lossSum, b.rows, sec, io);
            if (b.rows == 0) return new Part(a.grads, a.lossSum, a.rows, sec, io);
            GradientRows[] g = new GradientRows[a.grads.length];
            for (int i = 0; i < g.length; i++) g[i] = a.grads[i].plus(b.grads[i]);
            return new Part(g, a.lossSum + b.lossSum, a.rows + b.rows, sec, io);
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
     * The steps of each epoch: a seed drawn from the fit loop's generator (whose state a checkpoint
     * keeps, so a resumed run draws the epochs' seeds of the uninterrupted one) and mixed with
     * {@code seed}, then {@code steps} batches. Executors in the driver's JVM (local mode) build their
     * shards with a generator of their own ({@link #openShard}), so they do not draw from the loop's.
     */
    public static Batches<Step> epochs(int steps, long seed) {
        return rng -> {
            long epochSeed = epochSeed(rng, seed);
            List<Step> out = new ArrayList<>(steps);
            for (int b = 0; b < steps; b++) out.add(new Step(epochSeed, b, steps));
            return out;
        };
    }

    /** An epoch's shuffling seed: the fit loop's next draw mixed with the run's {@code seed}. */
    static long epochSeed(Generator rng, long seed) { return rng.nextLong() ^ (0xBF58476D1CE4E5B9L * (seed + 1)); }

    /**
     * Where a run's rounds spent their time, summed over the steps (seconds): building and broadcasting
     * the weights on the driver; the Spark job (task launch, the shards' work, shipping and summing the
     * gradients with {@code treeAggregate}); of the job, the slowest shard's forward and backward pass
     * and the slowest shard's loading of the weights and packing of its gradients (the first step of a
     * shard also reads and encodes its rows); the driver's turning the sums into the step's loss.
     * The optimizer's update is the fit loop's, outside the step: a run's wall time minus these.
     */
    public static final class Timing {
        public long steps;
        /** Once per run: caching and counting the rows, writing and broadcasting the model folder. */
        public double setup;
        public double broadcast, job, shardCompute, shardIo, driverSum;
        /** The run's wall time, set by trainers that time a whole run (DataParallelNBeats: per member); 0 when not. */
        public double wall;

        /** Seconds per step of the job not spent in the slowest shard's work: task launch, shipping, aggregation. */
        public double roundOverhead() { return steps == 0 ? 0 : (broadcast + job - shardCompute - shardIo + driverSum) / steps; }

        public String table(double wallSeconds) {
            double n = Math.max(1, steps), other = wallSeconds - setup - broadcast - job - driverSum;
            return String.format(java.util.Locale.ROOT, "set-up %.1f s; per step (ms): broadcast %.1f | job %.1f = slowest shard forward+backward %.1f + its weights in/gradients out %.1f"
                            + " + launch, shipping and treeAggregate %.1f | driver sum %.1f | optimizer step, validation and the rest %.1f | total without set-up %.1f",
                    setup, 1e3 * broadcast / n, 1e3 * job / n, 1e3 * shardCompute / n, 1e3 * shardIo / n, 1e3 * (job - shardCompute - shardIo) / n,
                    1e3 * driverSum / n, 1e3 * other / n, 1e3 * (wallSeconds - setup) / n);
        }
    }

    /**
     * A run: the driver's History, the steps taken and where the rounds' time went.
     */
    public record Run(History history, long steps, Timing timing) {
        /** Seconds per step spent outside the shards' own work (broadcast, scheduling, shipping, aggregation, summing). */
        public double roundOverhead() { return timing.roundOverhead(); }
    }

    /**
     * The driver's side of data-parallel training, to hand to a fit loop: the epochs' steps
     * ({@link #batches}) and the step ({@link #step}) whose loss has the global batch's mean loss as
     * its value and the shards' mean gradient as its gradient; {@link #close} frees the executors' state.
     */
    public static final class Rounds implements AutoCloseable {
        private final Batches<Step> batches;
        private final TrainingStep<Step> step;
        private final Runnable cleanup;
        public final Timing timing = new Timing();

        private Rounds(Batches<Step> batches, java.util.function.Function<Timing, TrainingStep<Step>> step, Runnable cleanup) {
            this.batches = batches;
            this.step = step.apply(timing);
            this.cleanup = cleanup;
        }

        public Batches<Step> batches() { return batches; }
        public TrainingStep<Step> step() { return step; }
        public Run run(History h) { return new Run(h, timing.steps, timing); }
        @Override public void close() { cleanup.run(); }
    }

    /**
     * Rounds on Spark: each partition of {@code data} is a shard ({@link ShardTask#open} builds its step
     * on the executor from the model folder {@code save} writes, once per run), global batches of
     * {@code batchSize} rows shuffled with {@code seed}; {@code module}'s parameters are the driver's
     * weights (broadcast every step) and the ones the fit loop updates.
     */
    public static Rounds spark(Module module, Saver save, Dataset<Row> data, ShardTask task, int batchSize, long seed) {
        return spark(module, save, data, task, batchSize, 0, seed, DataParallelTrainer::chunk);
    }

    /** The data cached and counted, the steps per epoch and the start model broadcast: what every Spark training run sets up first. */
    record Prepared(JavaSparkContext sc, JavaRDD<Row> rows, int steps, Broadcast<ModelShipment> start, long t00) { }

    /**
     * Validates {@code batchSize}, caches and counts {@code data} (refusing an empty one), derives the steps per epoch
     * ({@code stepsPerEpoch}, or ceil(rows / batchSize) when 0) and broadcasts the model folder {@code save} writes.
     */
    static Prepared prepare(String where, Saver save, Dataset<Row> data, int batchSize, int stepsPerEpoch) {
        if (batchSize < 1) throw Errors.arg(where, "batchSize must be at least 1", ">= 1", batchSize, null);
        long t00 = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        JavaRDD<Row> rows = data.javaRDD().cache();
        long n = rows.count();
        if (n == 0) {
            rows.unpersist(false);
            throw Errors.arg(where + ".fit", "the data must have rows", ">= 1", 0, null);
        }
        int steps = stepsPerEpoch > 0 ? stepsPerEpoch : (int) ((n + batchSize - 1) / batchSize);
        try {
            return new Prepared(sc, rows, steps, sc.broadcast(ModelShipment.of(saved(save))), t00);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #spark(Module, Saver, Dataset, ShardTask, int, long)}, with epochs of {@code stepsPerEpoch}
     * global batches (0: ceil(rows / batchSize)) and each shard's rows per step picked by {@code chunker}.
     */
    public static Rounds spark(Module module, Saver save, Dataset<Row> data, ShardTask task, int batchSize, int stepsPerEpoch, long seed,
                               ParameterAveraging.Chunker chunker) {
        Prepared pr = prepare("DataParallelTrainer", save, data, batchSize, stepsPerEpoch);
        JavaSparkContext sc = pr.sc();
        JavaRDD<Row> rows = pr.rows();
        int steps = pr.steps();
        Broadcast<ModelShipment> start = pr.start();
        long t00 = pr.t00();
        int threads = ExecutorThreads.perTask(sc.sc());
        List<Parameter> params = new ArrayList<>(module.namedParameters().values());
        String run = start.value().key() + "/";
        double setup = (System.nanoTime() - t00) / 1e9;
        return new Rounds(epochs(steps, seed), timing -> s -> {
            timing.setup = setup;
            long t0 = System.nanoTime();
            float[][] w = new float[params.size()][];
            for (int i = 0; i < w.length; i++) w[i] = params.get(i).data().toFloatArray();
            Broadcast<float[][]> weights = sc.broadcast(w);
            long t1 = System.nanoTime();
            Part total;
            try (ExecutorThreads.Restore ignored = ExecutorThreads.remember()) {    // one layer of threads: each task its share of the cores
                total = rows.mapPartitionsWithIndex((p, it) -> {
                    ExecutorThreads.set(threads);
                    return List.of(shardPart(start.value(), task, p, it, weights.value(), s, chunker)).iterator();
                }, true).treeAggregate(Part.EMPTY, Part::add, Part::add);
            }
            long t2 = System.nanoTime();
            weights.destroy();
            timing.steps++;
            timing.broadcast += (t1 - t0) / 1e9;
            timing.job += (t2 - t1) / 1e9;
            timing.shardCompute += total.seconds();
            timing.shardIo += total.ioSeconds();
            if (total.rows() == 0) {
                throw Errors.state("DataParallelTrainer.fit", "global batch " + (s.batch() + 1) + " of " + s.steps() + " has no rows: every partition holds fewer rows than an epoch has steps",
                        "use a larger batch size or fewer partitions");
            }
            StepLoss l = averaged(params, total);
            timing.driverSum += (System.nanoTime() - t2) / 1e9;
            return l;
        }, () -> {
            rows.foreachPartition(it -> forget(run));
            rows.unpersist(false);
        });
    }

    /**
     * The one-process twin of {@link #spark}: the same global batches (the union of the shards' chunks)
     * through one step {@code all} over the shards' rows concatenated in partition order
     * ({@code shardSizes} rows each), each shard's chunk run with its shard's generator
     * ({@link #shardGenerator}) so that it draws the dropout masks the Spark run draws; it reaches the
     * Spark run's weights up to float summation order.
     */
    public static Rounds oneProcess(ShardStep all, int[] shardSizes, int batchSize, long seed) {
        int[] offset = new int[shardSizes.length];
        int n = 0;
        for (int p = 0; p < shardSizes.length; p++) { offset[p] = n; n += shardSizes[p]; }
        if (n == 0) throw Errors.arg("DataParallelTrainer.fitOneProcess", "the data must have rows", ">= 1", 0, null);
        if (n != all.size()) throw Errors.arg("DataParallelTrainer.oneProcess", "the shards' sizes must add up to the step's rows", all.size(), n, null);
        int steps = (n + batchSize - 1) / batchSize;
        return new Rounds(epochs(steps, seed), timing -> s -> {
            timing.steps++;
            Tensor loss = null;
            StepLoss[] terms = new StepLoss[shardSizes.length];
            double weight = 0;
            for (int p = 0; p < shardSizes.length; p++) {
                int[] part = chunk(shardSizes[p], p, s);
                if (part.length == 0) continue;
                int[] rows = new int[part.length];
                for (int i = 0; i < rows.length; i++) rows[i] = offset[p] + part[i];
                terms[p] = Generator.scoped(shardGenerator(s, p), () -> all.loss(rows));
                weight += terms[p].weight();
            }
            for (StepLoss t : terms) {                     // Σ_p (w_p / w) · mean loss of chunk p
                if (t == null) continue;
                Tensor term = t.loss().mul(t.weight() / weight);
                loss = loss == null ? term : loss.add(term);
            }
            return StepLoss.of(loss, weight);
        }, () -> {});
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
        classifier.model().predict(classifier.encode(List.of("")), 1);   // lazily built layers get their weights before they are shipped
        try (Rounds r = spark(classifier.model().module(), classifier::save, data.select(textCol, labelCol), ClassifierStep.TASK, options.batchSize(), seed)) {
            return r.run(classifier.model().fit(r.batches(), r.step(), options));
        }
    }

    /**
     * Trains {@code classifier} as {@link #fit(TextClassifier, Dataset, String, String, FitOptions, long)}
     * with {@code k} local steps per round: k = 1 is that method (gradient averaging, the classifier's own
     * optimizer on the driver); k > 1 is parameter averaging ({@link ParameterAveraging}): each shard
     * takes k steps of an optimizer from {@code opt} (clipping its gradients to {@code clipNorm}, 0: not),
     * and the weights and the optimizer's state are averaged every round. The classifier's model keeps
     * its compilation; the rounds run in a fit loop of their own over its module.
     */
    public static Run fit(TextClassifier classifier, Dataset<Row> data, String textCol, String labelCol, FitOptions options, long seed,
                          int k, ParameterAveraging.OptimizerFactory opt, double clipNorm) {
        if (k < 1) throw Errors.arg("DataParallelTrainer.fit", "k (local steps per round) must be at least 1", ">= 1", k, null);
        if (k == 1) return fit(classifier, data, textCol, labelCol, options, seed);
        for (String c : new String[]{textCol, labelCol}) {
            if (!Arrays.asList(data.columns()).contains(c)) throw Errors.arg("DataParallelTrainer.fit", "the column must exist", "one of " + Arrays.asList(data.columns()), c, null);
        }
        if (classifier.model().loss() == null) throw Errors.state("DataParallelTrainer.fit", "the classifier is not compiled", "call compile(lr) first");
        classifier.model().predict(classifier.encode(List.of("")), 1);
        try (ParameterAveraging.Rounds r = ParameterAveraging.spark(classifier.model().module(), classifier::save, data.select(textCol, labelCol), ClassifierStep.TASK,
                options.batchSize(), 0, k, seed, opt, clipNorm, DataParallelTrainer::chunk)) {
            io.sequoia.train.Model driver = new io.sequoia.train.Model(classifier.model().module()).compile(r.driverOptimizer());
            return r.run(driver.fit(r.batches(), r.step(), options));
        }
    }

    /**
     * The one-process twin of {@link #fit} for a classifier, shards given as lists of (text, label)
     * ({@link #shards}), the data set encoded once.
     */
    public static Run fitOneProcess(TextClassifier classifier, List<List<String[]>> shards, FitOptions options, long seed) {
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        int[] sizes = new int[shards.size()];
        for (int p = 0; p < shards.size(); p++) {
            sizes[p] = shards.get(p).size();
            for (String[] r : shards.get(p)) { texts.add(r[0]); labels.add(r[1]); }
        }
        if (texts.isEmpty()) throw Errors.arg("DataParallelTrainer.fitOneProcess", "the data must have rows", ">= 1", 0, null);
        classifier.model().predict(classifier.encode(List.of("")), 1);
        try (Rounds r = oneProcess(new ClassifierStep(classifier, texts, labels), sizes, options.batchSize(), seed)) {
            return r.run(classifier.model().fit(r.batches(), r.step(), options));
        }
    }

    /** The partitions of {@code data} as (text, label) lists, in partition order: the shards {@link #fit} trains on. */
    public static List<List<String[]>> shards(Dataset<Row> data, String textCol, String labelCol) {
        List<List<String[]>> out = new ArrayList<>();
        for (List<Row> part : partitions(data.select(textCol, labelCol))) {
            out.add(part.stream().map(r -> new String[]{r.getString(0), r.getString(1)}).toList());
        }
        return out;
    }

    /** The rows of each partition of {@code data}, in partition order (collected on the driver). */
    public static List<List<Row>> partitions(Dataset<Row> data) { return data.javaRDD().glom().collect(); }

    /** On an executor: this partition's gradient sums for step {@code s}, its shard built on first use. */
    static Part shardPart(ModelShipment start, ShardTask task, int p, Iterator<Row> it, float[][] weights, Step s, ParameterAveraging.Chunker chunker) {
        long t0 = System.nanoTime();
        ShardStep shard = openShard(start, task, p, it);
        if (shard == null) return Part.EMPTY;
        int[] rows = chunker.rows(shard.size(), p, s);
        if (rows.length == 0) return Part.EMPTY;
        List<Parameter> ps = new ArrayList<>(shard.module().namedParameters().values());
        for (int i = 0; i < ps.size(); i++) {
            Parameter q = ps.get(i);
            q.data().copyFrom(NDArray.wrap(weights[i], q.shape()));
            q.zeroGrad();
        }
        shard.module().train();
        long t1 = System.nanoTime();
        StepLoss l = Generator.scoped(shardGenerator(s, p), () -> shard.loss(rows));
        l.loss().backward();
        long t2 = System.nanoTime();
        GradientRows[] g = new GradientRows[ps.size()];
        for (int i = 0; i < g.length; i++) {
            NDArray gd = ps.get(i).gradData();
            float[] d = gd == null ? new float[ps.get(i).numel()] : gd.toFloatArray();
            for (int j = 0; j < d.length; j++) d[j] = (float) (d[j] * l.weight());
            int[] shape = ps.get(i).shape();
            g[i] = GradientRows.of(d, shape.length == 0 ? 1 : shape[shape.length - 1]);
        }
        return new Part(g, l.loss().item() * l.weight(), l.weight(), (t2 - t1) / 1e9, ((t1 - t0) + (System.nanoTime() - t2)) / 1e9);
    }

    /** On an executor: partition {@code p}'s shard of the run shipped as {@code start}, built from its rows on first use (null: no rows). */
    static ShardStep openShard(ModelShipment start, ShardTask task, int p, Iterator<Row> it) {
        return SHARDS.computeIfAbsent(start.key() + "/" + p, k -> {
            List<Row> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            if (rows.isEmpty()) return Optional.empty();
            // a generator of the shard's own: loading the model must not draw from the driver's (local mode: the same JVM)
            return Optional.of(Generator.scoped(new Generator(0x632BE59BD9B4E019L * (p + 1)), () -> {
                try {
                    return task.open(start.folder(), rows);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }).orElse(null);
    }

    /** On an executor: drops the shards of run {@code run} (a shipment's key and "/"). */
    static void forget(String run) { SHARDS.keySet().removeIf(k -> k.startsWith(run)); }

    /**
     * The step's loss for the driver's fit loop: its value is the global batch's mean loss and its
     * gradient with respect to each parameter is the weighted mean of the shards' gradients,
     * {@code Σ_i sum(w_i · g_i) − (the same, detached) + loss}.
     */
    static StepLoss averaged(List<Parameter> params, Part total) {
        Tensor s = null;
        for (int i = 0; i < params.size(); i++) {
            Parameter w = params.get(i);
            float[] sum = total.grads()[i].dense(), g = new float[sum.length];
            for (int j = 0; j < g.length; j++) g[j] = (float) ((double) sum[j] / total.rows());
            Tensor term = w.mul(new Tensor(NDArray.wrap(g, w.shape()))).sum();
            s = s == null ? term : s.add(term);
        }
        return StepLoss.of(s.sub(s.detach()).add(total.lossSum() / total.rows()), total.rows());
    }

    /** The model written to a temporary folder (to ship to the executors). */
    static Path saved(Saver save) {
        try {
            Path dir = Files.createTempDirectory("sequoia-dp-");
            save.save(dir);
            dir.toFile().deleteOnExit();
            try (var s = Files.list(dir)) { s.forEach(f -> f.toFile().deleteOnExit()); }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
