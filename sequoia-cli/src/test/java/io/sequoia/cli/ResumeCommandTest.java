package io.sequoia.cli;

import io.sequoia.io.Safetensors;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training command stopped after some epochs and continued with --resume ends as one uninterrupted run. */
class ResumeCommandTest {
    @TempDir Path tmp;

    private static String run(String... args) { return CliRun.run(0, args); }

    private static void assertSameWeights(Path a, Path b) throws Exception {
        Map<String, NDArray> x = Safetensors.read(a.resolve("model.safetensors")).tensors(), y = Safetensors.read(b.resolve("model.safetensors")).tensors();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((k, v) -> assertArrayEquals(v.floatData(), y.get(k).floatData(), 0f, k));
    }

    @Test
    void classifierResumedEqualsUninterrupted() throws Exception {
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 200; i++) csv.append(i % 2 == 0 ? "a fine warm film " : "a dull cold film ").append(i % 7).append(i % 2 == 0 ? ",pos\n" : ",neg\n");
        Path data = tmp.resolve("d.csv");
        Files.writeString(data, csv);
        String[] common = {"train", "classifier", "--data", data.toString(), "--model", "cnn", "--embed-dim", "8", "--hidden", "4",
                "--batch-size", "16", "--test-fraction", "0.2"};
        Path straight = tmp.resolve("straight"), split = tmp.resolve("split");
        run(concat(common, "--epochs", "3", "--out", straight.toString()));
        run(concat(common, "--epochs", "1", "--out", split.toString()));
        assertTrue(Files.isRegularFile(split.resolve("checkpoint/trainer.json")), "a checkpoint is written into --out");
        String out = run("train", "classifier", "--resume", split.toString(), "--epochs", "3");
        assertTrue(out.contains("Test accuracy"), out);
        assertSameWeights(straight, split);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
