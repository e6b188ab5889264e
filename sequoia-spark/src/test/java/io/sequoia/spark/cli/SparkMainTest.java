package io.sequoia.spark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkMainTest {
    static { io.sequoia.spark.LocalSparkAccess.start(); }   // the tests' shared local[2] session: getOrCreate finds it

    static int run(StringWriter err, String... args) {
        picocli.CommandLine cl = SparkMain.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    static Path longCsv(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("series,month,sales\n");
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < 40 + 5 * s; t++) {
                sb.append(String.format(Locale.ROOT, "shop-%d,%d,%.2f%n", s, t + 1, 50 + 5 * s + t + 8 * Math.sin(t * Math.PI / 6) + ((t * 7 + s) % 5)));
            }
        }
        Path f = dir.resolve("long.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test void forecastOnSparkWritesTheRowsOfTheLocalLoop(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        for (String engine : new String[]{"spark", "local"}) {
            assertEquals(0, run(new StringWriter(), "forecast", "--csv", csv.toString(), "--id-col", "series", "--time", "month", "--target", "sales",
                    "--model", "ets,snaive", "--period", "12", "--horizon", "6", "--holdout", "--engine", engine, "--out", dir.resolve(engine + ".csv").toString()));
        }
        String spark = Files.readString(dir.resolve("spark.csv"));
        assertEquals(Files.readString(dir.resolve("local.csv")), spark);
        assertEquals(1 + 3 * 2 * 6, spark.split("\n").length);
        assertTrue(spark.lines().anyMatch(l -> l.startsWith("shop-2,50,snaive,") && l.contains(",6,snaive,")), spark);   // the last held-out month of the 50-point series
    }

    /**
     * {@code --intervals conformal}: Spark and the local loop write the same rows; the intervals column says which series were
     * calibrated; a series too short for the windows keeps the model's own and the job warns, counting them.
     */
    @Test void conformalIntervalsOnSparkWriteTheRowsOfTheLocalLoopAndWarnAboutShortSeries(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);   // 40, 45 and 50 points: with --horizon 3 and 2 windows, 34..44 training points >= 26 for all
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warn = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(warn, true, java.nio.charset.StandardCharsets.UTF_8));
            for (String engine : new String[]{"spark", "local"}) {
                assertEquals(0, run(new StringWriter(), "forecast", "--csv", csv.toString(), "--id-col", "series", "--time", "month", "--target", "sales",
                        "--model", "snaive", "--period", "12", "--horizon", "4", "--level", "0.9", "--intervals", "conformal", "--conformal-windows", "3",
                        "--engine", engine, "--out", dir.resolve(engine + ".csv").toString()));
            }
        } finally {
            System.setErr(stderr);
        }
        String spark = Files.readString(dir.resolve("spark.csv"));
        assertEquals(Files.readString(dir.resolve("local.csv")), spark);
        assertTrue(spark.startsWith("id,time,model,actual,mean,lower,upper,step,chosen,smape,intervals,error\n"), spark);
        // 40 points: origins 36, 32, 28 keep >= 26 training points, 3 windows × 4 = 12 scores; the 45- and 50-point series too
        assertEquals(3 * 4, spark.lines().filter(l -> l.endsWith(",conformal,")).count(), spark);
        assertTrue(!warn.toString().contains("warning:"), warn.toString());
        warn.reset();
        try {
            System.setErr(new java.io.PrintStream(warn, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, run(new StringWriter(), "forecast", "--csv", csv.toString(), "--id-col", "series", "--time", "month", "--target", "sales",
                    "--model", "snaive", "--period", "12", "--horizon", "8", "--intervals", "conformal", "--conformal-windows", "3", "--out", dir.resolve("short.csv").toString()));
        } finally {
            System.setErr(stderr);
        }
        // horizon 8 at 95 %: 19 scores need 3 windows of 8, which only the 50-point series has room for (50 − 3·8 = 26 training points)
        assertTrue(warn.toString().contains("warning: snaive: 2 of 3 series keep the model's own intervals, too short for conformal ones"), warn.toString());
        assertEquals(2 * 8, Files.readString(dir.resolve("short.csv")).lines().filter(l -> l.contains(",\"model: too short")).count());
    }

    /** Every job's --out is checked before Spark runs or any data is read (issue 17, defect 1): exit 2 naming --out and the path. */
    @Test void anOutThatCannotBeWrittenIsBadUsageBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x"), folder = Files.createDirectories(dir.resolve("a-folder"));
        Path missing = dir.resolve("absent.csv");                                        // reading it would fail otherwise
        String[][] cases = {
                {"forecast", "--csv", missing.toString(), "--id-col", "series", "--horizon", "3", "--out", folder.toString(), "is a folder"},
                {"forecast", "--csv", missing.toString(), "--id-col", "series", "--horizon", "3", "--out", dir.resolve("no/f.csv").toString(), "does not exist"},
                {"score", "--csv", missing.toString(), "--text-col", "text", "--model", folder.toString(), "--out", file.toString(), "is a file"},
                {"train-classifier", "--csv", missing.toString(), "--out", file.resolve("m").toString(), "is a file, so"},
                {"train-tagger", "--data", missing.toString(), "--out", file.toString(), "is a file"},
                {"train-translator", "--data", missing.toString(), "--out", "/proc/sequoia-m", "cannot write /proc/sequoia-m"},
                {"train-nbeats", "--csv", missing.toString(), "--id-col", "series", "--horizon", "3", "--out", file.toString(), "is a file"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            if (args[args.length - 1].startsWith("/proc") && !Files.isDirectory(Path.of("/proc"))) continue;
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, args), String.join(" ", args) + "\n" + err);
            String first = err.toString().lines().findFirst().orElse("");
            assertTrue(first.startsWith("--out: ") && first.contains(c[c.length - 1]), String.join(" ", args) + "\n" + err);
        }
        assertEquals("x", Files.readString(file));
    }

    @Test void badUsageExitsTwoNamingTheOptionAndAMissingFileExitsOne(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "shop", "--target", "sales", "--horizon", "3"));
        assertTrue(err.toString().contains("--id-col") && err.toString().contains("shop"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--target", "sales", "--horizon", "3"));   // sequoia forecast without --id-col: one series
        assertTrue(err.toString().contains("--id-col (or --wide) is required"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--model", "ets", "--epochs", "2", "--horizon", "3"));
        assertTrue(err.toString().contains("--epochs has no effect on the chosen models [ets]"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--model", "nbeats", "--horizon", "3"));
        assertTrue(err.toString().contains("--nbeats-model"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--model", "ets", "--nbeats-model", dir.toString(), "--horizon", "3"));
        assertTrue(err.toString().contains("--nbeats-model has no effect"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--intervals", "bootstrap", "--horizon", "3"));
        assertTrue(err.toString().contains("--intervals") && err.toString().contains("bootstrap"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--conformal-windows", "3", "--horizon", "3"));
        assertTrue(err.toString().contains("--conformal-windows has no effect"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "series", "--target", "sales", "--intervals", "conformal", "--conformal-windows", "0", "--horizon", "3"));
        assertTrue(err.toString().contains("--conformal-windows must be at least 1, got 0"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--data", csv.toString(), "--id-col", "series", "--target", "sales", "--holdout", "6", "--horizon", "3"));   // as sequoia forecast
        assertTrue(err.toString().contains("expected --horizon 6 or none, got --horizon 3"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--data", csv.toString(), "--id-col", "series", "--target", "sales", "--holdout", "0"));
        assertTrue(err.toString().contains("--holdout must be at least 1, got 0"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--data", csv.toString(), "--id-col", "series", "--target", "sales", "--holdout"));
        assertTrue(err.toString().contains("--horizon is required without --holdout N"), err.toString());
        err = new StringWriter();
        assertEquals(1, run(err, "forecast", "--csv", dir.resolve("none.csv").toString(), "--id-col", "series", "--target", "sales", "--horizon", "3"));
        assertTrue(err.toString().contains("none.csv") && !err.toString().contains("\tat "), err.toString());
        Path bad = dir.resolve("bad.csv");                    // a value that is not a number: file:line, not Spark's cast error
        Files.writeString(bad, "unique_id,ds,y\na,1,3\na,2,oops\na,3,4\n");
        err = new StringWriter();
        assertEquals(1, run(err, "forecast", "--master", "local[1]", "--csv", bad.toString(), "--id-col", "unique_id", "--target", "y", "--model", "naive", "--horizon", "1"));
        assertTrue(err.toString().contains("bad.csv:3") && err.toString().contains("oops") && !err.toString().contains("\tat "), err.toString());
    }

    /** Both engines train on the same global batches: the folders' weights agree (float tolerance). */
    @Test void trainTaggerAndTranslatorOnSparkWriteTheModelsOfTheOneProcessEngine(@TempDir Path dir) throws Exception {
        LabResumeTest.files(dir);   // train.conll, train.src, train.tgt
        for (String engine : new String[]{"spark", "local"}) {
            assertEquals(0, run(new StringWriter(), "train-tagger", "--master", "local[2]", "--partitions", "2", "--data", dir.resolve("train.conll").toString(),
                    "--embed-dim", "6", "--hidden", "6", "--epochs", "1", "--batch-size", "8", "--engine", engine, "--out", dir.resolve("ner-" + engine).toString()));
            assertEquals(0, run(new StringWriter(), "train-translator", "--master", "local[2]", "--partitions", "2", "--train-src", dir.resolve("train.src").toString(),
                    "--train-tgt", dir.resolve("train.tgt").toString(), "--bpe", "0", "--embed-dim", "6", "--hidden", "6", "--epochs", "1", "--batch-size", "8",
                    "--engine", engine, "--out", dir.resolve("mt-" + engine).toString()));
        }
        assertClose(weights(io.sequoia.tagging.Tagger.load(dir.resolve("ner-local")).network()), weights(io.sequoia.tagging.Tagger.load(dir.resolve("ner-spark")).network()));
        assertClose(weights(io.sequoia.translation.Translator.load(dir.resolve("mt-local")).model()), weights(io.sequoia.translation.Translator.load(dir.resolve("mt-spark")).model()));
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "train-translator", "--train-src", dir.resolve("train.src").toString(), "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--train-tgt"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "train-tagger", "--data", dir.resolve("train.conll").toString(), "--model", "crf", "--out", dir.resolve("y").toString()));
        assertTrue(err.toString().contains("crf"), err.toString());
    }

    static java.util.Map<String, float[]> weights(io.sequoia.nn.Module m) {
        java.util.Map<String, float[]> w = new java.util.LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> w.put(k, p.data().toFloatArray()));
        return w;
    }

    static void assertClose(java.util.Map<String, float[]> expected, java.util.Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            for (int i = 0; i < expected.get(k).length; i++) assertEquals(expected.get(k)[i], actual.get(k)[i], 2e-5 + 1e-4 * Math.abs(expected.get(k)[i]), k + "[" + i + "]");
        }
    }
}
