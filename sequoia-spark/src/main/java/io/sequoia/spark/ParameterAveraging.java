package io.sequoia.spark;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.optim.GradClip;
import io.sequoia.optim.Optimizer;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.Batches;
import io.sequoia.train.StepLoss;
import io.sequoia.train.TrainingStep;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parameter averaging with k local steps per round, as Deeplearning4j's
 * {@code ParameterAveragingTrainingMaster} with averaging frequency k and {@code averageUpdaters}:
 * every round the driver broadcasts the weights and the optimizer's state (Adam's moments and step
 * counts, from {@link Optimizer#stateDict()}); each shard loads both into its own copy of the model
 * and its own optimizer, takes k optimizer steps on its chunks of k consecutive global batches
 * (the chunks {@link DataParallelTrainer#chunk} or a {@link Chunker} picks, dropout drawn from
 * {@link DataParallelTrainer#shardGenerator}, gradients clipped per local step), and sends back its
 * weights and optimizer buffers times its weight (rows, windows or tokens processed in the round);
 * {@code treeAggregate} sums them and the driver divides: the next round starts from the weighted
 * means. Step counts and the learning rate are not averaged: the driver keeps the largest (shards
 * with rows in every step of a round agree on them).
 * <p>
 * The rounds run inside the driver's fit loop ({@code Model.fit(Batches, TrainingStep, FitOptions)}),
 * so epochs, History, validation, callbacks and early stopping are the driver's: one "batch" of the
 * loop is a round, whose step sets the driver's weights to the average and returns the round's mean
 * training loss with a zero gradient. The driver's model must therefore be compiled with the
 * rounds' own optimizer ({@link Rounds#driverOptimizer()}: it moves no weight, and its state is the
 * shards' averaged optimizer state, so the fit loop's checkpoints save it and {@code resume} restores
 * it) and without gradient clipping in the loop's options (the shards clip). Learning-rate schedules
 * of the driver's loop do not reach the shards.
 * <p>
 * Deterministic for a seed and a partitioning: the shards' rows and draws depend on the seed, the
 * step and the partition only. The sums are float sums in the order results reach the driver, so
 * with two partitions (a + b = b + a) two runs are bit-identical; with more, they may differ in the
 * last bits.
 */
public final class ParameterAveraging {
    private ParameterAveraging() {}

    /**
     * The driver's optimizer in a fit loop of rounds: it moves no weight (the round's step sets the weights
     * and returns a zero gradient), and its state dict is the shards' averaged optimizer state ({@code held[0]},
     * shared with the rounds' step), so a checkpoint of the loop saves it and resuming gives it back to the
     * next round's shipment.
     */
    static final class Held extends Optimizer {
        private final List<Parameter> order;
        private final OptState[] held;

        Held(List<Parameter> params, List<Parameter> order, OptState[] held) {
            super(params, 0.0);
            this.order = order;
            this.held = held;
        }

        @Override protected void update(NDArray param, NDArray grad, State state) { }

        @Override public Map<String, NDArray> stateDict() {
            if (held[0] != null) return held[0].toMap(order);
            Map<String, NDArray> m = new LinkedHashMap<>();
            m.put(LR_KEY, NDArray.scalar(DType.FLOAT64, 0.0));     // before the first round: nothing averaged yet
            return m;
        }

        @Override public void loadStateDict(Map<String, NDArray> state) {
            held[0] = state.size() <= 1 && (state.isEmpty() || state.containsKey(LR_KEY)) ? null : OptState.of(state, 1.0);
        }
    }

    /** A shard's optimizer over its model's parameters (in {@code namedParameters()} order). */
    @FunctionalInterface
    public interface OptimizerFactory extends Serializable {
        Optimizer create(List<Parameter> params);
    }

    /** Which of a shard's {@code n} rows step {@code s} uses in partition {@code p}; {@link DataParallelTrainer#chunk} by default. */
    @FunctionalInterface
    public interface Chunker extends Serializable {
        int[] rows(int n, int p, DataParallelTrainer.Step s);
    }

    /** A round of an epoch: {@code count} global batches from {@code first}, of an epoch of {@code steps}, shuffled with {@code seed}. */
    public record Round(long seed, int first, int count, int steps) implements Serializable {
        public DataParallelTrainer.Step step(int j) { return new DataParallelTrainer.Step(seed, first + j, steps); }
    }

    /**
     * The rounds of each epoch: {@code steps} global batches in rounds of {@code k} (the last may be
     * shorter), the epoch's seed drawn as {@link DataParallelTrainer#epochs} draws it, so that with k = 1
     * a round is the step of the same index of gradient averaging.
     */
    public static Batches<Round> rounds(int steps, int k, long seed) {
        if (k < 1) throw Errors.arg("ParameterAveraging", "k (local steps per round) must be at least 1", ">= 1", k, null);
        return rng -> {
            long epochSeed = DataParallelTrainer.epochSeed(rng, seed);
            List<Round> out = new ArrayList<>();
            for (int b = 0; b < steps; b += k) out.add(new Round(epochSeed, b, Math.min(k, steps - b), steps));
            return out;
        };
    }

    /** An optimizer's state as shipped: keys, the scalars (learning rate, step counts; NaN for a buffer) and the buffers as floats. */
    record OptState(String[] keys, double[] scalars, float[][] arrays) implements Serializable {
        static OptState of(Map<String, NDArray> m, double scale) {
            for (String k : m.keySet()) {
                if (!scalarKey(k) && k.indexOf('.') < 1) throw Errors.arg("ParameterAveraging", "unknown optimizer state key", "lr, <index>.step or <index>.<buffer>", k, null);
            }
            String[] keys = m.keySet().toArray(new String[0]);
            double[] sc = new double[keys.length];
            float[][] arr = new float[keys.length][];
            for (int i = 0; i < keys.length; i++) {
                NDArray v = m.get(keys[i]);
                if (scalarKey(keys[i])) { sc[i] = v.item(); continue; }
                sc[i] = Double.NaN;
                arr[i] = v.toFloatArray();
                for (int j = 0; j < arr[i].length; j++) arr[i][j] = (float) (arr[i][j] * scale);
            }
            return new OptState(keys, sc, arr);
        }

        static boolean scalarKey(String k) { return k.equals(Optimizer.LR_KEY) || k.endsWith("." + Optimizer.STEP_KEY); }

        Map<String, NDArray> toMap(List<Parameter> params) {
            Map<String, NDArray> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                if (arrays[i] == null) { m.put(keys[i], NDArray.scalar(DType.FLOAT64, scalars[i])); continue; }
                int p = Integer.parseInt(keys[i].substring(0, keys[i].indexOf('.')));
                m.put(keys[i], NDArray.wrap(arrays[i].clone(), params.get(p).shape()));
            }
            return m;
        }

        /** Buffers summed, scalars the larger; the two must hold the same keys. */
        OptState plus(OptState o) {
            if (!java.util.Arrays.equals(keys, o.keys)) {
                throw Errors.state("ParameterAveraging", "two shards' optimizers hold different state (" + keys.length + " and " + o.keys.length + " entries)",
                        "every parameter needs a gradient in every shard's steps");
            }
            double[] sc = new double[keys.length];
            float[][] arr = new float[keys.length][];
            for (int i = 0; i < keys.length; i++) {
                if (arrays[i] == null) { sc[i] = Math.max(scalars[i], o.scalars[i]); continue; }
                sc[i] = Double.NaN;
                arr[i] = arrays[i].clone();
                for (int j = 0; j < arr[i].length; j++) arr[i][j] += o.arrays[i][j];
            }
            return new OptState(keys, sc, arr);
        }

        OptState divided(double w) {
            float[][] arr = new float[keys.length][];
            for (int i = 0; i < keys.length; i++) {
                if (arrays[i] == null) continue;
                arr[i] = new float[arrays[i].length];
                for (int j = 0; j < arr[i].length; j++) arr[i][j] = (float) ((double) arrays[i][j] / w);
            }
            return new OptState(keys, scalars.clone(), arr);
        }
    }

    /** What the driver ships each round: the weights, and the optimizer's averaged state (null before the first round). */
    record Shipment(float[][] weights, OptState state) implements Serializable {}

    /**
     * A shard's round: weights and optimizer buffers times its weight, its loss sum and weight, the
     * shard's compute seconds (its k forward, backward and optimizer steps) and the rest of its task's time.
     */
    record Part(float[][] weights, OptState state, double lossSum, double weight, double seconds, double ioSeconds) implements Serializable {
        static final Part EMPTY = new Part(null, null, 0, 0, 0, 0);

        static Part add(Part a, Part b) {
            double sec = Math.max(a.seconds, b.seconds), io = Math.max(a.ioSeconds, b.ioSeconds);
            if (a.weight == 0) return new Part(b.weights, b.state, b.lossSum, b.weight, sec, io);
            if (b.weight == 0) return new Part(a.weights, a.state, a.lossSum, a.weight, sec, io);
            float[][] w = new float[a.weights.length][];
            for (int i = 0; i < w.length; i++) {
                w[i] = a.weights[i].clone();
                for (int j = 0; j < w[i].length; j++) w[i][j] += b.weights[i][j];
            }
            return new Part(w, a.state.plus(b.state), a.lossSum + b.lossSum, a.weight + b.weight, sec, io);
        }
    }

    /** A shard's round (on an executor, or in the one-process twin): k local optimizer steps from the shipped weights and state. */
    static Part round(DataParallelTrainer.ShardStep shard, int p, Shipment in, Round r, OptimizerFactory opt, double clipNorm, Chunker chunker) {
        if (shard == null) return Part.EMPTY;
        long t0 = System.nanoTime();
        List<Parameter> ps = new ArrayList<>(shard.module().namedParameters().values());
        for (int i = 0; i < ps.size(); i++) {
            Parameter q = ps.get(i);
            q.data().copyFrom(NDArray.wrap(in.weights()[i], q.shape()));
            q.zeroGrad();
        }
        Optimizer o = opt.create(ps);
        if (in.state() != null) o.loadStateDict(in.state().toMap(ps));
        shard.module().train();
        long t1 = System.nanoTime();
        double lossSum = 0, weight = 0;
        for (int j = 0; j < r.count(); j++) {
            DataParallelTrainer.Step s = r.step(j);
            int[] rows = chunker.rows(shard.size(), p, s);
            if (rows.length == 0) continue;
            o.zeroGrad();
            StepLoss l = Generator.scoped(DataParallelTrainer.shardGenerator(s, p), () -> shard.loss(rows));
            double lv = l.loss().item();
            if (!Double.isFinite(lv)) {
                throw Errors.state("ParameterAveraging", "the loss of partition " + p + " became non-finite in global batch " + (s.batch() + 1) + ": " + lv,
                        "lower the learning rate or clip gradients");
            }
            l.loss().backward();
            if (clipNorm > 0) GradClip.clipGradNorm(ps, clipNorm, 2.0);
            o.step();
            lossSum += lv * l.weight();
            weight += l.weight();
        }
        long t2 = System.nanoTime();
        if (weight == 0) return Part.EMPTY;
        float[][] w = new float[ps.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = ps.get(i).data().toFloatArray();
            for (int j = 0; j < w[i].length; j++) w[i][j] = (float) (w[i][j] * weight);
        }
        for (Parameter q : ps) q.zeroGrad();
        return new Part(w, OptState.of(o.stateDict(), weight), lossSum, weight, (t2 - t1) / 1e9, ((t1 - t0) + (System.nanoTime() - t2)) / 1e9);
    }

    /** The driver's rounds: batches, the step, the executors' cleanup and the timing (as {@link DataParallelTrainer.Rounds}). */
    public static final class Rounds implements AutoCloseable {
        private final Batches<Round> batches;
        private final TrainingStep<Round> step;
        private final Runnable cleanup;
        private final List<Parameter> params;
        private final OptState[] held;
        public final DataParallelTrainer.Timing timing;

        Rounds(Batches<Round> batches, TrainingStep<Round> step, Runnable cleanup, DataParallelTrainer.Timing timing, List<Parameter> params, OptState[] held) {
            this.batches = batches;
            this.step = step;
            this.cleanup = cleanup;
            this.timing = timing;
            this.params = params;
            this.held = held;
        }

        /**
         * What the driver's model must be compiled with ({@code new Model(module).compile(r.driverOptimizer())}):
         * an optimizer that moves no weight and holds the shards' averaged optimizer state, for the fit loop's checkpoints.
         */
        public Function<List<Parameter>, Optimizer> driverOptimizer() { return ps -> new Held(ps, params, held); }

        public Batches<Round> batches() { return batches; }
        public TrainingStep<Round> step() { return step; }
        public DataParallelTrainer.Run run(io.sequoia.train.History h) { return new DataParallelTrainer.Run(h, timing.steps, timing); }
        @Override public void close() { cleanup.run(); }
    }

    /** The driver's side of a round, given how to run the shards on a shipment. */
    private static TrainingStep<Round> driverStep(List<Parameter> params, OptState[] state, DataParallelTrainer.Timing timing,
                                                  java.util.function.BiFunction<Shipment, Round, Part> shards) {
        return r -> {
            long t0 = System.nanoTime();
            float[][] w = new float[params.size()][];
            for (int i = 0; i < w.length; i++) w[i] = params.get(i).data().toFloatArray();
            Part total = shards.apply(new Shipment(w, state[0]), r);
            long t2 = System.nanoTime();
            timing.steps++;
            timing.shardCompute += total.seconds();
            timing.shardIo += total.ioSeconds();
            if (total.weight() == 0) {
                throw Errors.state("ParameterAveraging", "round of global batches " + (r.first() + 1) + " to " + (r.first() + r.count()) + " of " + r.steps() + " has no rows",
                        "use a larger batch size or fewer partitions");
            }
            for (int i = 0; i < params.size(); i++) {
                float[] sum = total.weights()[i], avg = new float[sum.length];
                for (int j = 0; j < avg.length; j++) avg[j] = (float) ((double) sum[j] / total.weight());
                params.get(i).data().copyFrom(NDArray.wrap(avg, params.get(i).shape()));
            }
            state[0] = total.state().divided(total.weight());
            Tensor zero = params.get(0).mul(0.0).sum();     // the loop's backward and optimizer step must not move the averaged weights
            StepLoss l = StepLoss.of(zero.sub(zero.detach()).add(total.lossSum() / total.weight()), total.weight());
            timing.driverSum += (System.nanoTime() - t2) / 1e9;
            return l;
        };
    }

    /**
     * Rounds on Spark: each partition of {@code data} is a shard ({@code task} builds it on the executor
     * from the model folder {@code save} writes), epochs of {@code stepsPerEpoch} global batches
     * (0: ceil(rows / batchSize)) in rounds of {@code k}, each shard's rows per step from {@code chunker}.
     */
    public static Rounds spark(Module module, DataParallelTrainer.Saver save, Dataset<Row> data, DataParallelTrainer.ShardTask task,
                               int batchSize, int stepsPerEpoch, int k, long seed, OptimizerFactory opt, double clipNorm, Chunker chunker) {
        DataParallelTrainer.Prepared pr = DataParallelTrainer.prepare("ParameterAveraging", save, data, batchSize, stepsPerEpoch);
        JavaSparkContext sc = pr.sc();
        JavaRDD<Row> rows = pr.rows();
        int steps = pr.steps();
        Broadcast<ModelShipment> start = pr.start();
        long t00 = pr.t00();
        int threads = ExecutorThreads.perTask(sc.sc());
        List<Parameter> params = new ArrayList<>(module.namedParameters().values());
        String run = start.value().key() + "/";
        DataParallelTrainer.Timing timing = new DataParallelTrainer.Timing();
        timing.setup = (System.nanoTime() - t00) / 1e9;
        OptState[] held = {null};
        TrainingStep<Round> step = driverStep(params, held, timing, (ship, r) -> {
            long t0 = System.nanoTime();
            Broadcast<Shipment> b = sc.broadcast(ship);
            long t1 = System.nanoTime();
            Part total;
            try (ExecutorThreads.Restore ignored = ExecutorThreads.remember()) {
                total = rows.mapPartitionsWithIndex((p, it) -> {
                    ExecutorThreads.set(threads);
                    return List.of(round(DataParallelTrainer.openShard(start.value(), task, p, it), p, b.value(), r, opt, clipNorm, chunker)).iterator();
                }, true).treeAggregate(Part.EMPTY, Part::add, Part::add);
            }
            b.destroy();
            timing.broadcast += (t1 - t0) / 1e9;
            timing.job += (System.nanoTime() - t1) / 1e9;
            return total;
        });
        return new Rounds(rounds(steps, k, seed), step, () -> {
            rows.foreachPartition(it -> DataParallelTrainer.forget(run));
            rows.unpersist(false);
        }, timing, params, held);
    }

    /**
     * The one-process twin of {@link #spark}: the shards (each with its own model, built from the same
     * start) run one after another and their parts are summed in partition order.
     */
    public static Rounds oneProcess(Module module, List<DataParallelTrainer.ShardStep> shards, int batchSize, int stepsPerEpoch, int k, long seed,
                                    OptimizerFactory opt, double clipNorm, Chunker chunker) {
        int n = 0;
        for (DataParallelTrainer.ShardStep s : shards) n += s == null ? 0 : s.size();
        if (n == 0) throw Errors.arg("ParameterAveraging.oneProcess", "the data must have rows", ">= 1", 0, null);
        int steps = stepsPerEpoch > 0 ? stepsPerEpoch : (n + batchSize - 1) / batchSize;
        List<Parameter> params = new ArrayList<>(module.namedParameters().values());
        DataParallelTrainer.Timing timing = new DataParallelTrainer.Timing();
        OptState[] held = {null};
        TrainingStep<Round> step = driverStep(params, held, timing, (ship, r) -> {
            Part total = Part.EMPTY;
            for (int p = 0; p < shards.size(); p++) total = Part.add(total, round(shards.get(p), p, ship, r, opt, clipNorm, chunker));
            return total;
        });
        return new Rounds(rounds(steps, k, seed), step, () -> {}, timing, params, held);
    }
}
