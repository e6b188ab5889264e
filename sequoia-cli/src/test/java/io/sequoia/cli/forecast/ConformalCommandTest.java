package io.sequoia.cli.forecast;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static io.sequoia.cli.forecast.ForecastCommandTest.AIR;
import static io.sequoia.cli.forecast.ForecastCommandTest.badUsage;
import static io.sequoia.cli.forecast.ForecastCommandTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code --intervals conformal} in {@code forecast} (one series, many) and {@code bench m3}. */
class ConformalCommandTest {
    @TempDir Path dir;

    @Test void badValuesExitTwoNamingTheOption() throws Exception {
        badUsage("--intervals", "forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive", "--holdout", "12", "--intervals", "bootstrap");
        badUsage("--conformal-windows must be at least 1, got 0", "forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive", "--holdout", "12",
                "--intervals", "conformal", "--conformal-windows", "0");
        badUsage("--conformal-windows has no effect with --intervals model", "forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive",
                "--holdout", "12", "--conformal-windows", "3");
        badUsage("--conformal-windows must be at least 1, got -2", "bench", "m3", "--data", sheet(40, 8).toString(), "--intervals", "conformal", "--conformal-windows", "-2");
        badUsage("--intervals", "bench", "m3", "--data", sheet(40, 8).toString(), "--intervals", "");
    }

    @Test void oneSeriesGetsConformalIntervalsOrAWarning() {
        ForecastCommandTest.Run r = run("forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive,ses", "--holdout", "12", "--intervals", "conformal", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject ses = JsonParser.parseString(r.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("ses");
        assertTrue(ses.get("label").getAsString().contains("conformal intervals, ×"), ses.toString());
        assertEquals(1.0, ses.get("conformal").getAsDouble());
        assertFalse(r.err().contains("warning"), r.err());
        // 144 points, 60 held out: the 84 left have no room for a window of 60 with 26 training points
        ForecastCommandTest.Run s = run("forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive", "--holdout", "60", "--intervals", "conformal");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("forecast: warning: snaive: too short for conformal intervals: 84 points leave room for 0 of 2 windows"), s.err());
    }

    @Test void manySeriesReportTheSeriesTooShort() throws Exception {
        StringBuilder sb = new StringBuilder("unique_id,ds,y\n");
        java.util.Random rnd = new java.util.Random(1);
        for (int t = 0; t < 48; t++) {
            String ds = String.format(Locale.ROOT, "%d-%02d", 2000 + t / 12, t % 12 + 1);
            sb.append("a,").append(ds).append(',').append(10 + t + rnd.nextGaussian()).append('\n');
            sb.append("b,").append(ds).append(',').append(20 + 5 * Math.sin(2 * Math.PI * t / 12) + rnd.nextGaussian()).append('\n');
        }
        Path f = dir.resolve("long.csv");
        Files.writeString(f, sb.toString());
        // 42 training points, windows of 6 from origins 36 and 30 (>= 26): 12 scores, too few at 95 % (19), enough at 80 % (4)
        ForecastCommandTest.Run r = run("forecast", "--data", f.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y", "--model", "ses",
                "--holdout", "6", "--intervals", "conformal", "--conformal-windows", "4", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: ses: 2 of 2 series keep the model's own intervals"), r.err());
        ForecastCommandTest.Run ok = run("forecast", "--data", f.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y", "--model", "ses",
                "--holdout", "6", "--intervals", "conformal", "--level", "0.8", "--json");
        assertEquals(0, ok.code(), ok.err());
        assertFalse(ok.err().contains("warning"), ok.err());
        assertTrue(JsonParser.parseString(ok.lastLine()).getAsJsonObject().has("coverage"), ok.out());
    }

    @Test void benchM3ReportsCoverageAndTheSeriesCalibrated() throws Exception {
        // N 60, NF 8, quarterly: 52 training points, origins 44, 36, 28 (>= 10): 2 windows give 16 scores (< 19), 3 give 24
        ForecastCommandTest.Run two = run("bench", "m3", "--data", sheet(60, 8).toString(), "--models", "ses", "--json", "--intervals", "conformal");
        assertEquals(0, two.code(), two.err());
        JsonObject a = JsonParser.parseString(two.out().strip()).getAsJsonObject();
        assertEquals(0, a.get("conformal_series").getAsInt());
        assertTrue(two.err().contains("3 of 3 series were too short for conformal intervals"), two.err());
        ForecastCommandTest.Run three = run("bench", "m3", "--data", sheet(60, 8).toString(), "--models", "ses", "--json", "--intervals", "conformal", "--conformal-windows", "3");
        assertEquals(0, three.code(), three.err());
        JsonObject b = JsonParser.parseString(three.out().strip()).getAsJsonObject();
        assertEquals(3, b.get("conformal_series").getAsInt());
        assertEquals("conformal", b.get("intervals").getAsString());
        assertEquals(a.get("smape").getAsDouble(), b.get("smape").getAsDouble(), 0.0, "the means do not change");
        assertTrue(b.get("coverage").getAsDouble() >= 0 && b.get("coverage").getAsDouble() <= 1, three.out());
        // conformal is bench m3's default; --intervals model gives the models' own, and no intervals fields
        ForecastCommandTest.Run byDefault = run("bench", "m3", "--data", sheet(60, 8).toString(), "--models", "ses", "--json", "--conformal-windows", "3");
        assertEquals(0, byDefault.code(), byDefault.err());
        JsonObject d = JsonParser.parseString(byDefault.out().strip()).getAsJsonObject();
        assertEquals("conformal", d.get("intervals").getAsString());
        assertEquals(3, d.get("conformal_series").getAsInt());
        assertEquals(b.get("coverage").getAsDouble(), d.get("coverage").getAsDouble(), 0.0);
        ForecastCommandTest.Run model = run("bench", "m3", "--data", sheet(60, 8).toString(), "--models", "ses", "--json", "--intervals", "model");
        assertEquals(0, model.code(), model.err());
        assertFalse(model.out().contains("conformal"), model.out());
        assertEquals(a.get("smape").getAsDouble(), JsonParser.parseString(model.out().strip()).getAsJsonObject().get("smape").getAsDouble(), 0.0);
    }

    /** An M3-like quarterly sheet: three noisy series of {@code n} points, the last {@code nf} the test. */
    private Path sheet(int n, int nf) throws Exception {
        StringBuilder sb = new StringBuilder("Series,N,NF,Category,Starting Year,Starting Quarter");
        for (int i = 1; i <= n; i++) sb.append(',').append(i);
        sb.append('\n');
        java.util.Random rnd = new java.util.Random(2);
        for (int s = 0; s < 3; s++) {
            sb.append("Q").append(s).append(',').append(n).append(',').append(nf).append(",MICRO,1990,1");
            for (int t = 0; t < n; t++) sb.append(',').append(100 + s * t + 10 * (t % 4) + 3 * rnd.nextGaussian());
            sb.append('\n');
        }
        Path f = dir.resolve("m3q-" + n + ".csv");
        Files.writeString(f, sb.toString());
        return f;
    }
}
