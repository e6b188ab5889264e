package io.sequoia.cli.forecast;

import io.sequoia.cli.CliRun;
import io.sequoia.io.Safetensors;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code train forecaster} with a neural model checkpoints into --out at every epoch end: {@code --resume
 * DIR --epochs E} continues to the uninterrupted run's weights (within 1e-5), Ctrl-C writes a checkpoint and
 * exits 130, and what cannot be resumed is bad usage (exit 2).
 */
class TrainForecasterResumeTest {
    @TempDir Path tmp;
    Path csv;

    @BeforeEach void series() throws Exception {
        StringBuilder sb = new StringBuilder("month,value\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 60; i++) sb.append(String.format(java.util.Locale.ROOT, "%d-%02d,%.3f%n", 2000 + i / 12, i % 12 + 1,
                100 + i + 8 * Math.sin(2 * Math.PI * i / 12) + r.nextGaussian()));
        csv = tmp.resolve("s.csv");
        Files.writeString(csv, sb);
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("train", "forecaster", "--data", csv.toString(), "--target", "value", "--model", "lstm",
                "--horizon", "3", "--hidden", "4", "--lookback", "12", "--patience", "100000", "--dropout", "0.1"));
        a.addAll(List.of(more));
        return a;
    }

    private static String run(int exit, List<String> a) { return CliRun.run(exit, a.toArray(new String[0])); }

    @Test void resumedWithMoreEpochsEqualsTheUninterruptedRun() throws Exception {
        Path straight = tmp.resolve("straight"), split = tmp.resolve("split");
        run(0, args("--epochs", "5", "--out", straight.toString()));
        run(0, args("--epochs", "2", "--out", split.toString()));
        assertTrue(Files.isRegularFile(split.resolve("checkpoints/01-lstm-seed42/checkpoint/trainer.json")), "a checkpoint in --out");
        String out = run(0, List.of("train", "forecaster", "--resume", split.toString(), "--epochs", "5"));
        assertTrue(out.contains("wrote " + split), out);
        Map<String, NDArray> a = Safetensors.read(straight.resolve("model.safetensors")).tensors(), b = Safetensors.read(split.resolve("model.safetensors")).tensors();
        assertEquals(a.keySet(), b.keySet());
        // bit for bit: the vector kernels' exp/σ/tanh give the same bits in every JIT tier (VectorMath)
        a.forEach((k, v) -> org.junit.jupiter.api.Assertions.assertArrayEquals(v.floatData(), b.get(k).floatData(), 0f, k));
    }

    @Test void whatCannotBeResumedIsBadUsage() throws Exception {
        Path a = tmp.resolve("a");
        run(0, args("--epochs", "1", "--out", a.toString()));
        List<String> other = args("--resume", a.toString());
        other.set(other.indexOf("--hidden") + 1, "8");
        assertTrue(run(2, other).contains("--resume: the run in " + a + " was started with other options"));
        assertTrue(run(2, args("--resume", tmp.toString())).contains("--resume: no checkpoint in"));
        assertTrue(run(2, args("--resume", a.toString(), "--out", tmp.resolve("elsewhere").toString())).contains("its own folder"));
        assertTrue(run(2, List.of("train", "forecaster", "--data", csv.toString(), "--target", "value", "--model", "naive", "--horizon", "3",
                "--resume", a.toString())).contains("--resume has no effect on"));
        assertTrue(run(2, List.of("train", "forecaster", "--target", "value", "--model", "lstm", "--horizon", "3", "--out", a.toString()))
                .contains("missing the required option --data"));
    }

    /** Ctrl-C (SIGINT) during the training: a checkpoint, the resume hint, exit 130, no model saved; --resume then finishes. */
    @Test void ctrlCWritesACheckpointExits130AndTheRunResumes() throws Exception {
        Path out = tmp.resolve("run"), log = tmp.resolve("log.txt");
        Path first = out.resolve("checkpoints/01-lstm-seed42/checkpoint/trainer.json");
        Object[] r = CliRun.interrupted(log, first, args("--epochs", "100000", "--out", out.toString()));
        String text = (String) r[1];
        assertEquals(130, (int) r[0], text);
        assertTrue(text.contains("Interrupted: checkpoint written to") && text.contains("--resume " + out), text);
        assertFalse(Files.exists(out.resolve("model.safetensors")), "an interrupted run saves no model");
        int epoch = com.google.gson.JsonParser.parseString(Files.readString(first)).getAsJsonObject().get("epoch").getAsInt();
        String resumed = run(0, List.of("train", "forecaster", "--resume", out.toString(), "--epochs", Integer.toString(epoch + 1)));
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")), resumed);
    }
}
