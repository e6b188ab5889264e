package io.sequoia.cli;

import io.sequoia.io.Safetensors;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resume across processes is bit for bit: the uninterrupted run in one child JVM (C2 only, compiling
 * early), the first epoch in a second child JVM capped at C1 (where the Vector API
 * runs its Java fallback, never C2's intrinsics) and the rest with {@code --resume} in a third;
 * the saved weights must be the same bits. With {@code Math.exp} and the Vector API's EXP/TANH on
 * the training path these differed in the last bits (docs/reliability.md); {@code PortableMath}
 * made them tier-independent. (Checked: with the previous kernels the classifier case differs.)
 */
class CrossProcessResumeTest {
    @TempDir Path tmp;

    /** C2 only, compiling early: the kernels run C2's code within a short run. */
    private static final List<String> C2 = List.of("-XX:-TieredCompilation", "-XX:CompileThreshold=200");
    /** C1 only: the Vector API's Java fallback code. */
    private static final List<String> C1 = List.of("-XX:TieredStopAtLevel=1");

    private static void child(List<String> tier, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m"));
        cmd.addAll(tier);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sequoia.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "child", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the child did not end");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertEquals(0, p.exitValue(), out);
    }

    private static void assertSameBits(Path a, Path b) throws Exception {
        Map<String, NDArray> x = Safetensors.read(a.resolve("model.safetensors")).tensors(), y = Safetensors.read(b.resolve("model.safetensors")).tensors();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((k, v) -> assertTrue(Arrays.equals(v.floatData(), y.get(k).floatData()), k + " differs between the runs"));
    }

    /** {@code common --epochs total} in one process = {@code --epochs first} under C1, then {@code --resume} in another. */
    private void resumedInAnotherProcessEqualsStraight(String[] common, int first, int total) throws Exception {
        Path straight = tmp.resolve("straight"), split = tmp.resolve("split");
        child(C2, concat(common, "--epochs", Integer.toString(total), "--out", straight.toString()));
        child(C1, concat(common, "--epochs", Integer.toString(first), "--out", split.toString()));
        child(List.of(), common[0], common[1], "--resume", split.toString(), "--epochs", Integer.toString(total));
        assertSameBits(straight, split);
    }

    @Test
    void lstmClassifier() throws Exception {
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 240; i++) csv.append(i % 2 == 0 ? "a fine warm film " : "a dull cold film ").append(i % 7).append(i % 2 == 0 ? ",pos\n" : ",neg\n");
        Path data = tmp.resolve("d.csv");
        Files.writeString(data, csv);
        resumedInAnotherProcessEqualsStraight(new String[]{"train", "classifier", "--data", data.toString(), "--model", "lstm", "--embed-dim", "8",
                "--hidden", "16", "--batch-size", "16", "--test-fraction", "0.2"}, 1, 3);
    }

    @Test
    void languageModel() throws Exception {
        Path data = tmp.resolve("t.txt");
        Files.writeString(data, "the quick brown fox jumps over the lazy dog. ".repeat(40));
        resumedInAnotherProcessEqualsStraight(new String[]{"train", "lm", "--data", data.toString(), "--hidden", "16", "--embed-dim", "8",
                "--layers", "2", "--seq-len", "16", "--dropout", "0.2"}, 1, 3);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
