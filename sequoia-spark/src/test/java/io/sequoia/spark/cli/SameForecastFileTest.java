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
        return spark(dir, name, new StringWriter(), args);
    }

    private static String spark(Path dir, String name, StringWriter err, String... args) throws Exception {
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

    /** --backtest N (rolling origin, steps starting again at 1 each fold), comb(a,b,...) and median(a,b,...), --order with --seasonal. */
    @Test void backtestCombinationsAndSeasonalOrdersGiveTheLocalFile(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        String[] data = {"--data", csv.toString(), "--id-col", "store", "--time", "month", "--target", "sales"};
        String[] backtest = cat(data, "--model", "ets,comb(naive,theta,drift)", "--backtest", "2", "--horizon", "4");
        String local = local(dir, "local-bt", backtest);
        assertEquals(local, spark(dir, "spark-bt", backtest));
        List<String> lines = local.lines().toList();
        // 2 series × 2 models × 2 folds × 4 steps; 007 (31 months) and tiny too short for 2 folds after 26 training points: an error row per model
        assertEquals(1 + 2 * 2 * 2 * 4 + 2 * 2, lines.size(), local);
        assertEquals(2 * 2, lines.stream().filter(l -> l.contains(",\"comb(naive,theta,drift)\",") && l.contains(",4,comb,")).count(), local);   // each fold's last step
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("007,,ets,") && l.contains("minTrain")), local);
        String[] seasonal = cat(data, "--model", "arima,median(ses,holt)", "--order", "0,1,1", "--seasonal", "0,1,0,12", "--holdout", "6");
        local = local(dir, "local-sarima", seasonal);
        assertEquals(local, spark(dir, "spark-sarima", seasonal));
        assertTrue(local.contains(",\"median(ses,holt)\","), local);
        assertTrue(!local.equals(local(dir, "local-arima", cat(data, "--model", "arima,median(ses,holt)", "--order", "0,1,1", "--holdout", "6"))), local);   // --seasonal counts
    }

    /**
     * --wide: one column per series, empty cells before a series' first value and after its last not part of it, an NA inside
     * one filled by --interpolate; the period (4) inferred from the first series' quarterly labels.
     */
    @Test void wideFilesWithInterpolatedGapsGiveTheLocalFile(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("quarter,late,gappy,full\n");
        for (int t = 0; t < 36; t++) {
            double season = 6 * Math.sin(2 * Math.PI * t / 4);
            String late = t < 5 ? "" : String.format(Locale.ROOT, "%.2f", 30 + 0.5 * t + season);
            String gappy = t == 11 ? "NA" : t == 17 ? "" : t >= 33 ? "" : String.format(Locale.ROOT, "%.2f", 80 - 0.3 * t + season + (t * 3 % 4));
            sb.append(String.format(Locale.ROOT, "%d Q%d,%s,%s,%.2f%n", 2001 + t / 4, t % 4 + 1, late, gappy, 50 + t + 2 * season));
        }
        Path csv = Files.writeString(dir.resolve("wide.csv"), sb.toString());
        String[] args = {"--data", csv.toString(), "--wide", "--interpolate", "--model", "snaive,ets", "--holdout", "4"};
        String local = local(dir, "local-wide", args);
        assertEquals(local, spark(dir, "spark-wide", args));
        assertTrue(local.contains("\nlate,2009 Q4,snaive,"), local);
        assertTrue(local.contains("\ngappy,2009 Q1,snaive,") && !local.contains("gappy,2009 Q2"), local);   // its empty tail is not part of it
        args = new String[]{"--data", csv.toString(), "--wide", "--model", "snaive", "--horizon", "3", "--interpolate"};
        assertEquals(local(dir, "local-wide-future", args), spark(dir, "spark-wide-future", args));
    }

    /**
     * Integer time labels (1, 2, 3, …) do not give the period: both commands infer one period for all series from the first
     * series' values (here 6, where the second series alone would give 4), and fill its empty cell with --interpolate.
     */
    @Test void thePeriodIsInferredFromTheFirstSeriesAsLocally(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("k,t,v\n");
        for (int s = 0; s < 2; s++) {
            int p = s == 0 ? 6 : 4;
            for (int t = 1; t <= 48; t++) {
                String v = s == 0 && t == 20 ? "" : String.format(Locale.ROOT, "%.3f", 20 + 10 * Math.sin(2 * Math.PI * t / p) + 0.05 * t + ((t * 5 + s) % 3) * 0.2);
                sb.append(s == 0 ? "first" : "second").append(',').append(t).append(',').append(v).append('\n');
            }
        }
        Path csv = Files.writeString(dir.resolve("ints.csv"), sb.toString());
        String[] args = {"--data", csv.toString(), "--id-col", "k", "--target", "v", "--model", "snaive", "--holdout", "6", "--interpolate"};
        String local = local(dir, "local-ints", args);
        StringWriter err = new StringWriter();
        assertEquals(local, spark(dir, "spark-ints", err, args));
        assertTrue(err.toString().contains("inferred from the values: period 6"), err.toString());
        // the held-out points of "second" (t = 43..48) forecast with period 6
        assertTrue(local.contains("\nsecond,43,snaive,"), local);
    }

    /** deepar from a trained folder: every series forecast on the executors as the local command forecasts it. */
    @Test void aTrainedDeepArFolderForecastsAsLocally(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        String[] data = {"--data", csv.toString(), "--id-col", "store", "--time", "month", "--target", "sales", "--holdout", "6"};
        local(dir, "train", cat(data, "--model", "deepar", "--deepar-steps", "1", "--deepar-hidden", "4", "--deepar-batch", "8",
                "--deepar-samples", "20", "--deepar-out", dir.resolve("da").toString()));
        String[] args = cat(data, "--model", "deepar,naive", "--deepar-model", dir.resolve("da").toString(), "--deepar-samples", "30", "--deepar-seed", "7");
        String local = local(dir, "local-da", args);
        assertEquals(local, spark(dir, "spark-da", args));
        assertTrue(local.contains(",1,deepar,") && local.contains(",1,naive,"), local);
    }

    /**
     * sequoia forecast's options that the Spark job does not take exit 2 naming the option and why; its usage rules are the
     * local command's (the same messages).
     */
    @Test void optionsTheSparkJobRefusesExitTwoNamingThemAndWhy(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        String[] data = {"--data", csv.toString(), "--id-col", "store", "--target", "sales", "--horizon", "3"};
        String[][] cases = {
                {"--json", "--json is not offered"},
                {"--plot", "p.png", "--plot is not available with --id-col or --wide"},
                {"--nbeats-steps=5", "--nbeats-steps trains N-BEATS, which this job does not"},
                {"--deepar-hidden", "4", "--deepar-hidden trains DeepAR"},
                {"--resume", "x", "--resume is not offered"},
                {"--bogus", "Unknown option or argument: '--bogus'"},
                {"--backtest", "2", "--holdout", "3", "--holdout and --backtest exclude each other"},
                {"--model", "comb(ets)", "a combination needs at least two members"},
                {"--model", "ets", "--hidden", "8", "--hidden has no effect on the chosen models [ets]"},
                {"--model", "ets", "--seasonal", "0,1,1,12", "--seasonal has no effect on the chosen models [ets]"},
                {"--model", "deepar", "--deepar-model"},
        };
        for (String[] c : cases) {
            String[] args = cat(data, java.util.Arrays.copyOf(c, c.length - 1));
            StringWriter err = new StringWriter();
            assertEquals(2, SparkMainTest.run(err, cat(new String[]{"forecast"}, args)), String.join(" ", args) + "\n" + err);
            assertTrue(err.toString().contains(c[c.length - 1]), String.join(" ", args) + "\n" + err);
            if (!(c[0].equals("--backtest") || c[0].equals("--model") && !c[1].equals("deepar"))) continue;   // the rest: sequoia forecast takes them
            StringWriter localErr = new StringWriter();   // the local command refuses the same usage, with the same message
            picocli.CommandLine cl = io.sequoia.cli.Main.commandLine();
            cl.setErr(new PrintWriter(localErr));
            assertEquals(2, cl.execute(cat(new String[]{"forecast"}, args)), String.join(" ", args) + "\n" + localErr);
            assertTrue(localErr.toString().contains(c[c.length - 1]), String.join(" ", args) + "\n" + localErr);
        }
        StringWriter err = new StringWriter();
        assertEquals(2, SparkMainTest.run(err, "forecast", "--data", csv.toString(), "--wide", "--target", "sales", "--horizon", "3"));
        assertTrue(err.toString().contains("--target has no effect with --wide"), err.toString());
    }

    /**
     * The two commands' options: every option of sequoia forecast is the Spark job's, with the same default and arity, or one it
     * refuses with a reason ({@link ForecastJob#NOT_ON_SPARK}); the Spark job's own are only those about Spark.
     */
    @Test void theSparkJobTakesSequoiaForecastsOptionsWithTheirDefaults() {
        picocli.CommandLine.Model.CommandSpec local = io.sequoia.cli.Main.commandLine().getSubcommands().get("forecast").getCommandSpec();
        picocli.CommandLine.Model.CommandSpec spark = SparkMain.commandLine().getSubcommands().get("forecast").getCommandSpec();
        List<String> missing = new ArrayList<>(), different = new ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec o : local.options()) {
            String name = o.longestName();
            picocli.CommandLine.Model.OptionSpec s = spark.findOption(name);
            if (s == null) {
                if (!ForecastJob.NOT_ON_SPARK.containsKey(name)) missing.add(name);
                continue;
            }
            assertTrue(!ForecastJob.NOT_ON_SPARK.containsKey(name), name + " is both taken and refused");
            if (name.equals("--holdout")) continue;   // the Spark job also takes the older bare --holdout (N = --horizon)
            if (!String.valueOf(o.defaultValueString()).equals(String.valueOf(s.defaultValueString())) || !o.arity().equals(s.arity())
                    || o.type() != s.type() || !java.util.Objects.equals(o.splitRegex(), s.splitRegex())) {
                different.add(name + ": " + o.defaultValueString() + " " + o.arity() + " " + o.type().getSimpleName() + " / " + s.defaultValueString() + " " + s.arity() + " " + s.type().getSimpleName());
            }
        }
        assertEquals(List.of(), missing, "options of sequoia forecast that sequoia spark forecast neither takes nor refuses");
        assertEquals(List.of(), different, "options whose default, arity, type or split differ");
        List<String> own = new ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec s : spark.options()) if (local.findOption(s.longestName()) == null) own.add(s.longestName());
        assertEquals(List.of("--master", "--partitions", "--spark-log", "--tasks", "--engine"), own);
        for (String refused : ForecastJob.NOT_ON_SPARK.keySet()) assertTrue(local.findOption(refused) != null, refused + " is not an option of sequoia forecast");
    }

    static String[] cat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
