package io.sequoia.spark;

import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.train.CheckpointSeries;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterAveragingTest {
    static Dataset<Row> texts(ToyTexts.Data d) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.texts().size(); i++) rows.add(RowFactory.create(d.texts().get(i), d.labels().get(i)));
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
        return LocalSpark.get().createDataFrame(rows, schema).repartition(2);
    }

    static final ParameterAveraging.OptimizerFactory ADAM = ps -> new Adam(ps, 0.02);

    /** k = 1 through the k-taking entry point is gradient averaging: the one-process weights on the same global batches. */
    @Test void kOneIsGradientAveragingAndEqualsOneProcess() {
        ToyTexts.Data d = ToyTexts.make(64, 5);
        Dataset<Row> data = texts(d);
        TextClassifier spark = DataParallelTrainerTest.classifier(d);
        DataParallelTrainer.Run run = DataParallelTrainer.fit(spark, data, "text", "label", FitOptions.epochs(1).batchSize(16).verbose(0), 42, 1, ADAM, 0);
        TextClassifier one = DataParallelTrainerTest.classifier(d);
        DataParallelTrainer.Run ref = DataParallelTrainer.fitOneProcess(one, DataParallelTrainer.shards(data, "text", "label"), FitOptions.epochs(1).batchSize(16).verbose(0), 42);
        assertEquals(ref.history().get("loss").get(0), run.history().get("loss").get(0), 1e-5);
        assertClose(DataParallelTrainerTest.weights(one), DataParallelTrainerTest.weights(spark));
    }

    /** k = 2 with Adam: two Spark runs are bit-identical, equal their one-process twin, and differ from gradient averaging. */
    @Test void kTwoIsDeterministicAndEqualsItsOneProcessTwin() throws Exception {
        ToyTexts.Data d = ToyTexts.make(64, 5);
        Dataset<Row> data = texts(d);
        FitOptions o = FitOptions.epochs(1).batchSize(16).verbose(0);
        TextClassifier b = DataParallelTrainerTest.classifier(d, 0.3), a = DataParallelTrainerTest.classifier(d, 0.3);
        Generator.State atFit = Generator.global().state();
        Map<String, float[]> start = DataParallelTrainerTest.weights(a);
        Path dir = Files.createTempDirectory("pa-start");
        a.save(dir);
        DataParallelTrainer.Run ra = DataParallelTrainer.fit(a, data, "text", "label", o, 42, 2, ADAM, 1.0);
        Generator.global().setState(atFit);
        DataParallelTrainer.fit(b, data, "text", "label", FitOptions.epochs(1).batchSize(16).verbose(0), 42, 2, ADAM, 1.0);
        assertEquals(2L, ra.steps(), "an epoch of 4 global batches in rounds of 2");
        Map<String, float[]> wa = DataParallelTrainerTest.weights(a), wb = DataParallelTrainerTest.weights(b);
        for (String k : wa.keySet()) assertArrayEquals(wa.get(k), wb.get(k), "a second run: " + k);

        // the one-process twin: each shard its own copy of the start, the parts summed in partition order
        List<List<String[]>> parts = DataParallelTrainer.shards(data, "text", "label");
        List<DataParallelTrainer.ShardStep> shards = new ArrayList<>();
        for (List<String[]> part : parts) {
            shards.add(new ClassifierStep(TextClassifier.load(dir), part.stream().map(r -> r[0]).toList(), part.stream().map(r -> r[1]).toList()));
        }
        TextClassifier twin = TextClassifier.load(dir);
        Module m = twin.model().module();
        try (ParameterAveraging.Rounds r = ParameterAveraging.oneProcess(m, shards, 16, 0, 2, 42, ADAM, 1.0, DataParallelTrainer::chunk)) {
            Model driver = new Model(m).compile(r.driverOptimizer());
            Generator.global().setState(atFit);                // the fit loop's generator draws the epochs' seeds
            var h = driver.fit(r.batches(), r.step(), FitOptions.epochs(1).verbose(0));
            assertEquals(h.get("loss").get(0), ra.history().get("loss").get(0), 1e-5, "the epoch's loss");
        }
        assertClose(weights(m), wa);

        TextClassifier g = DataParallelTrainerTest.classifier(d, 0.3);
        DataParallelTrainer.fit(g, data, "text", "label", FitOptions.epochs(1).batchSize(16).verbose(0), 42, 1, ADAM, 1.0);
        double fromStart = maxDiff(start, wa), fromGradientAveraging = maxDiff(DataParallelTrainerTest.weights(g), wa);
        assertTrue(fromStart > 1e-2, "trained: " + fromStart);
        assertTrue(fromGradientAveraging > 1e-4, "k = 2 is not gradient averaging: " + fromGradientAveraging);
    }

    /** The global N-BEATS on two shards: k = 4 repeats bit for bit and learns; k = 1 runs through gradient averaging. */
    @Test void nbeatsTrainsOnSparkDeterministically() {
        int h = 6;
        List<double[]> train = new ArrayList<>(), test = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(3);
        for (int s = 0; s < 12; s++) {
            double[] y = new double[48];
            double lvl = 50 + 50 * rnd.nextDouble(), amp = 5 + 10 * rnd.nextDouble(), trend = rnd.nextDouble();
            for (int t = 0; t < y.length; t++) y[t] = lvl + trend * t + amp * Math.sin(2 * Math.PI * t / 12) + rnd.nextGaussian();
            train.add(java.util.Arrays.copyOf(y, y.length - h));
            test.add(java.util.Arrays.copyOfRange(y, y.length - h, y.length));
        }
        NBeatsConfig cfg = NBeatsConfig.builder(h, 12).lookbacks(2).blocks(2).width(16).layers(2).batchSize(32).steps(48).stepsPerEpoch(24).lr(3e-3).build();
        Dataset<Row> data = DataParallelNBeats.dataset(LocalSpark.get(), train, 2);
        DataParallelNBeats.Result r1 = DataParallelNBeats.train(data, cfg, 4, null), r2 = DataParallelNBeats.train(data, cfg, 4, null);
        Map<String, float[]> w1 = weights(r1.forecaster().network()), w2 = weights(r2.forecaster().network());
        for (String k : w1.keySet()) assertArrayEquals(w1.get(k), w2.get(k), "a second run: " + k);
        assertEquals(12L, r1.runs().get(0).steps(), "2 epochs of 24 steps in rounds of 4");
        double untrained = smape(NBeatsForecaster.untrained(cfg), train, test), averaged = smape(r1.forecaster(), train, test);
        assertTrue(averaged < 0.8 * untrained, "k = 4 learns: sMAPE " + averaged + " against untrained " + untrained);
        DataParallelNBeats.Result g = DataParallelNBeats.train(data, cfg.toBuilder().steps(8).stepsPerEpoch(8).build(), 1, null);
        assertEquals(8L, g.runs().get(0).steps());
        assertTrue(Double.isFinite(g.runs().get(0).history().get("loss").get(0)));
    }

    /**
     * N-BEATS checkpointed through a {@link CheckpointSeries}, k = 1 (the driver's Adam) and k = 2 (the shards' averaged Adam
     * state, held by the driver's optimizer): 1 epoch, then resumed to 2, gives the weights and History of 2 epochs in one go,
     * bit for bit (two partitions).
     */
    @Test void aResumedNBeatsRunEqualsTheUninterruptedOne(@TempDir Path dir) {
        List<double[]> train = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(4);
        for (int s = 0; s < 6; s++) {
            double[] y = new double[36];
            for (int t = 0; t < y.length; t++) y[t] = 50 + 10 * s + t + 8 * Math.sin(2 * Math.PI * t / 12) + rnd.nextGaussian();
            train.add(y);
        }
        Dataset<Row> data = DataParallelNBeats.dataset(LocalSpark.get(), train, 2);
        NBeatsConfig two = NBeatsConfig.builder(6, 12).lookbacks(2).blocks(1).width(8).layers(2).batchSize(16).steps(4).stepsPerEpoch(2).lr(3e-3).build();
        for (int k : new int[]{1, 2}) {
            Path part = dir.resolve("part" + k), whole = dir.resolve("whole" + k);
            DataParallelNBeats.train(data, two.toBuilder().steps(2).build(), k, null, new CheckpointSeries(part, false, 0, null));
            DataParallelNBeats.Result resumed = DataParallelNBeats.train(data, two, k, null, new CheckpointSeries(part, true, 0, null));
            DataParallelNBeats.Result straight = DataParallelNBeats.train(data, two, k, null, new CheckpointSeries(whole, false, 0, null));
            assertEquals(2L / k, resumed.runs().get(0).steps(), "k = " + k + ": only the second epoch ran");
            assertEquals(2, resumed.runs().get(0).history().epochs());
            assertEquals(straight.runs().get(0).history().asMap(), resumed.runs().get(0).history().asMap(), "k = " + k + ": History");
            Map<String, float[]> ws = weights(straight.forecaster().network()), wr = weights(resumed.forecaster().network());
            for (String n : ws.keySet()) assertArrayEquals(ws.get(n), wr.get(n), "k = " + k + ": " + n);
        }
    }

    static double smape(NBeatsForecaster f, List<double[]> train, List<double[]> test) {
        List<double[]> fc = f.forecastAll(train);
        double s = 0;
        int n = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int t = 0; t < test.get(i).length; t++, n++) {
                double y = test.get(i)[t], p = fc.get(i)[t];
                s += 200 * Math.abs(y - p) / (Math.abs(y) + Math.abs(p));
            }
        }
        return s / n;
    }

    static Map<String, float[]> weights(Module m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) w.put(e.getKey(), e.getValue().data().toFloatArray());
        return w;
    }

    static double maxDiff(Map<String, float[]> a, Map<String, float[]> b) {
        double d = 0;
        for (String k : a.keySet()) for (int i = 0; i < a.get(k).length; i++) d = Math.max(d, Math.abs(a.get(k)[i] - b.get(k)[i]));
        return d;
    }

    static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual) {
        for (String k : expected.keySet()) {
            for (int i = 0; i < expected.get(k).length; i++) {
                assertEquals(expected.get(k)[i], actual.get(k)[i], 2e-5 + 1e-4 * Math.abs(expected.get(k)[i]), k + "[" + i + "]");
            }
        }
    }
}
