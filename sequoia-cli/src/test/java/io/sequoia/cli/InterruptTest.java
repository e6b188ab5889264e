package io.sequoia.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM (what Ctrl-C's SIGINT also triggers) stops training at a step boundary with a checkpoint that resumes. */
class InterruptTest {
    @TempDir Path tmp;

    @Test
    void terminationWritesACheckpointAndTheRunResumes() throws Exception {
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 400; i++) csv.append(i % 2 == 0 ? "a fine warm film " : "a dull cold film ").append(i % 11).append(i % 2 == 0 ? ",pos\n" : ",neg\n");
        Path data = tmp.resolve("d.csv"), out = tmp.resolve("m"), log = tmp.resolve("log.txt");
        Files.writeString(data, csv);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.sequoia.cli.Main", "train", "classifier", "--data", data.toString(), "--model", "cnn", "--embed-dim", "8", "--hidden", "4",
                "--batch-size", "8", "--epochs", "500", "--test-fraction", "0.2", "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.isRegularFile(out.resolve("checkpoint/trainer.json")) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(50);
        assertTrue(p.isAlive(), "the run ended early: " + Files.readString(log, StandardCharsets.UTF_8));
        p.destroy();                                                   // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not stop");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), text);
        assertTrue(text.contains("Interrupted: checkpoint written to"), text);
        assertTrue(text.contains("--resume " + out), text);
        assertTrue(Files.isRegularFile(out.resolve("checkpoint/trainer.json")));
        assertTrue(io.sequoia.train.Checkpoint.extras(out).get("args") instanceof List<?>, "the command line is recorded for --resume");
    }

    /** Ctrl-C (SIGINT) during a lab's training (train tree): a checkpoint, the resume hint, exit 130; the run then resumes. */
    @Test
    void ctrlCDuringTreeTrainingWritesACheckpointAndExits130() throws Exception {
        Path d = tmp.resolve("trees");
        Files.createDirectories(d);
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 40; i++) t.append(i % 2 == 0 ? "(4 (3 good) (2 film))\n" : "(0 (1 bad) (2 film))\n");
        Files.writeString(d.resolve("train.txt"), t);
        Files.writeString(d.resolve("dev.txt"), "(4 (3 good) (2 film))\n(0 (1 bad) (2 film))\n");
        Path out = tmp.resolve("tree"), log = tmp.resolve("tree.txt");
        Object[] r = CliRun.interrupted(log, out.resolve("checkpoint/trainer.json"), List.of("train", "tree", "--data", d.toString(), "--embed-dim", "4",
                "--hidden", "4", "--batch-size", "2", "--epochs", "5000", "--patience", "0", "--out", out.toString()));
        String text = (String) r[1];
        assertEquals(130, (int) r[0], text);
        assertTrue(text.contains("Interrupted: checkpoint written to") && text.contains("--resume " + out), text);
        int epoch = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("checkpoint/trainer.json"))).getAsJsonObject().get("epoch").getAsInt();
        String resumed = CliRun.run(0, "train", "tree", "--resume", out.toString(), "--epochs", Integer.toString(epoch + 1));
        assertTrue(resumed.contains("Saved " + out), resumed);
    }
}
