package io.sequoia.cli;

import com.google.gson.JsonParser;
import io.sequoia.io.ModelFolder;
import io.sequoia.io.Safetensors;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 at random moments: a child JVM training with a checkpoint every step, or saving a model
 * folder over and over, is killed with SIGKILL; the checkpoint left always loads and the run resumes
 * to a loadable model, and the model folder is always one whole save (weights, vocabulary and config
 * of the same save), never a torn one. {@code -Dsequoia.killTrials=N} sets the trials of each kind
 * (default 2, the suite's short run; docs/reliability.md records a long run).
 */
class KillTrialsTest {
    @TempDir Path tmp;

    static final int TRIALS = Integer.getInteger("sequoia.killTrials", 2);

    private static Process child(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitFor(Path file, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(20);
        assertTrue(p.isAlive(), "the child ended early: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void kill(Process p) throws Exception {
        p.destroyForcibly();                                                       // SIGKILL on Linux
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    @Test
    void trainingKilledAtRandomLeavesACheckpointThatResumes() throws Exception {
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 240; i++) csv.append(i % 2 == 0 ? "a fine warm film " : "a dull cold film ").append(i % 11).append(i % 2 == 0 ? ",pos\n" : ",neg\n");
        Path data = tmp.resolve("d.csv");
        Files.writeString(data, csv);
        SplittableRandom r = new SplittableRandom(Long.getLong("sequoia.killSeed", 7));
        for (int t = 0; t < TRIALS; t++) {
            Path out = tmp.resolve("run" + t), log = tmp.resolve("run" + t + ".log");
            Process p = child(log, "io.sequoia.cli.Main", "train", "classifier", "--data", data.toString(), "--model", "cnn", "--embed-dim", "8",
                    "--hidden", "4", "--batch-size", "8", "--epochs", "2", "--test-fraction", "0.2", "--checkpoint-every", "1", "--out", out.toString());
            waitFor(out.resolve("checkpoint/trainer.json"), p, log);
            int delay = r.nextInt(1500);
            Thread.sleep(delay);                                                  // somewhere in a step, a checkpoint swap or the final save
            boolean alive = p.isAlive();
            if (alive) kill(p);
            else assertEquals(0, p.waitFor(), Files.readString(log, StandardCharsets.UTF_8));
            Path ckpt = Checkpoint.locate(out);
            assertNotNull(ckpt, "trial " + t + ": a complete checkpoint is left");
            for (String f : List.of("model.safetensors", "optimizer.safetensors")) Safetensors.read(ckpt.resolve(f));
            int epoch = JsonParser.parseString(Files.readString(ckpt.resolve("trainer.json"))).getAsJsonObject().get("epoch").getAsInt();
            String resumed = CliRun.run(0, "train", "classifier", "--resume", out.toString(), "--epochs", Integer.toString(Math.max(epoch, 1) + (alive ? 0 : 1)));
            assertTrue(resumed.contains("Test accuracy"), resumed);
            io.sequoia.text.TextClassifier.load(out);                             // the model folder loads
            System.out.println("kill trial " + (t + 1) + "/" + TRIALS + ": " + (alive ? "SIGKILL " + delay + " ms after the first checkpoint" : "the run had ended")
                    + "; checkpoint left at epoch " + epoch + " (" + ckpt.getFileName() + "), resumed and saved a loadable model");
        }
    }

    /** A child that saves a model folder over and over: save k has weights all k, a vocabulary of k's and "version": k. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (int k = 1; ; k++) {
            float[] w = new float[1 << 19];                                        // 2 MB of weights: a wide window for the kill
            java.util.Arrays.fill(w, k);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            weights.put("weight", NDArray.wrap(w, 512, 1024));
            ModelFolder.save(dir, Map.of("task", "trial", "version", k), weights, Map.of("vocab.txt", (k + "\n").repeat(1000)));
        }
    }

    @Test
    void aModelFolderKilledWhileSavingIsOneWholeSave() throws Exception {
        SplittableRandom r = new SplittableRandom(Long.getLong("sequoia.killSeed", 11));
        for (int t = 0; t < 2 * TRIALS; t++) {
            Path dir = tmp.resolve("folder" + t), log = tmp.resolve("folder" + t + ".log");
            Process p = child(log, KillTrialsTest.class.getName(), dir.toString());
            waitFor(dir.resolve("config.json"), p, log);
            int delay = r.nextInt(800);
            Thread.sleep(delay);
            kill(p);
            ModelFolder.Contents c = ModelFolder.load(dir);                        // checksums verified
            int v = c.config().get("version").getAsInt();
            float[] w = c.weights().get("weight").floatData();
            assertEquals(v, w[0], 0f, "trial " + t);
            assertEquals(v, w[w.length - 1], 0f, "trial " + t);
            assertEquals((v + "\n").repeat(1000), c.extra("vocab.txt"), "trial " + t);
            long leftovers;
            try (var files = Files.list(dir)) { leftovers = files.filter(f -> f.getFileName().toString().endsWith(".new")).count(); }
            System.out.println("save trial " + (t + 1) + "/" + 2 * TRIALS + ": SIGKILL " + delay + " ms after the first save; folder holds save " + v
                    + " whole (" + leftovers + " unfinished .new files left for the next save to clean)");
        }
    }
}
