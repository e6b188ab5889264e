package io.sequoia.io;

import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A save interrupted at any rename leaves a folder that loads as the old model or as the new one,
 * whole, never a mix (issue 17, defect 7: the old save deleted config.json first).
 */
class ModelFolderCrashTest {
    @TempDir Path tmp;

    @AfterEach
    void reset() { ModelFolder.crashAfterRenames = -1; }

    private static void save(Path dir, float v, String vocab) throws IOException {
        ModelFolder.save(dir, Map.of("version", (double) v), Map.of("w", NDArray.wrap(new float[]{v, v, v}, 3)), Map.of("vocab.txt", vocab));
    }

    @Test
    void everyCrashPointLeavesTheOldOrTheNewModel() throws IOException {
        for (int crash = 0; crash < 3; crash++) {               // 3 renames: weights, vocab, config
            Path dir = tmp.resolve("m" + crash);
            save(dir, 1f, "old");
            ModelFolder.crashAfterRenames = crash;
            assertThrows(IOException.class, () -> save(dir, 2f, "new"), "crash after " + crash + " renames");
            ModelFolder.crashAfterRenames = -1;
            ModelFolder.Contents c = ModelFolder.load(dir);    // finishes the commit when the old model was given up
            float w = c.weights().get("w").floatData()[0];
            double version = c.config().get("version").getAsDouble();
            String vocab = c.extra("vocab.txt");
            assertEquals(w, version, 0, "weights and config belong together after a crash at rename " + crash);
            assertEquals(w == 2f ? "new" : "old", vocab, "vocabulary belongs to the same save");
            assertTrue(w == 2f, "the old config.json is removed before the first rename, so the new model wins: " + crash);
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(ModelFolder.PENDING)), "no pending file left");
            }
        }
    }

    @Test
    void aCrashWhileWritingTheNewFilesKeepsTheOldModel() throws IOException {
        Path dir = tmp.resolve("half");
        save(dir, 1f, "old");
        Files.writeString(dir.resolve("model.safetensors" + ModelFolder.PENDING), "half a file");   // phase 1 cut short
        ModelFolder.Contents c = ModelFolder.load(dir);
        assertArrayEquals(new float[]{1f, 1f, 1f}, c.weights().get("w").floatData());
        save(dir, 3f, "newer");                                                            // the next save cleans up
        assertEquals("newer", ModelFolder.load(dir).extra("vocab.txt"));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(ModelFolder.PENDING)));
        }
    }

    @Test
    void aLazyLayerWithoutWeightsIsNotSaved() {
        io.sequoia.nn.Sequential net = new io.sequoia.nn.Sequential(new io.sequoia.train.keras.Dense(3), new io.sequoia.train.keras.Dense(1));
        var e = assertThrows(IllegalStateException.class, () -> ModelFolder.saveModule(tmp.resolve("lazy"), net, null));
        assertTrue(e.getMessage().startsWith("ModelFolder.save: layer 0 (Dense) has no weights yet"), e.getMessage());
        assertTrue(e.getMessage().contains("run a forward pass (or fit) before saving"), e.getMessage());
    }
}
