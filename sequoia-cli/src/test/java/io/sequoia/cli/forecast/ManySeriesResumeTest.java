package io.sequoia.cli.forecast;

import io.sequoia.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code forecast --id-col} (many series) with neural models checkpoints every training in --out/checkpoints/
 * and takes {@code --resume}: the neural models are fitted one series at a time in the file's order, so a run
 * resumed with more epochs ends as the uninterrupted run (forecasts.csv byte for byte).
 */
class ManySeriesResumeTest {
    @TempDir Path tmp;

    private Path longFile() throws Exception {
        StringBuilder sb = new StringBuilder("unique_id,ds,y\n");
        java.util.Random r = new java.util.Random(5);
        for (int t = 0; t < 40; t++) {
            String ds = String.format(Locale.ROOT, "%d-%02d", 2000 + t / 12, t % 12 + 1);
            sb.append(String.format(Locale.ROOT, "up,%s,%.3f%n", ds, 10 + t + r.nextGaussian()));
            sb.append(String.format(Locale.ROOT, "season,%s,%.3f%n", ds, 20 + 5 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian()));
        }
        Path f = tmp.resolve("long.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    private String[] args(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "lstm,naive", "--holdout", "3", "--hidden", "4", "--lookback", "12", "--patience", "3", "--dropout", "0.1"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test void resumedWithMoreEpochsEqualsTheUninterruptedRun() throws Exception {
        Path data = longFile(), a = tmp.resolve("a"), b = tmp.resolve("b");
        CliRun.run(0, args(data, "--epochs", "2", "--out", a.toString()));
        try (Stream<Path> s = Files.list(a.resolve("checkpoints"))) {
            assertEquals(2, s.count(), "one checkpoint per neural training: lstm x 2 series");
        }
        String first = Files.readString(a.resolve("forecasts.csv"));
        CliRun.run(0, args(data, "--epochs", "6", "--resume", a.toString()));
        CliRun.run(0, args(data, "--epochs", "6", "--out", b.toString()));
        String resumed = Files.readString(a.resolve("forecasts.csv")), straight = Files.readString(b.resolve("forecasts.csv"));
        assertEquals(straight, resumed);
        assertTrue(!first.equals(straight), "the extra epochs changed the lstm forecasts (the resume trained)");
    }

    private String[] globalArgs(Path data, int steps, String... more) {
        List<String> a = new ArrayList<>(List.of("forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "nbeats,deepar,naive", "--holdout", "3", "--nbeats-width", "8", "--nbeats-blocks", "2", "--nbeats-layers", "1", "--nbeats-batch", "8",
                "--nbeats-lookbacks", "2", "--nbeats-ensemble", "2", "--nbeats-steps", "" + steps, "--deepar-hidden", "4", "--deepar-batch", "8",
                "--deepar-samples", "20", "--deepar-dropout", "0.1", "--deepar-steps", "" + steps));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test void theGlobalModelsResumedWithMoreStepsEqualTheUninterruptedRun() throws Exception {
        // N-BEATS (2 members) and DeepAR train across both series; 100 steps are one epoch of the fit loop, 300 three
        Path data = longFile(), a = tmp.resolve("ga"), b = tmp.resolve("gb");
        CliRun.run(0, globalArgs(data, 100, "--out", a.toString()));
        try (Stream<Path> s = Files.list(a.resolve("checkpoints"))) {
            assertEquals(List.of("01-nbeats-member1-seed42", "02-nbeats-member2-seed43", "03-nbeats-member3-seed44", "04-nbeats-member4-seed45", "05-deepar-seed42"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "one checkpoint per training, the global models in order (nbeats: 2 seeds × sMAPE, MASE)");
        }
        String first = Files.readString(a.resolve("forecasts.csv"));
        CliRun.run(0, globalArgs(data, 300, "--resume", a.toString()));
        CliRun.run(0, globalArgs(data, 300, "--out", b.toString()));
        String resumed = Files.readString(a.resolve("forecasts.csv")), straight = Files.readString(b.resolve("forecasts.csv"));
        assertEquals(straight, resumed);
        assertTrue(!first.equals(straight), "the extra steps changed the forecasts (the resume trained)");
        // a changed architecture is another run: refused
        String out = CliRun.run(2, globalArgs(data, 300, "--resume", a.toString(), "--deepar-layers", "1"));
        assertTrue(out.contains("started with other options"), out);
    }

    /**
     * Ctrl-C (SIGINT) in a child JVM during a global model's training (DeepAR across both series): a checkpoint, the resume
     * hint, exit 130, no results; --resume then ends as the run never interrupted (forecasts.csv byte for byte).
     */
    @Test void ctrlCDuringAGlobalModelWritesACheckpointExits130AndResumesToTheSameResult() throws Exception {
        Path data = longFile(), a = tmp.resolve("ia"), b = tmp.resolve("ib"), log = tmp.resolve("ia.log");
        java.util.function.IntFunction<List<String>> deepar = steps -> new ArrayList<>(List.of("forecast", "--data", data.toString(), "--id-col", "unique_id",
                "--time", "ds", "--target", "y", "--model", "deepar,naive", "--holdout", "3", "--deepar-hidden", "4", "--deepar-batch", "8",
                "--deepar-samples", "20", "--deepar-dropout", "0.1", "--deepar-steps", Integer.toString(steps)));
        List<String> endless = deepar.apply(10_000_000);
        endless.addAll(List.of("--out", a.toString()));
        Path state = a.resolve("checkpoints/01-deepar-seed42/checkpoint/trainer.json");
        Object[] r = io.sequoia.cli.CliRun.interrupted(log, state, endless);
        String text = (String) r[1];
        assertEquals(130, (int) r[0], text);
        assertTrue(text.contains("Interrupted: checkpoint written to") && text.contains("--resume " + a), text);
        assertTrue(!Files.exists(a.resolve("forecasts.csv")), "an interrupted run writes no results");
        var json = com.google.gson.JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        int steps = (json.get("epoch").getAsInt() + 2) * 100;                   // beyond where it stopped (100 steps an epoch)
        List<String> resume = deepar.apply(steps);
        resume.addAll(List.of("--resume", a.toString()));
        io.sequoia.cli.CliRun.run(0, resume.toArray(new String[0]));
        List<String> straight = deepar.apply(steps);
        straight.addAll(List.of("--out", b.toString()));
        io.sequoia.cli.CliRun.run(0, straight.toArray(new String[0]));
        assertEquals(Files.readString(b.resolve("forecasts.csv")), Files.readString(a.resolve("forecasts.csv")), "resumed after Ctrl-C = never interrupted (" + json + ")");
    }

    @Test void resumeWithALoadedGlobalModelOnlyIsRefused() throws Exception {
        Path data = longFile(), model = tmp.resolve("nb");
        Files.createDirectories(model);
        String out = CliRun.run(2, "forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "nbeats", "--holdout", "3", "--nbeats-model", model.toString(), "--checkpoint-every", "5", "--out", tmp.resolve("o").toString());
        assertTrue(out.contains("--checkpoint-every has no effect"), out);
    }

    @Test void resumeWithoutNeuralModelsIsStillRefused() throws Exception {
        Path data = longFile();
        String out = CliRun.run(2, "forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "naive", "--holdout", "3", "--resume", tmp.toString());
        assertTrue(out.contains("--resume has no effect"), out);
    }
}
