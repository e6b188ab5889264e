package io.sequoia.spark;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.Parallel;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutorThreadsTest {
    @Test void localMastersGiveTheirSlots() {
        assertEquals(1, ExecutorThreads.localSlots("local", 8));
        assertEquals(2, ExecutorThreads.localSlots("local[2]", 8));
        assertEquals(8, ExecutorThreads.localSlots("local[*]", 8));
        assertEquals(3, ExecutorThreads.localSlots("local[3,2]", 8));
    }

    /** local[2] (the tests' session): each task gets the cores divided by two slots, at least one thread. */
    @Test void aTaskGetsItsShareAndTheDriverGetsItsPoolBack() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, cores / 2), ExecutorThreads.perTask(LocalSpark.get().sparkContext()));
        int before = Parallel.threads();
        try (ExecutorThreads.Restore r = ExecutorThreads.remember()) {
            ExecutorThreads.set(before + 1);
            assertEquals(before + 1, Parallel.threads());
        }
        assertEquals(before, Parallel.threads());
    }

    /** The kernel pool's thread count each shard step saw (the executors are this JVM in local mode). */
    static final ConcurrentLinkedQueue<Integer> SEEN = new ConcurrentLinkedQueue<>();

    /** A shard whose loss is the sum of its squared weights, recording the pool's threads when it runs. */
    static DataParallelTrainer.ShardStep recordingShard(int n) {
        Generator.manualSeed(5);
        Linear m = new Linear(3, 2);
        return new DataParallelTrainer.ShardStep() {
            @Override public int size() { return n; }
            @Override public Module module() { return m; }
            @Override public StepLoss loss(int[] rows) {
                SEEN.add(Parallel.threads());
                Tensor l = null;
                for (Parameter p : m.namedParameters().values()) l = l == null ? p.mul(p).sum() : l.add(p.mul(p).sum());
                return StepLoss.of(l, rows.length);
            }
        };
    }

    /**
     * Gradient averaging (k = 1) and parameter averaging (k = 2): every shard step runs with the pool at the task's share,
     * not the driver's count (set to one more here), and the driver gets its count back after each round.
     */
    @Test void trainingRoundsRunTheirTasksOnTheTaskShareOfThreads() {
        int share = ExecutorThreads.perTask(LocalSpark.get().sparkContext()), before = Parallel.threads();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) rows.add(RowFactory.create(i));
        Dataset<Row> data = LocalSpark.get().createDataFrame(rows, new StructType().add("i", DataTypes.IntegerType)).repartition(2);
        DataParallelTrainer.ShardTask task = (dir, rs) -> recordingShard(rs.size());
        try {
            for (int k : new int[]{1, 2}) {
                SEEN.clear();
                Parallel.setThreads(share + 1);
                Module driver = recordingShard(8).module();
                if (k == 1) {
                    try (DataParallelTrainer.Rounds r = DataParallelTrainer.spark(driver, dir -> { }, data, task, 4, 7)) {
                        new Model(driver).compile(ps -> new SGD(ps, 0.1)).fit(r.batches(), r.step(), FitOptions.epochs(2).verbose(0));
                    }
                } else {
                    try (ParameterAveraging.Rounds r = ParameterAveraging.spark(driver, dir -> { }, data, task, 4, 0, k, 7, ps -> new SGD(ps, 0.1), 0, DataParallelTrainer::chunk)) {
                        new Model(driver).compile(r.driverOptimizer()).fit(r.batches(), r.step(), FitOptions.epochs(2).verbose(0));
                    }
                }
                assertEquals(2 * 2 * 2, SEEN.size(), "k = " + k + ": 2 epochs of 2 steps on 2 shards");
                assertTrue(SEEN.stream().allMatch(t -> t == share), "k = " + k + ": threads seen by the shards " + SEEN + ", expected " + share);
                assertEquals(share + 1, Parallel.threads(), "k = " + k + ": the driver's pool is put back");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Text scoring's tasks set the pool to their share (a lazy Dataset: in local mode the driver keeps that share afterwards). */
    @Test void scoringTasksSetTheirShare(@TempDir Path dir) throws Exception {
        int share = ExecutorThreads.perTask(LocalSpark.get().sparkContext()), before = Parallel.threads();
        try {
            Generator.manualSeed(3);
            ToyTexts.Data d = ToyTexts.make(40, 1);
            TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 4, 4, 1, 0.0, 8, 50, TextClassifier.Pool.MAX),
                    d.texts(), List.of("neg", "pos")).compile(0.02);
            c.model().predict(c.encode(d.texts().subList(0, 1)), 1);   // the lazy layers built
            c.save(dir);
            Parallel.setThreads(share + 1);
            Dataset<Row> scored = TextScoring.score(TextScoringTest.frame(d.texts()), "text", dir);
            assertEquals(share + 1, Parallel.threads(), "nothing ran yet");
            assertEquals(40, scored.collectAsList().size());
            assertEquals(share, Parallel.threads(), "the scoring tasks set the pool to their share");
        } finally {
            Parallel.setThreads(before);
        }
    }
}
