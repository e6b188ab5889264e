package io.sequoia.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, defect 1 and the catalogue's output cases: every option naming a file or folder to write is checked
 * before any data is read or any model loaded (exit 2, a sentence naming the option and the path). The data and
 * model given here are broken or absent, so a check made after reading would end differently (exit 1, or an error
 * naming --data / --model).
 */
class OutputPathTest {
    @TempDir Path tmp;

    private void refused(String option, String mustMention, List<String> args) {
        Object[] r = CliRun.capture(args.toArray(String[]::new));
        String out = (String) r[1];
        assertEquals(2, r[0], String.join(" ", args) + "\n" + out);
        String first = out.lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("");
        assertTrue(first.contains(option + ": ") && first.contains(mustMention), "first line should name " + option + " and " + mustMention + ":\n" + out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
    }

    private static List<String> with(List<String> base, String option, String path) {
        List<String> a = new ArrayList<>(base);
        a.add(option);
        a.add(path);
        return a;
    }

    /** A file option: a folder, a path under a file, a missing parent folder and a place that takes no files are refused. */
    private void fileOption(String option, String... base) throws Exception {
        List<String> b = Arrays.asList(base);
        Path file = Files.writeString(tmp.resolve("a-file"), "x"), dir = Files.createDirectories(tmp.resolve("a-folder"));
        refused(option, "is a folder", with(b, option, dir.toString()));
        refused(option, "is a file, so", with(b, option, file.resolve("x.png").toString()));
        refused(option, "does not exist", with(b, option, tmp.resolve("missing/x.png").toString()));
        if (Files.isDirectory(Path.of("/proc"))) refused(option, "cannot write /proc/sequoia-x", with(b, option, "/proc/sequoia-x"));
        assertEquals("x", Files.readString(file), "the file is untouched");
    }

    /** A folder option: a file, a path under a file and a place that takes no folder are refused. */
    private void folderOption(String option, String... base) throws Exception {
        List<String> b = Arrays.asList(base);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        refused(option, "is a file; expected a folder", with(b, option, file.toString()));
        refused(option, "is a file, so", with(b, option, file.resolve("sub").toString()));
        if (Files.isDirectory(Path.of("/proc"))) refused(option, "cannot write /proc/sequoia-x", with(b, option, "/proc/sequoia-x"));
    }

    @Test void forecastChecksPlotAndOutFoldersBeforeReading() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "t,value,id\n1,abc,a\n");     // reading it fails (exit 1)
        String[] one = {"forecast", "--data", bad.toString(), "--target", "value", "--horizon", "3", "--model", "theta"};
        fileOption("--plot", one);
        folderOption("--out", one);
        String[] global = {"forecast", "--data", bad.toString(), "--target", "value", "--horizon", "3", "--id-col", "id", "--model", "nbeats"};
        folderOption("--nbeats-out", global);
        global[global.length - 1] = "deepar";
        folderOption("--deepar-out", global);
    }

    @Test void modelCommandsCheckTheirFilesBeforeLoadingTheModel() throws Exception {
        String none = tmp.resolve("no-model").toString();                                      // loading it fails (exit 2 naming --model)
        fileOption("--plot", "predict", "--model", none, "a text");
        fileOption("--plot-attention", "translate", "--model", none, "ein Hund");
        fileOption("--plot-attention", "evaluate", "--model", none, "--src", "s.txt", "--ref", "r.txt");
        fileOption("--hyp-out", "evaluate", "--model", none, "--src", "s.txt", "--ref", "r.txt");
        fileOption("--output", "tag", "--model", none, "a text");
        fileOption("--out", "attention-map", "--model", none, "--text", "a text");
        fileOption("--out", "export", "onnx", "--model", none);
        fileOption("--out", "export", "pytorch", "--model", none);
    }

    @Test void trainingCommandsCheckOutBeforeReading() throws Exception {
        Path bad = Files.write(tmp.resolve("bad.txt"), new byte[]{'a', (byte) 0xE9, '\n'});   // not UTF-8: reading it fails (exit 1)
        String d = bad.toString();
        fileOption("--out", "word2vec", "--data", d);
        folderOption("--out", "train", "classifier", "--data", d, "--test-fraction", "0.5");
        folderOption("--out", "train", "lm", "--data", d);
        folderOption("--out", "train", "tagger", "--data", d);
        folderOption("--out", "train", "translator", "--data", d);
        folderOption("--out", "train", "tree", "--data", d);
    }
}
