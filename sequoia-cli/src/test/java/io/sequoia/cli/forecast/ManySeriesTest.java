package io.sequoia.cli.forecast;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static io.sequoia.cli.forecast.ForecastCommandTest.badUsage;
import static io.sequoia.cli.forecast.ForecastCommandTest.run;
import static org.junit.jupiter.api.Assertions.*;

class ManySeriesTest {
    @TempDir Path dir;

    /** Three monthly series in long format (rows of different series interleaved) and one too short to hold out 6 points. */
    private Path longFile() throws Exception {
        StringBuilder sb = new StringBuilder("unique_id,ds,y\n");
        for (int t = 0; t < 48; t++) {
            String ds = String.format(Locale.ROOT, "%d-%02d", 2000 + t / 12, t % 12 + 1);
            sb.append("up,").append(ds).append(',').append(10 + t).append('\n');
            sb.append("flat,").append(ds).append(',').append(5 + (t % 2) * 0.5).append('\n');
            sb.append("season,").append(ds).append(',').append(20 + 5 * Math.sin(2 * Math.PI * t / 12)).append('\n');
        }
        sb.append("tiny,2000-01,1\ntiny,2000-02,2\n");
        Path f = dir.resolve("long.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test void forecastsEverySeriesAndReportsFailuresAtTheEnd() throws Exception {
        Path out = dir.resolve("out");
        ForecastCommandTest.Run r = run("forecast", "--data", longFile().toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "drift,comb(naive,drift)", "--holdout", "6", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonObject drift = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals("drift", drift.get("model").getAsString());
        assertEquals(3, drift.get("series").getAsInt());
        assertEquals(1, drift.get("failures").getAsInt());
        assertTrue(r.err().contains("drift tiny: TimeSplit.holdOut"), r.err());
        assertEquals("comb(naive,drift)", JsonParser.parseString(lines[1]).getAsJsonObject().get("model").getAsString());
        List<String> csv = Files.readAllLines(out.resolve("forecasts.csv"));
        assertEquals("id,time,model,actual,mean,lower,upper,step,chosen,smape,intervals,error", csv.get(0));   // ForecastTable's, as sequoia spark forecast's
        assertEquals(1 + 2 * 3 * 6 + 2, csv.size());   // and one row per model for tiny, with its error
        assertTrue(csv.contains("tiny,,drift,,,,,,,,,\"TimeSplit.holdOut: test must leave at least one training point; expected 1 <= test < 2, got 6 (series length 2)\""),
                String.join("\n", csv));
        // the straight line is forecast exactly by drift; the combination is the mean of naive (last value) and drift
        String[] up = csv.stream().filter(l -> l.startsWith("up,2003-07,drift,")).findFirst().orElseThrow().split(",");
        assertEquals(52.0, Double.parseDouble(up[3]), 1e-12);
        assertEquals(52.0, Double.parseDouble(up[4]), 1e-9);
        String comb = csv.stream().filter(l -> l.startsWith("up,2003-07,\"comb(naive,drift)\",")).findFirst().orElseThrow();   // a quoted cell
        assertEquals((51.0 + 52.0) / 2, Double.parseDouble(comb.split(",")[5]), 1e-9);
    }

    @Test void forecastsPastTheDataCarryTheSeriesTimeLabelsInTheFile() throws Exception {
        Path out = dir.resolve("future");
        ForecastCommandTest.Run r = run("forecast", "--data", longFile().toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "drift", "--horizon", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("forecasts.csv"));
        // "up" ends at 2003-12 (the printed rows say so too): the file's rows continue its months, not +1, +2, +3
        for (String month : new String[]{"2004-01", "2004-02", "2004-03"}) {
            assertTrue(csv.stream().anyMatch(l -> l.startsWith("up," + month + ",drift,")), month + " in " + csv);
            assertTrue(r.out().contains(month), "printed: " + r.out());
        }
        assertTrue(csv.stream().noneMatch(l -> l.contains(",+1,")), csv.toString());
    }

    @Test void optionsThatNeedOneSeriesAreRefused() throws Exception {
        badUsage("--covariates is not available with --id-col", "forecast", "--data", longFile().toString(), "--id-col", "unique_id", "--target", "y",
                "--model", "lstm", "--covariates", "ds", "--horizon", "3");
    }

    @Test void benchReadsAnM3SheetAndTakesThePeriodFromTheHeader() throws Exception {
        StringBuilder sb = new StringBuilder("Series,N,NF,Category,Starting Year,Starting Quarter");
        for (int i = 1; i <= 30; i++) sb.append(',').append(i);
        sb.append('\n');
        for (int s = 0; s < 3; s++) {
            sb.append("Q").append(s).append(",30,8,MICRO,1990,1");
            for (int t = 0; t < 30; t++) sb.append(',').append(100 + s * t + 10 * (t % 4));
            sb.append('\n');
        }
        Path f = dir.resolve("m3q.csv");
        Files.writeString(f, sb.toString());
        ForecastCommandTest.Run r = run("bench", "m3", "--data", f.toString(), "--models", "snaive,comb(snaive,naive)", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject sn = JsonParser.parseString(r.out().strip().split("\n")[0]).getAsJsonObject();
        assertEquals("snaive", sn.get("model").getAsString());
        assertEquals(3, sn.get("series").getAsInt());
        assertEquals(0, sn.get("failures").getAsInt());
        // series 0 repeats its quarterly pattern exactly: seasonal naive (period 4 from the header) has no error there
        assertTrue(sn.get("smape").getAsDouble() > 0 && sn.has("mase") && sn.has("seconds"), r.out());
        assertEquals(4, M3Benchmark.periodOf(sb.toString().split("\n")[0]));
        assertEquals(12, M3Benchmark.periodOf("Series,N,NF,Category,Starting Year,Starting Month,1"));
        assertEquals(1, M3Benchmark.periodOf("Series,N,NF,Category,Starting Year,Starting ,1"));
    }

    /** The same series as {@link #longFile()}, wide: one column per series; "late" starts at row 13, so its first cells are empty. */
    private Path wideFile() throws Exception {
        StringBuilder sb = new StringBuilder("month,up,flat,late\n");
        for (int t = 0; t < 48; t++) {
            sb.append(String.format(Locale.ROOT, "%d-%02d", 2000 + t / 12, t % 12 + 1)).append(',').append(10 + t).append(',').append(5 + (t % 2) * 0.5)
                    .append(',').append(t < 12 ? "" : Double.toString(100 + 2 * t)).append('\n');
        }
        Path f = dir.resolve("wide.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    /** Without a test the forecasts are printed, one row per series, step and model, as the single-series mode prints its future values. */
    @Test void forecastsBeyondTheEndArePrinted() throws Exception {
        ForecastCommandTest.Run r = run("forecast", "--data", longFile().toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "drift", "--horizon", "3");
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        String out = r.out();
        assertTrue(out.contains("forecasts (interval: "), out);
        assertTrue(out.matches("(?s).*\\nid +time +model +mean +lower +upper\\n.*"), out);
        List<String[]> rows = out.lines().map(String::strip).filter(l -> l.matches("(up|flat|season|tiny) +\\S+ +drift .*")).map(l -> l.split(" +")).toList();
        assertEquals(3 * 3, rows.stream().filter(c -> !c[0].equals("tiny")).count(), out);
        String[] up = rows.stream().filter(c -> c[0].equals("up") && c[1].equals("2004-02")).findFirst().orElseThrow();   // 10 + t, last t = 47 (2003-12)
        assertEquals(59.0, Double.parseDouble(up[3]), 1e-6);
        assertTrue(Double.parseDouble(up[4]) <= 59.0 + 1e-6 && Double.parseDouble(up[5]) >= 59.0 - 1e-6, String.join(" ", up));
        // the wide layout too; with --out the same rows are printed and the CSV written
        Path o = dir.resolve("wide-future");
        r = run("forecast", "--data", wideFile().toString(), "--wide", "--model", "naive", "--horizon", "2", "--out", o.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3 * 2, r.out().lines().filter(l -> l.matches("\\S+ +\\S+ +naive .*")).count(), r.out());
        assertTrue(Files.exists(o.resolve("forecasts.csv")));
        // --json: the JSON lines only
        r = run("forecast", "--data", wideFile().toString(), "--wide", "--model", "naive", "--horizon", "2", "--json");
        for (String l : r.out().strip().split("\n")) JsonParser.parseString(l).getAsJsonObject();
    }

    @Test void wideFileForecastsEveryColumnAsASeries() throws Exception {
        Path out = dir.resolve("wide-out");
        ForecastCommandTest.Run r = run("forecast", "--data", wideFile().toString(), "--wide", "--model", "drift", "--holdout", "6", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject drift = JsonParser.parseString(r.out().strip().split("\n")[0]).getAsJsonObject();
        assertEquals(3, drift.get("series").getAsInt());
        assertEquals(0, drift.get("failures").getAsInt());
        List<String> csv = Files.readAllLines(out.resolve("forecasts.csv"));
        assertEquals(1 + 3 * 6, csv.size());
        // "late" is the line 100 + 2t from t = 12: its empty leading cells are not part of it, so drift forecasts it exactly
        String[] late = csv.stream().filter(l -> l.startsWith("late,2003-12,drift,")).findFirst().orElseThrow().split(",");
        assertEquals(100 + 2 * 47, Double.parseDouble(late[3]), 1e-12);
        assertEquals(100 + 2 * 47, Double.parseDouble(late[4]), 1e-9);
        String[] up = csv.stream().filter(l -> l.startsWith("up,2003-07,drift,")).findFirst().orElseThrow().split(",");
        assertEquals(52.0, Double.parseDouble(up[4]), 1e-9);
    }

    @Test void badWideInputNamesTheFileAndLine() throws Exception {
        Path f = dir.resolve("gap.csv");
        Files.writeString(f, "t,a,b\n1,1,2\n2,,3\n3,3,4\n4,4,x\n");
        ForecastCommandTest.Run r = run("forecast", "--data", f.toString(), "--wide", "--model", "naive", "--horizon", "2");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("gap.csv:3, column a") && r.err().contains("--interpolate"), r.err());
        Files.writeString(f, "t,a,b\n1,1,2\n2,2,3\n3,3,4\n4,4,x\n");
        r = run("forecast", "--data", f.toString(), "--wide", "--model", "naive", "--horizon", "2");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("gap.csv:5, column b") && r.err().contains("\"x\""), r.err());
        Files.writeString(f, "t,a,b\n1,1,2\n2,2\n");
        r = run("forecast", "--data", f.toString(), "--wide", "--model", "naive", "--horizon", "2");
        assertTrue(r.err().contains("gap.csv:3") && r.err().contains("as many cells as the header"), r.err());
        Files.writeString(f, "t,a,a\n1,1,2\n");
        r = run("forecast", "--data", f.toString(), "--wide", "--model", "naive", "--horizon", "2");
        assertTrue(r.err().contains("gap.csv:1") && r.err().contains("series names must be unique"), r.err());
        Files.writeString(f, "t,a,b\n2,1,2\n1,2,3\n");
        r = run("forecast", "--data", f.toString(), "--wide", "--model", "naive", "--horizon", "2");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("gap.csv:3"), r.err());
        badUsage("--target has no effect with --wide", "forecast", "--data", f.toString(), "--wide", "--target", "a", "--horizon", "2");
        badUsage("--wide and --id-col are two layouts", "forecast", "--data", f.toString(), "--wide", "--id-col", "t", "--horizon", "2");
        badUsage("--target is required", "forecast", "--data", f.toString(), "--horizon", "2");
        badUsage("--covariates is not available with --wide", "forecast", "--data", f.toString(), "--wide", "--model", "lstm", "--covariates", "a", "--horizon", "2");
    }
}
