package io.sequoia.train;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.Sequential;
import io.sequoia.nn.Activation;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run stopped and resumed from its checkpoint ends bit for bit where the uninterrupted run ends. */
class CheckpointTest {
    @TempDir Path tmp;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static Tensor[] data() {
        Generator g = new Generator(11);
        int n = 70;
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) g.nextGaussian();
            y[i] = x[i * 3] * x[i * 3 + 1] > 0 ? 1 : 0;
        }
        return new Tensor[]{Tensor.of(x).reshape(n, 3), Tensor.of(y)};
    }

    /** Dropout and shuffling both draw from the global generator, so the order of draws matters. */
    private static Model model() {
        Module net = new Sequential(new Linear(3, 16), Activation.tanh(), new Dropout(0.3), new Linear(16, 1), Activation.sigmoid());
        Model m = new Model(net).logTo(QUIET);
        m.compile("adam", 0.02, "binary_crossentropy", "accuracy");
        return m;
    }

    private static FitOptions options(int epochs) {
        return FitOptions.epochs(epochs).batchSize(16).verbose(0).validationSplit(0.2)
                .callbacks(new EarlyStopping("val_loss", 0, 50, "min", true), new ReduceLROnPlateau("val_loss", 0.5, 0, "min", 0));
    }

    private static void assertSameWeights(Module a, Module b) {
        Map<String, NDArray> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((k, v) -> assertArrayEquals(v.floatData(), sb.get(k).floatData(), 0f, k));
    }

    @Test
    void resumingMidEpochAndAtEpochEndsContinuesBitForBit() throws Exception {
        Tensor[] d = data();
        Generator.manualSeed(5);
        Model straight = model();
        History full = straight.fit(d[0], d[1], options(5));

        for (long stopAt : new long[]{6, 8, 13}) {        // mid-epoch 2, the end of epoch 2 (4 batches an epoch), mid-epoch 4
            Path dir = tmp.resolve("run" + stopAt);
            Generator.manualSeed(5);
            Model first = model();
            History part = first.fit(d[0], d[1], options(5).checkpoint(dir, Map.of("note", "test")).stopAfterSteps(stopAt));
            assertTrue(part.interrupted());
            assertNotNull(Checkpoint.locate(dir));
            assertEquals("test", Checkpoint.extras(dir).get("note"), "the run's extras are kept with the checkpoint");
            Generator.manualSeed(12345);                  // a different generator state: the checkpoint restores it
            Model resumed = model();
            History rest = resumed.fit(d[0], d[1], options(5).checkpoint(dir, Map.of()).resume(true));
            assertFalse(rest.interrupted());
            assertSameWeights(straight.module(), resumed.module());
            assertEquals(full.asMap(), rest.asMap(), "History after resuming at step " + stopAt);
            assertEquals(straight.optimizer().lr(), resumed.optimizer().lr());
        }
    }

    @Test
    void resumingWithMoreEpochsContinuesTheRun() throws Exception {
        Tensor[] d = data();
        Generator.manualSeed(9);
        Model straight = model();
        straight.fit(d[0], d[1], options(4));
        Path dir = tmp.resolve("more");
        Generator.manualSeed(9);
        Model first = model();
        first.fit(d[0], d[1], options(2).checkpoint(dir, Map.of()));     // a finished 2-epoch run
        Model resumed = model();
        History h = resumed.fit(d[0], d[1], options(4).checkpoint(dir, Map.of()).resume(true));
        assertEquals(4, h.epochs());
        assertSameWeights(straight.module(), resumed.module());
    }

    @Test
    void theCheckpointFolderIsAlwaysComplete() throws Exception {
        Tensor[] d = data();
        Path dir = tmp.resolve("swap");
        Generator.manualSeed(1);
        model().fit(d[0], d[1], options(3).checkpoint(dir, Map.of()).checkpointEvery(2));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint/trainer.json")));
        assertFalse(Files.exists(dir.resolve("checkpoint.tmp")), "no temporary folder left");
        assertFalse(Files.exists(dir.resolve("checkpoint.old")), "no old folder left");
        var e = assertThrows(java.io.UncheckedIOException.class,
                () -> model().fit(d[0], d[1], options(3).checkpoint(tmp.resolve("empty"), Map.of()).resume(true)));
        assertTrue(e.getMessage().contains("no checkpoint to resume from"), e.getMessage());
    }
}
