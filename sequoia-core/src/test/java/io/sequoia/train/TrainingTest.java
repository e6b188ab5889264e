package io.sequoia.train;

import io.sequoia.train.keras.Dense;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Activation;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @BeforeEach
    void seed() { Generator.manualSeed(1234); }

    static Tensor xorX() { return Tensor.of(new float[][]{{0, 0}, {0, 1}, {1, 0}, {1, 1}}); }
    static Tensor xorY() { return Tensor.of(0f, 1f, 1f, 0f); }

    @Test
    void twoLayerMlpLearnsXor() {
        Sequential m = new Sequential(new Dense(8, "tanh"), new Dense(1, "sigmoid"));
        m.logTo(QUIET).compile("adam", 0.05, "binary_crossentropy", "accuracy");
        History h = m.fit(xorX(), xorY(), FitOptions.epochs(300).batchSize(4).verbose(0));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 10, "loss " + loss.get(0) + " -> " + loss.get(loss.size() - 1));
        assertEquals(1.0, h.get("accuracy").get(h.epochs() - 1));
        Tensor p = m.predict(xorX(), 4);
        assertArrayEquals(new int[]{4, 1}, p.shape());
        assertTrue(p.get(0, 0) < 0.5 && p.get(1, 0) > 0.5 && p.get(2, 0) > 0.5 && p.get(3, 0) < 0.5, p.toString());
    }

    /** y = 3 x0 − 2 x1 + 0.5 + noise: an MLP fits it to the noise level. */
    @Test
    void noisyRegressionReachesTheNoiseFloor() {
        Generator g = new Generator(5);
        int n = 512;
        float[] x = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) g.nextGaussian();
            x[2 * i + 1] = (float) g.nextGaussian();
            y[i] = (float) (3 * x[2 * i] - 2 * x[2 * i + 1] + 0.5 + 0.1 * g.nextGaussian());
        }
        Sequential m = new Sequential(new Dense(16, "relu"), new Dense(1));
        m.logTo(QUIET).compile("adam", 0.01, "mse", "mae");
        History h = m.fit(Tensor.of(x, n, 2), Tensor.of(y, n, 1), FitOptions.epochs(60).batchSize(32).validationSplit(0.25).verbose(0));
        double first = h.get("loss").get(0), last = h.get("val_loss").get(h.epochs() - 1);
        assertTrue(last < first / 10, "loss " + first + " -> val " + last);
        assertTrue(last < 0.05, "val mse " + last + " (noise variance 0.01)");
    }

    @Test
    void sameSeedRepeatsBitForBit() {
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            Generator.manualSeed(99);
            Sequential m = new Sequential(new Dense(6, "relu"), new Dropout(0.3), new Dense(1, "sigmoid"));
            m.logTo(QUIET).compile("sgd", 0.1, "binary_crossentropy");
            m.fit(xorX(), xorY(), FitOptions.epochs(20).batchSize(2).verbose(0));
            runs[r] = m.module().namedParameters().get("2.weight").toFloatArray();
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void fitBeforeCompileIsALifecycleError() {
        Model m = new Model(new Linear(2, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(xorX(), xorY(), FitOptions.epochs(1)));
        assertTrue(e.getMessage().startsWith("Model.fit: the model is not compiled"), e.getMessage());
    }

    @Test
    void mismatchedSampleCountsAreNamed() {
        Model m = new Model(new Linear(2, 1)).compile("sgd", "mse");
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> m.fit(xorX(), Tensor.zeros(3), FitOptions.epochs(1)));
        assertTrue(e.getMessage().contains("expected 4, got 3"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> m.compile("adamm", "mse"));
        assertTrue(e2.getMessage().contains("adamm"), e2.getMessage());
    }

    @Test
    void earlyStoppingRestoresBestWeights() {
        Sequential m = new Sequential(new Dense(4, "tanh"), new Dense(1, "sigmoid"));
        m.logTo(QUIET).compile("sgd", 5.0, "binary_crossentropy");
        EarlyStopping es = new EarlyStopping("val_loss", 0, 2, "min", true);
        Map<String, NDArray>[] best = new Map[1];
        Callback spy = new Callback() {
            double bestLoss = Double.POSITIVE_INFINITY;
            @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                if (logs.get("val_loss") < bestLoss) { bestLoss = logs.get("val_loss"); best[0] = model.module().stateDict(); }
            }
        };
        History h = m.fit(xorX(), xorY(), FitOptions.epochs(200).batchSize(4).validationData(xorX(), xorY()).callbacks(spy, es).verbose(0));
        assertTrue(h.epochs() < 200, "stopped after " + h.epochs());
        assertEquals(es.stoppedEpoch() + 1, h.epochs());
        assertArrayEquals(best[0].get("1.weight").toFloatArray(), m.module().stateDict().get("1.weight").toFloatArray());
    }

    @Test
    void csvLoggerAndLearningRateScheduler(@TempDir Path dir) throws Exception {
        Sequential m = new Sequential(new Dense(1));
        m.logTo(QUIET).compile("sgd", "mse");
        Path csv = dir.resolve("log.csv");
        m.fit(xorX(), xorY(), FitOptions.epochs(3).verbose(0).callbacks(new LearningRateScheduler(e -> 0.1 / (e + 1)), new CSVLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,lr", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).endsWith(",0.0333333"), lines.get(3));
        assertEquals(0.1 / 3, m.optimizer().lr(), 1e-12);
    }

    @Test
    void progressPrintsPlainLinesWhenNotATerminal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Sequential m = new Sequential(new Dense(1));
        m.logTo(new PrintStream(buf)).compile("sgd", "mse", "mae");
        m.fit(xorX(), xorY(), FitOptions.epochs(2).verbose(1));
        String s = buf.toString();
        assertTrue(s.contains("Epoch 1/2 - ") && s.contains("Epoch 2/2 - ") && s.contains("loss: ") && s.contains("mae: "), s);
    }

    @Test
    void customOptimizerFactoryAndModule() {
        Module net = new io.sequoia.nn.Sequential(new Linear(2, 8), Activation.tanh(), new Linear(8, 2));
        Model m = new Model(net).logTo(QUIET);
        m.compile((List<Parameter> ps) -> new Adam(ps, 0.05), new io.sequoia.nn.loss.CrossEntropyLoss(), "accuracy");
        History h = m.fit(xorX(), Tensor.of(0f, 1f, 1f, 0f), FitOptions.epochs(200).batchSize(4).verbose(0));
        assertEquals(1.0, h.get("accuracy").get(h.epochs() - 1));
        Map<String, Double> ev = m.evaluate(xorX(), xorY(), 2);
        assertEquals(1.0, ev.get("accuracy"));
    }

    @Test
    void saveLoadRoundTripIsLossless(@TempDir Path dir) throws Exception {
        Sequential m = new Sequential(new Dense(5, "relu"), new io.sequoia.nn.LayerNorm(5), new Dense(2, "softmax"));
        m.logTo(QUIET).compile("adam", "sparse_categorical_crossentropy", "accuracy");
        m.fit(xorX(), xorY(), FitOptions.epochs(3).verbose(0));
        m.save(dir.resolve("model"));
        assertTrue(Files.exists(dir.resolve("model/config.json")) && Files.exists(dir.resolve("model/model.safetensors")));
        Model back = Model.load(dir.resolve("model"));
        assertArrayEquals(m.predict(xorX(), 4).toFloatArray(), back.predict(xorX(), 4).toFloatArray());
        assertEquals(m.module().namedParameters().keySet(), back.module().namedParameters().keySet());
        String config = Files.readString(dir.resolve("model/config.json"));
        assertTrue(config.contains("\"loss\": \"cross_entropy\"") && config.contains("\"units\": 5"), config);
    }

    @Test
    void modelCheckpointKeepsTheBestEpoch(@TempDir Path dir) throws Exception {
        Sequential m = new Sequential(new Dense(4, "tanh"), new Dense(1, "sigmoid"));
        m.logTo(QUIET).compile("adam", 0.05, "binary_crossentropy");
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("best").toString(), "val_loss", true, "min");
        History h = m.fit(xorX(), xorY(), FitOptions.epochs(30).validationData(xorX(), xorY()).callbacks(ck).verbose(0));
        double best = h.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Model back = Model.load(dir.resolve("best"));
        back.compile("adam", "binary_crossentropy");
        assertEquals(best, back.evaluate(xorX(), xorY(), 4).get("loss"), 1e-6);
        assertTrue(ck.saves() >= 1);
    }

    @Test
    void pytorchSchedulerDrivesTheLearningRate() {
        Sequential m = new Sequential(new Dense(1));
        m.logTo(QUIET).compile("sgd", 0.1, "mse");
        m.fit(xorX(), xorY(), FitOptions.epochs(1).verbose(0));
        io.sequoia.optim.StepLR step = new io.sequoia.optim.StepLR(m.optimizer(), 2, 0.5);
        History h = m.fit(xorX(), xorY(), FitOptions.epochs(5).verbose(0).callbacks(new LearningRateScheduler(step)));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), h.get("lr"));
    }
}
