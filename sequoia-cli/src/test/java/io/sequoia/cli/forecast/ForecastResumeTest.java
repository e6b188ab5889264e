package io.sequoia.cli.forecast;

import io.sequoia.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Neural {@code forecast} keeps a checkpoint of every training in --out/checkpoints/ and takes
 * {@code --resume DIR} with its command line: a run resumed with more epochs ends as the
 * uninterrupted run (forecasts.csv byte for byte), Ctrl-C writes a checkpoint and exits 130, and
 * what cannot be resumed is bad usage.
 */
class ForecastResumeTest {
    @TempDir Path tmp;
    Path csv;

    @BeforeEach void series() throws Exception {
        StringBuilder sb = new StringBuilder("month,value\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 60; i++) sb.append(String.format(java.util.Locale.ROOT, "%d-%02d,%.3f%n", 2000 + i / 12, i % 12 + 1,
                100 + i + 8 * Math.sin(2 * Math.PI * i / 12) + r.nextGaussian()));
        csv = tmp.resolve("s.csv");
        Files.writeString(csv, sb);
    }

    private String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("forecast", "--data", csv.toString(), "--target", "value", "--model", "lstm,gru", "--backtest", "2",
                "--horizon", "3", "--hidden", "4", "--lookback", "12", "--patience", "3", "--dropout", "0.1"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test void resumedWithMoreEpochsEqualsTheUninterruptedRun() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        CliRun.run(0, args("--epochs", "2", "--out", a.toString()));
        try (Stream<Path> s = Files.list(a.resolve("checkpoints"))) {
            assertEquals(4, s.count(), "one checkpoint per training: 2 models x 2 folds");
        }
        CliRun.run(0, args("--epochs", "6", "--resume", a.toString()));
        CliRun.run(0, args("--epochs", "6", "--out", b.toString()));
        assertEquals(Files.readString(b.resolve("forecasts.csv")), Files.readString(a.resolve("forecasts.csv")));
    }

    @Test void whatCannotBeResumedIsBadUsage() throws Exception {
        Path a = tmp.resolve("a");
        CliRun.run(0, args("--epochs", "1", "--out", a.toString()));
        String other = CliRun.run(2, "forecast", "--data", csv.toString(), "--target", "value", "--model", "lstm,gru", "--backtest", "2",
                "--horizon", "3", "--hidden", "8", "--lookback", "12", "--patience", "3", "--dropout", "0.1", "--resume", a.toString());
        assertTrue(other.lines().findFirst().orElse("").contains("--resume: the run in " + a + " was started with other options"), other);
        assertTrue(CliRun.run(2, args("--resume", tmp.toString())).contains("--resume: no checkpoint in"));
        assertTrue(CliRun.run(2, args("--resume", a.toString(), "--out", tmp.resolve("elsewhere").toString())).contains("its own folder"));
        assertTrue(CliRun.run(2, "forecast", "--data", csv.toString(), "--target", "value", "--model", "naive", "--horizon", "3", "--resume", a.toString())
                .contains("--resume has no effect"));
        assertTrue(CliRun.run(2, args("--checkpoint-every", "5")).contains("--checkpoint-every has no effect without --out"));
    }

    /** Ctrl-C (SIGINT) during a forecast's training (one training: lstm on a hold-out): a checkpoint, the resume hint, exit 130; the run then resumes. */
    @Test void ctrlCWritesACheckpointExits130AndTheRunResumes() throws Exception {
        Path out = tmp.resolve("run"), log = tmp.resolve("log.txt");
        List<String> one = List.of("forecast", "--data", csv.toString(), "--target", "value", "--model", "lstm", "--holdout", "3",
                "--hidden", "4", "--lookback", "12", "--patience", "100000", "--out", out.toString());   // never stops by itself
        Path first = out.resolve("checkpoints/01-lstm-seed42/checkpoint/trainer.json");
        List<String> cmd = new ArrayList<>(one);
        cmd.addAll(List.of("--epochs", "100000"));
        Object[] r = CliRun.interrupted(log, first, cmd);
        String text = (String) r[1];
        assertEquals(130, (int) r[0], text);
        assertTrue(text.contains("Interrupted: checkpoint written to") && text.contains("--resume " + out), text);
        assertFalse(Files.exists(out.resolve("forecasts.csv")), "an interrupted run writes no results");
        int epoch = com.google.gson.JsonParser.parseString(Files.readString(first)).getAsJsonObject().get("epoch").getAsInt();
        List<String> again = new ArrayList<>(one.subList(0, one.size() - 2));
        again.addAll(List.of("--epochs", Integer.toString(epoch + 1), "--resume", out.toString()));
        String resumed = CliRun.run(0, again.toArray(new String[0]));
        assertTrue(Files.isRegularFile(out.resolve("forecasts.csv")), resumed);
    }
}
