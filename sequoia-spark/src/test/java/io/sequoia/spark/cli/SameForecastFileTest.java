package io.sequoia.spark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: {@code sequoia spark forecast --out FILE.csv} writes the file {@code sequoia forecast --id-col ... --out DIR} writes
 * ({@code DIR/forecasts.csv}) for the same long-format CSV and options, byte for byte, so that the two compare line by line:
 * the same columns, rows, order, and text of numbers, time labels, ids and failures.
 */
class SameForecastFileTest {
    static { io.sequoia.spark.LocalSparkAccess.start(); }   // the tests' shared local[2] session

    /**
     * Four monthly series of different lengths and starts, rows of the series interleaved: an id that needs quoting, one that
     * looks like a number ({@code 007}, read as written), and one of 3 months, too short for the hold-out (an error row).
     */
    static Path longCsv(Path dir) throws Exception {
        String[] ids = {"\"north, main st\"", "007", "west", "tiny"};
        int[] lengths = {40, 31, 52, 3}, starts = {0, 5, 0, 20};
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            for (int s = 0; s < ids.length; s++) {
                int i = t - starts[s];
                if (i < 0 || i >= lengths[s]) continue;
                int month = 2020 * 12 + t;
                rows.add(String.format(Locale.ROOT, "%s,%d-%02d,%.2f", ids[s], month / 12, month % 12 + 1,
                        60 + 9 * s + 0.4 * i + 7 * Math.sin(2 * Math.PI * t / 12) + ((i * 7 + s) % 5)));
            }
        }
        Path f = dir.resolve("sales.csv");
        Files.writeString(f, "store,month,sales\n" + String.join("\n", rows) + "\n");
        return f;
    }

    private static String local(Path dir, String name, String... args) throws Exception {
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = io.sequoia.cli.Main.commandLine();
        cl.setErr(new PrintWriter(err));
        List<String> a = new ArrayList<>(List.of("forecast"));
        a.addAll(List.of(args));
        a.addAll(List.of("--out", dir.resolve(name).toString()));
        assertEquals(0, cl.execute(a.toArray(new String[0])), err.toString());
        return Files.readString(dir.resolve(name).resolve("forecasts.csv"));
    }

    private static String spark(Path dir, String name, String... args) throws Exception {
        StringWriter err = new StringWriter();
        List<String> a = new ArrayList<>(List.of("forecast"));
        a.addAll(List.of(args));
        a.addAll(List.of("--out", dir.resolve(name + ".csv").toString()));
        assertEquals(0, SparkMainTest.run(err, a.toArray(new String[0])), err.toString());
        return Files.readString(dir.resolve(name + ".csv"));
    }

    @Test void sparkForecastWritesTheLocalManySeriesFileByteForByte(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        String[] data = {"--data", csv.toString(), "--id-col", "store", "--time", "month", "--target", "sales", "--model", "ets,snaive,comb,auto"};
        // held out: the last 6 months of each series scored; the same options (but --out: a folder, a file)
        String local = local(dir, "local-holdout", cat(data, "--holdout", "6"));
        String spark = spark(dir, "spark-holdout", cat(data, "--holdout", "6"));
        assertEquals(local, spark);
        assertEquals(local, spark(dir, "spark-holdout-flag", cat(data, "--horizon", "6", "--holdout")));   // sequoia-spark's older form
        List<String> lines = local.lines().toList();
        assertEquals("id,time,model,actual,mean,lower,upper,step,chosen,smape,intervals,error", lines.get(0));
        assertEquals(1 + 3 * 4 * 6 + 4, lines.size(), local);   // 3 series × 4 models × 6 steps, and tiny's error row per model
        assertTrue(lines.get(1).startsWith("007,2022-07,ets,"), lines.get(1));   // sorted by id; 007 as written; its held-out months
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\"north, main st\",2023-04,\"comb(ses,holt,damped)\",")), local);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tiny,,auto,,,,,,,,,") && l.contains("test must leave at least one training point")), local);
        // beyond the end, with conformal intervals (where a fit is too short for the windows, the model's own, and why)
        String[] future = cat(data, "--horizon", "4", "--level", "0.8", "--intervals", "conformal", "--conformal-windows", "2");
        local = local(dir, "local-future", future);
        spark = spark(dir, "spark-future", cat(future, "--master", "local[2]", "--tasks", "3"));
        assertEquals(local, spark);
        assertTrue(local.contains("\nwest,2024-05,snaive,,"), local);   // west ends at 2024-04: its months continued
        assertTrue(local.contains(",conformal,\n") && local.contains(",\"model: too short for conformal intervals"), local);
    }

    static String[] cat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
