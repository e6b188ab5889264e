package io.sequoia.timeseries.neural;

import io.sequoia.tensor.NDArray;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.train.CheckpointSeries;
import io.sequoia.train.Checkpointing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A neural forecaster's training stopped (mid-epoch, at an epoch end) and resumed from its checkpoint
 * ends bit for bit as the uninterrupted training: weights and forecasts (dropout, shuffling, early
 * stopping with best weights, MC-dropout sample paths after training); and a run of several
 * trainings (a seed ensemble through the catalogue) resumed from a {@link CheckpointSeries}.
 */
class NeuralResumeTest {
    @TempDir Path tmp;

    static double[] series(int n) {
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 12) + 0.05 * i + 0.3 * r.nextGaussian();
        return y;
    }

    /** 8 epochs at most, early stopping with patience 2 (it may stop before), dropout and MC dropout: every random draw matters. */
    static NeuralConfig config() {
        return NeuralConfig.builder().lookback(12).horizon(3).hiddenSize(8).epochs(8).batchSize(8).lr(1e-2).patience(2)
                .dropout(0.2).mcSamples(5).normalize(NeuralConfig.Normalize.LAST).build();
    }

    static void assertSame(NeuralForecaster a, NeuralForecaster b, String what) {
        Map<String, NDArray> x = a.network().stateDict(), y = b.network().stateDict();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((k, v) -> assertArrayEquals(v.floatData(), y.get(k).floatData(), what + ": " + k));   // bit for bit
        Forecast f = a.forecast(3, null, 0.9), g = b.forecast(3, null, 0.9);
        assertArrayEquals(f.mean(), g.mean(), what + ": forecast");
        assertArrayEquals(f.lower(), g.lower(), what + ": lower bound");
    }

    /**
     * The uninterrupted training, repeated until two runs in a row agree bit for bit: while the JIT
     * compiles the kernels, identical runs in one JVM can differ in the last bit (Math.exp and the
     * Vector API's EXP/TANH by tier, docs/reliability.md), which is not what these tests measure.
     */
    static NeuralForecaster settled(java.util.function.Supplier<NeuralForecaster> run) {
        NeuralForecaster last = run.get();
        for (int i = 0; i < 8; i++) {
            NeuralForecaster next = run.get();
            if (sameWeights(last, next)) return next;
            last = next;
        }
        return last;
    }

    static boolean sameWeights(NeuralForecaster a, NeuralForecaster b) {
        Map<String, NDArray> x = a.network().stateDict(), y = b.network().stateDict();
        for (var e : x.entrySet()) if (!java.util.Arrays.equals(e.getValue().floatData(), y.get(e.getKey()).floatData())) return false;
        return true;
    }

    @Test void stoppedAndResumedTrainingEqualsTheUninterruptedOne() {
        double[] y = series(90);
        NeuralForecaster straight = settled(() -> new NeuralForecaster(config()).fit(y, null, null));
        // 90 points, lookback 12, horizon 3: 76 windows, 11 for validation, 65 - 2 (they must end before it) = 63 training windows, 8 steps an epoch
        for (long stop : new long[]{3, 8, 19}) {
            Path dir = tmp.resolve("stop" + stop);
            NeuralForecaster first = new NeuralForecaster(config()).checkpointing(new Checkpointing(dir, false, 0, Map.of(), stop)).fit(y, null, null);
            assertTrue(first.interrupted(), "stopped after step " + stop);
            io.sequoia.tensor.Generator.manualSeed(99);          // the resumed run must not depend on the generator it finds
            NeuralForecaster resumed = new NeuralForecaster(config()).checkpointing(new Checkpointing(dir, true, 0, Map.of())).fit(y, null, null);
            assertFalse(resumed.interrupted());
            assertSame(straight, resumed, "stopped after step " + stop);
        }
        // a finished training resumed trains no more and gives the same model
        Path done = tmp.resolve("done");
        new NeuralForecaster(config()).checkpointing(new Checkpointing(done, false, 0, Map.of())).fit(y, null, null);
        assertSame(straight, new NeuralForecaster(config()).checkpointing(new Checkpointing(done, true, 0, Map.of())).fit(y, null, null), "finished");
    }

    @Test void anEarlyStoppedTrainingResumedTrainsNoFurther() {
        double[] y = series(90);
        NeuralConfig c = config().toBuilder().epochs(60).patience(1).build();
        Path dir = tmp.resolve("early");
        NeuralForecaster first = new NeuralForecaster(c).checkpointing(new Checkpointing(dir, false, 0, Map.of())).fit(y, null, null);
        double epochs = first.parameters().get("epochs");
        assertTrue(epochs < 60, "early stopping ended the run: " + epochs + " epochs");
        NeuralForecaster resumed = new NeuralForecaster(c).checkpointing(new Checkpointing(dir, true, 0, Map.of())).fit(y, null, null);
        assertEquals(epochs, resumed.parameters().get("epochs"), "no epoch after the one early stopping ended");
        assertSame(first, resumed, "early-stopped, resumed = the run that wrote the checkpoint");
    }

    @Test void aSeriesOfTrainingsResumesEachFromItsOwnCheckpoint() {
        double[] y = series(90);
        ForecasterCatalog.Builder b = ForecasterCatalog.builder(3, 12).neural(config()).ensemble(2);
        ForecasterCatalog plain = b.build();
        settled(() -> new NeuralForecaster(plain.neuralFor(ModelKind.LSTM)).fit(y, null, null));
        Forecast straight = plain.fit(ModelKind.LSTM, y, null, null).model().forecast(3, null, 0.9);
        CheckpointSeries first = new CheckpointSeries(tmp, false, 0, Map.of());
        b.checkpoints(first).build().fit(ModelKind.LSTM, y, null, null);
        assertEquals(2, first.count(), "one training per ensemble member");
        CheckpointSeries again = new CheckpointSeries(tmp, true, 0, Map.of());
        Forecast resumed = b.checkpoints(again).build().fit(ModelKind.LSTM, y, null, null).model().forecast(3, null, 0.9);
        assertArrayEquals(straight.mean(), resumed.mean());
        assertArrayEquals(straight.lower(), resumed.lower());
        assertArrayEquals(straight.upper(), resumed.upper());
    }
}
