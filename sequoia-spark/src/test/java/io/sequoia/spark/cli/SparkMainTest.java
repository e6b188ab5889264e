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
        assertTrue(spark.contains("shop-2,snaive,snaive,6,50,"), spark);   // the last held-out month of the 50-point series
    }

    @Test void badUsageExitsTwoNamingTheOptionAndAMissingFileExitsOne(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--id-col", "shop", "--horizon", "3"));
        assertTrue(err.toString().contains("--id-col") && err.toString().contains("shop"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "forecast", "--csv", csv.toString(), "--model", "lstm", "--epochs", "2", "--horizon", "3"));
        assertTrue(err.toString().contains("--period is needed"), err.toString());
        err = new StringWriter();
        assertEquals(1, run(err, "forecast", "--csv", dir.resolve("none.csv").toString(), "--horizon", "3"));
        assertTrue(err.toString().contains("none.csv") && !err.toString().contains("\tat "), err.toString());
    }
}
