package io.sequoia.spark.cli;

import io.sequoia.tagging.Tagger;
import io.sequoia.train.Checkpoint;
import io.sequoia.translation.Translator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints, {@code --resume} and Ctrl-C of {@code train-tagger} and {@code train-translator} on local[2], two partitions:
 * 1 epoch resumed to 2 ends with the weights and History of 2 epochs in one go, bit for bit; bad usage exits 2 naming the
 * option; SIGINT in a child JVM writes a checkpoint, prints the resume hint and exits 130, and the run then resumes.
 */
class LabResumeTest {
    static { io.sequoia.spark.LocalSparkAccess.start(); }   // the tests' shared local[2] session

    /** train.conll (names B-PER, other words O) and train.src / train.tgt (the words and their upper case), 24 sentences. */
    static void files(Path dir) throws Exception {
        StringBuilder conll = new StringBuilder(), src = new StringBuilder(), tgt = new StringBuilder();
        String[] names = {"Anna", "Bert", "Carl"}, words = {"saw", "met", "the", "dog", "in", "town"};
        for (int i = 0; i < 24; i++) {
            for (int t = 0; t < 3 + i % 4; t++) {
                boolean name = (i + t) % 3 == 0;
                conll.append(name ? names[(i + t) % 3] + " B-PER" : words[(i * 7 + t) % words.length] + " O").append('\n');
                src.append(t == 0 ? "" : " ").append(words[(i * 5 + t) % words.length]);
                tgt.append(t == 0 ? "" : " ").append(words[(i * 5 + t) % words.length].toUpperCase(Locale.ROOT));
            }
            conll.append('\n');
            src.append('\n');
            tgt.append('\n');
        }
        Files.writeString(dir.resolve("train.conll"), conll);
        Files.writeString(dir.resolve("train.src"), src);
        Files.writeString(dir.resolve("train.tgt"), tgt);
    }

    static String[] tagger(Path dir, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train-tagger", "--master", "local[2]", "--partitions", "2", "--data", dir.resolve("train.conll").toString(),
                "--valid", dir.resolve("train.conll").toString(), "--embed-dim", "6", "--hidden", "6", "--batch-size", "8", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static String[] translator(Path dir, Path out, String... more) {
        String src = dir.resolve("train.src").toString(), tgt = dir.resolve("train.tgt").toString();
        List<String> a = new ArrayList<>(List.of("train-translator", "--master", "local[2]", "--partitions", "2", "--train-src", src, "--train-tgt", tgt,
                "--valid-src", src, "--valid-tgt", tgt, "--bpe", "0", "--embed-dim", "6", "--hidden", "6", "--batch-size", "8", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** 1 epoch, {@code --resume DIR --epochs 2}, and 2 epochs in one go: the same History and the same saved weights, bit for bit. */
    @Test void aResumedTaggerOrTranslatorRunEqualsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        files(dir);
        for (String command : new String[]{"train-tagger", "train-translator"}) {
            boolean tagger = command.equals("train-tagger");
            Path part = dir.resolve(command + "-part"), whole = dir.resolve(command + "-whole");
            StringWriter err = new StringWriter();
            assertEquals(0, TrainNBeatsJobTest.run(err, tagger ? tagger(dir, part, "--epochs", "1") : translator(dir, part, "--epochs", "1")), err.toString());
            assertEquals(1, TrainResumeTest.history(part).get("loss").size(), command);
            assertEquals(0, TrainNBeatsJobTest.run(err, command, "--resume", part.toString(), "--epochs", "2"), err.toString());
            assertEquals(0, TrainNBeatsJobTest.run(err, tagger ? tagger(dir, whole, "--epochs", "2") : translator(dir, whole, "--epochs", "2")), err.toString());
            Map<String, List<Double>> hp = TrainResumeTest.history(part), hw = TrainResumeTest.history(whole);
            assertEquals(2, hw.get("loss").size(), command);
            assertTrue(hw.keySet().stream().anyMatch(k -> k.startsWith("val_")), command + " validated: " + hw.keySet());
            assertEquals(hw, hp, command + " History");
            if (tagger) {
                TrainResumeTest.assertSameWeights(SparkMainTest.weights(Tagger.load(whole).network()), SparkMainTest.weights(Tagger.load(part).network()));
            } else {
                TrainResumeTest.assertSameWeights(SparkMainTest.weights(Translator.load(whole).model()), SparkMainTest.weights(Translator.load(part).model()));
            }
        }
    }

    @Test void badResumesExitTwoNamingTheOption(@TempDir Path dir) throws Exception {
        files(dir);
        Path x = dir.resolve("x");
        String[][] cases = {
                {"train-tagger", "--resume", dir.resolve("none").toString()}, {"no checkpoint"},
                {"train-translator", "--resume", dir.resolve("none").toString()}, {"no checkpoint"},
                {"train-tagger", "--epochs", "2", "--out", x.toString()}, {"--data is required"},
                {"train-tagger", "--data", dir.resolve("train.conll").toString()}, {"--out is required"},
                {"train-translator", "--train-src", dir.resolve("train.src").toString(), "--train-tgt", dir.resolve("train.tgt").toString()}, {"--out is required"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            StringWriter err = new StringWriter();
            assertEquals(2, TrainNBeatsJobTest.run(err, cases[i]), Arrays.toString(cases[i]) + ": " + err);
            assertTrue(err.toString().contains(cases[i + 1][0]), Arrays.toString(cases[i]) + ": " + err);
            assertFalse(Files.exists(x), "nothing written");
        }
        for (String command : new String[]{"train-tagger", "train-translator"}) {
            Path run = dir.resolve("run-" + command);
            Files.createDirectories(run.resolve(Checkpoint.FOLDER));
            String[] recorded = command.equals("train-tagger") ? tagger(dir, run) : translator(dir, run);
            Files.writeString(run.resolve(Checkpoint.FOLDER).resolve(Checkpoint.TRAINER),
                    new com.google.gson.Gson().toJson(Map.of("extras", Map.of("args", List.of(recorded), "command", command))));
            StringWriter err = new StringWriter();
            assertEquals(2, TrainNBeatsJobTest.run(err, command, "--resume", run.toString(), "--hidden", "9"));
            assertTrue(err.toString().contains("--hidden has no effect with --resume"), err.toString());
            err = new StringWriter();
            assertEquals(2, TrainNBeatsJobTest.run(err, command, "--resume", run.toString(), "--out", x.toString()));
            assertTrue(err.toString().contains("its own folder"), err.toString());
        }
    }

    /**
     * Ctrl-C (SIGINT) in a child JVM during {@code train-tagger} on Spark: the step under way finishes (Spark's context is kept
     * until the fit loop's checkpoint is written), the resume hint is printed, the exit code is 130; {@code --resume} continues.
     */
    @Test void ctrlCDuringSparkTrainingWritesACheckpointExits130AndResumes(@TempDir Path dir) throws Exception {
        files(dir);
        Path out = dir.resolve("ner"), log = dir.resolve("log.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {   // the module's JVM options: --add-modules, --add-opens, -D...
            if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Dio.netty") || a.startsWith("-Djdk.reflect")) cmd.add(a);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkMain.class.getName()));
        cmd.addAll(List.of(tagger(dir, out, "--epochs", "100000", "--spark-log", "ERROR")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path first = out.resolve(Checkpoint.FOLDER).resolve(Checkpoint.TRAINER);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!Files.isRegularFile(first) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(50);
        assertTrue(p.isAlive(), "the run ended early: " + Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the run did not stop: " + text);
        assertEquals(130, p.exitValue(), text);
        assertTrue(text.contains("Interrupted: checkpoint written to") && text.contains("--resume " + out), text);
        assertFalse(text.contains("SparkContext was shut down") || text.contains("error:"), "the step under way failed: " + text);
        int epoch = com.google.gson.JsonParser.parseString(Files.readString(first)).getAsJsonObject().get("epoch").getAsInt();
        StringWriter err = new StringWriter();
        assertEquals(0, TrainNBeatsJobTest.run(err, "train-tagger", "--resume", out.toString(), "--epochs", Integer.toString(epoch + 1)), err.toString());
        assertEquals(epoch + 1, TrainResumeTest.history(out).get("loss").size(), "the interrupted epoch finished, none more");
        assertFalse(SparkMainTest.weights(Tagger.load(out).network()).isEmpty(), "the resumed run saved its tagger");
    }
}
