package io.sequoia.spark.cli;

import io.sequoia.timeseries.global.NBeatsForecaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sequoia-spark train-nbeats} on local[2]: a folder the local {@code sequoia forecast --nbeats-model} loads; bad usage exits 2. */
class TrainNBeatsJobTest {
    static { io.sequoia.spark.LocalSparkAccess.start(); }   // the tests' shared local[2] session

    static final int SERIES = 8, H = 6;

    /** Monthly-like series of different levels, trends and lengths, in long format (shop, month, sales), rows of two series interleaved. */
    static Path longCsv(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("shop,month,sales\n");
        for (int s = 0; s < SERIES; s++) {
            for (int t = 0; t < 44 + 3 * s; t++) {
                double v = 40 + 12 * s + (0.3 + 0.1 * s) * t + (6 + s) * Math.sin(2 * Math.PI * (t + s) / 12) + ((t * 7 + s * 3) % 5) * 0.4;
                sb.append(String.format(Locale.ROOT, "shop-%d,%d,%.3f%n", s, t + 1, v));
            }
        }
        Path f = dir.resolve("long.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    static int run(StringWriter err, String... args) {
        picocli.CommandLine cl = SparkMain.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    static String[] train(Path csv, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train-nbeats", "--master", "local[2]", "--partitions", "2", "--csv", csv.toString(), "--id-col", "shop", "--time", "month",
                "--target", "sales", "--horizon", Integer.toString(H), "--period", "12", "--holdout", "--nbeats-lookbacks", "2", "--nbeats-width", "16",
                "--nbeats-blocks", "2", "--nbeats-layers", "2", "--nbeats-steps", "24", "--nbeats-batch", "16", "--nbeats-lr", "0.01", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Each series' values without its last H points (the training parts), by id. */
    static Map<String, double[]> trainingParts(Path csv) throws Exception {
        Map<String, List<Double>> by = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",");
            by.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        by.forEach((id, v) -> out.put(id, v.subList(0, v.size() - H).stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    static double smape(NBeatsForecaster f, Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        Map<String, List<Double>> by = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) by.computeIfAbsent(line.split(",")[0], k -> new ArrayList<>()).add(Double.parseDouble(line.split(",")[2]));
        List<double[]> train = new ArrayList<>(trainingParts(csv).values());
        List<double[]> fc = f.forecastAll(train);
        double s = 0;
        int n = 0, i = 0;
        for (List<Double> v : by.values()) {
            for (int t = 0; t < H; t++, n++) {
                double y = v.get(v.size() - H + t), p = fc.get(i)[t];
                s += 200 * Math.abs(y - p) / (Math.abs(y) + Math.abs(p));
            }
            i++;
        }
        return s / n;
    }

    /**
     * Trained with k = 2 on two partitions: the folder loads, learned (held-out sMAPE well below the untrained network's), a
     * second run writes the same weights bit for bit, and the local {@code sequoia forecast --id-col --model nbeats --nbeats-model DIR
     * --holdout} forecasts with it what the folder forecasts loaded here.
     */
    @Test void trainsOnSparkAFolderTheLocalForecastCommandLoads(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, train(csv, dir.resolve("a"), "--k", "2")), err.toString());
        NBeatsForecaster f = NBeatsForecaster.load(dir.resolve("a"));
        assertEquals(H, f.horizon());
        assertEquals(24, f.config().steps());
        assertEquals(12, f.config().period());
        double trained = smape(f, csv), untrained = smape(NBeatsForecaster.untrained(f.config()), csv);
        assertTrue(trained < 0.6 * untrained, "held-out sMAPE " + trained + " against untrained " + untrained);

        assertEquals(0, run(new StringWriter(), train(csv, dir.resolve("b"), "--k", "2")));
        Map<String, float[]> wa = SparkMainTest.weights(f.network()), wb = SparkMainTest.weights(NBeatsForecaster.load(dir.resolve("b")).network());
        for (String k : wa.keySet()) assertArrayEquals(wa.get(k), wb.get(k), k);

        StringWriter localErr = new StringWriter();
        picocli.CommandLine local = io.sequoia.cli.Main.commandLine();
        local.setErr(new PrintWriter(localErr));
        assertEquals(0, local.execute("forecast", "--data", csv.toString(), "--id-col", "shop", "--time", "month", "--target", "sales", "--model", "nbeats",
                "--nbeats-model", dir.resolve("a").toString(), "--period", "12", "--horizon", Integer.toString(H), "--holdout", Integer.toString(H),
                "--out", dir.resolve("local").toString()), localErr.toString());
        Map<String, List<Double>> means = new LinkedHashMap<>();
        List<String> rows = Files.readAllLines(dir.resolve("local").resolve("forecasts.csv"));
        for (String r : rows.subList(1, rows.size())) {
            String[] c = r.split(",");
            if (c[2].equals("nbeats")) means.computeIfAbsent(c[0], k -> new ArrayList<>()).add(Double.parseDouble(c[4]));
        }
        Map<String, double[]> parts = trainingParts(csv);
        assertEquals(parts.keySet(), means.keySet());
        for (String id : parts.keySet()) {
            double[] expected = f.forecastAll(List.of(parts.get(id))).get(0);
            assertEquals(H, means.get(id).size(), id);
            for (int t = 0; t < H; t++) assertEquals(expected[t], means.get(id).get(t), 1e-9 * Math.abs(expected[t]) + 1e-9, id + " step " + (t + 1));
        }
    }

    /** k = 1 (gradient averaging) and the one-process engine write loadable folders of the same network; they are trained differently. */
    @Test void gradientAveragingAndTheLocalEngineWriteFolders(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        for (String engine : new String[]{"spark", "local"}) {
            StringWriter err = new StringWriter();
            assertEquals(0, run(err, train(csv, dir.resolve(engine), "--engine", engine)), err.toString());
        }
        NBeatsForecaster s = NBeatsForecaster.load(dir.resolve("spark")), l = NBeatsForecaster.load(dir.resolve("local"));
        assertEquals(l.config().describe(), s.config().describe());
        double untrained = smape(NBeatsForecaster.untrained(s.config()), csv);
        assertTrue(smape(s, csv) < 0.6 * untrained && smape(l, csv) < 0.6 * untrained, smape(s, csv) + " and " + smape(l, csv) + " against " + untrained);
        Map<String, float[]> ws = SparkMainTest.weights(s.network()), wl = SparkMainTest.weights(l.network());
        assertFalse(ws.keySet().stream().allMatch(k -> Arrays.equals(ws.get(k), wl.get(k))), "the two engines sample other windows");
    }

    @Test void badUsageExitsTwoNamingTheOptionAndBadDataExitsOneNamingTheSeries(@TempDir Path dir) throws Exception {
        Path csv = longCsv(dir);
        String[][] cases = {
                {"--k", "0"}, {"--k"},
                {"--nbeats-loss", "mse"}, {"--nbeats-loss"},
                {"--nbeats-loss", "smape,smape"}, {"--nbeats-loss: each loss"},
                {"--nbeats-width", "0"}, {"--nbeats-width"},
                {"--engine", "local", "--k", "3"}, {"--k has no effect"},
                {"--engine", "gpu"}, {"--engine"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, train(csv, dir.resolve("x"), cases[i])), Arrays.toString(cases[i]) + ": " + err);
            assertTrue(err.toString().contains(cases[i + 1][0]), Arrays.toString(cases[i]) + ": " + err);
            assertFalse(Files.exists(dir.resolve("x")), "nothing written");
        }
        StringWriter err = new StringWriter();
        String[] a = train(csv, dir.resolve("x"));
        a[Arrays.asList(a).indexOf("--horizon") + 1] = "60";       // no series is longer than 60 points after holding out 60
        assertEquals(2, run(err, a));
        assertTrue(err.toString().contains("--horizon 60") && err.toString().contains("no series"), err.toString());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");
        err = new StringWriter();
        a = train(csv, dir.resolve("x"));
        a[Arrays.asList(a).indexOf("shop")] = "store";
        assertEquals(2, run(err, a));
        assertTrue(err.toString().contains("--id-col") && err.toString().contains("store"), err.toString());

        Files.createDirectories(dir.resolve("mine"));
        Files.writeString(dir.resolve("mine").resolve("notes.txt"), "mine");
        err = new StringWriter();
        assertEquals(2, run(err, train(csv, dir.resolve("mine"))));
        assertTrue(err.toString().contains("--out") && err.toString().contains("notes.txt"), err.toString());

        Files.writeString(dir.resolve("gap.csv"), Files.readString(csv).replaceAll("(?m)^shop-3,5,.*$", "shop-3,5,"));
        err = new StringWriter();
        assertEquals(1, run(err, train(dir.resolve("gap.csv"), dir.resolve("y"))));
        assertTrue(err.toString().contains("series shop-3") && err.toString().contains("missing value at time 5"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }
}
