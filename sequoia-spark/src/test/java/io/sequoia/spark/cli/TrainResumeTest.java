package io.sequoia.spark.cli;

import io.sequoia.text.TextClassifier;
import io.sequoia.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints and {@code --resume} of the Spark training commands on local[2], two partitions: a run of 1 epoch
 * resumed to 2 ends with the weights and History of a run of 2 bit for bit; {@code train-classifier --k}; bad usage.
 */
class TrainResumeTest {
    static { io.sequoia.spark.LocalSparkAccess.start(); }   // the tests' shared local[2] session

    static Path texts(Path dir) throws Exception {
        String[] pos = {"good", "great", "fine", "lovely"}, neg = {"bad", "awful", "poor", "dull"}, fill = {"the", "film", "was", "plot", "and", "a", "story"};
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 0; i < 80; i++) {
            boolean p = r.nextBoolean();
            StringBuilder t = new StringBuilder();
            for (int w = 0, n = 4 + r.nextInt(5); w < n; w++) {
                String[] from = r.nextInt(3) == 0 ? (p ? pos : neg) : fill;
                t.append(w == 0 ? "" : " ").append(from[r.nextInt(from.length)]);
            }
            sb.append(t).append(',').append(p ? "pos" : "neg").append('\n');
        }
        Path f = dir.resolve("texts.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    static String[] classifier(Path csv, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train-classifier", "--master", "local[2]", "--partitions", "2", "--csv", csv.toString(), "--model", "lstm",
                "--embed-dim", "8", "--hidden", "8", "--max-len", "10", "--vocab-size", "40", "--dropout", "0.3", "--batch-size", "32", "--lr", "0.02",
                "--valid-fraction", "0.2", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** The History the fit loop recorded in the folder's checkpoint (trainer.json). */
    @SuppressWarnings("unchecked")
    static Map<String, List<Double>> history(Path dir) throws Exception { return (Map<String, List<Double>>) trainer(dir).get("history"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> trainer(Path dir) throws Exception {
        Path p = Checkpoint.locate(dir);
        assertNotNull(p, "a checkpoint in " + dir);
        return new com.google.gson.Gson().fromJson(Files.readString(p.resolve(Checkpoint.TRAINER)), Map.class);
    }

    static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k), actual.get(k), k);
    }

    /**
     * {@code --k 2} (parameter averaging: Adam's moments averaged, kept in the driver's checkpoint): 1 epoch, then
     * {@code --resume DIR --epochs 2}, equals 2 epochs in one go, weights and History (loss, validation) bit for bit;
     * the loop's steps are rounds of 2 local steps. (k = 1 resumes in {@code ParameterAveragingTest}, through the Java API.)
     */
    @Test void aResumedClassifierRunEqualsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        Path csv = texts(dir);
        Path part = dir.resolve("part"), whole = dir.resolve("whole");
        StringWriter err = new StringWriter();
        assertEquals(0, TrainNBeatsJobTest.run(err, classifier(csv, part, "--epochs", "1", "--k", "2")), err.toString());
        assertEquals(1, history(part).get("loss").size());
        err = new StringWriter();
        assertEquals(0, TrainNBeatsJobTest.run(err, "train-classifier", "--resume", part.toString(), "--epochs", "2"), err.toString());
        assertEquals(0, TrainNBeatsJobTest.run(err, classifier(csv, whole, "--epochs", "2", "--k", "2")), err.toString());
        Map<String, List<Double>> hp = history(part), hw = history(whole);
        assertEquals(hw, hp, "History");
        assertEquals(2, hw.get("loss").size());
        assertEquals(2, hw.get("val_loss").size());
        assertEquals(2.0, ((Number) trainer(whole).get("step")).doubleValue(), "2 epochs of 2 global batches in rounds of 2");
        assertSameWeights(SparkMainTest.weights(TextClassifier.load(whole).model().module()), SparkMainTest.weights(TextClassifier.load(part).model().module()));
    }

    @Test void badResumesAndKExitTwoNamingTheOption(@TempDir Path dir) throws Exception {
        Path csv = texts(dir);
        String[][] cases = {
                classifier(csv, dir.resolve("x"), "--k", "0"), {"--k"},
                classifier(csv, dir.resolve("x"), "--k", "2", "--engine", "local"), {"--k has no effect"},
                {"train-classifier", "--resume", dir.resolve("none").toString()}, {"no checkpoint"},
                {"train-nbeats", "--resume", dir.toString()}, {"no checkpoint"},
                {"train-classifier", "--epochs", "2"}, {"--csv is required"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            StringWriter err = new StringWriter();
            assertEquals(2, TrainNBeatsJobTest.run(err, cases[i]), Arrays.toString(cases[i]) + ": " + err);
            assertTrue(err.toString().contains(cases[i + 1][0]), Arrays.toString(cases[i]) + ": " + err);
            assertFalse(Files.exists(dir.resolve("x")), "nothing written");
        }
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve(Checkpoint.FOLDER));
        Files.writeString(run.resolve(Checkpoint.FOLDER).resolve(Checkpoint.TRAINER), "{\"extras\": {\"args\": [\"train-classifier\", \"--csv\", \"" + csv + "\"]}}");
        StringWriter err = new StringWriter();
        assertEquals(2, TrainNBeatsJobTest.run(err, "train-classifier", "--resume", run.toString(), "--lr", "0.1"));
        assertTrue(err.toString().contains("--lr has no effect with --resume"), err.toString());
        err = new StringWriter();
        assertEquals(2, TrainNBeatsJobTest.run(err, "train-classifier", "--resume", run.toString(), "--out", dir.resolve("elsewhere").toString()));
        assertTrue(err.toString().contains("its own folder"), err.toString());
        err = new StringWriter();
        assertEquals(2, TrainNBeatsJobTest.run(err, "train-classifier", "--resume", run.toString(), "--csv", csv.toString(), "--epochs", "3", "--lr", "0.1"));
        assertTrue(err.toString().contains("was started with other options") && err.toString().contains("--lr 0.1"), err.toString());
    }
}
