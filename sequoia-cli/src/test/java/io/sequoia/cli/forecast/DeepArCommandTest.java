package io.sequoia.cli.forecast;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.sequoia.cli.forecast.ForecastCommandTest.badUsage;
import static io.sequoia.cli.forecast.ForecastCommandTest.run;
import static org.junit.jupiter.api.Assertions.*;

class DeepArCommandTest {
    @TempDir Path dir;

    /** A tiny network, so that a test trains in a second or two. */
    static final String[] TINY = {"--deepar-steps", "30", "--deepar-hidden", "8", "--deepar-layers", "1", "--deepar-batch", "16", "--deepar-samples", "50"};

    /** The mean, lower and upper columns of the first row starting with {@code prefix}. */
    private static double[] row(List<String> csv, String prefix) {
        String row = csv.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no row " + prefix + " in " + csv.subList(0, 3)));
        String[] c = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        int mean = java.util.Arrays.asList(csv.get(0).split(",")).indexOf("mean");   // the many-series file has more columns after upper
        return new double[]{Double.parseDouble(c[mean]), Double.parseDouble(c[mean + 1]), Double.parseDouble(c[mean + 2])};
    }

    @Test void trainsAcrossSeriesGivesIntervalsAndTheSavedFolderForecastsOneSeries() throws Exception {
        Path data = NBeatsCommandTest.longFile(dir), model = dir.resolve("deepar"), out = dir.resolve("out");
        ForecastCommandTest.Run r = run(NBeatsCommandTest.with(new String[]{"forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "deepar,comb(deepar,theta)", "--holdout", "6", "--level", "0.8", "--json", "--out", out.toString(), "--deepar-out", model.toString(),
                "--deepar-likelihood", "student-t", "--deepar-cell", "gru"}, TINY));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonObject d = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals("deepar", d.get("model").getAsString());
        assertEquals(12, d.get("series").getAsInt());
        assertFalse(d.get("coverage").isJsonNull(), "deepar has intervals: " + lines[0]);
        assertTrue(Files.isDirectory(model) && Files.exists(model.resolve("config.json")));
        double[] many = row(Files.readAllLines(out.resolve("forecasts.csv")), "s3,2003-01,deepar,");
        assertTrue(many[1] < many[0] && many[0] < many[2], "lower < median < upper: " + java.util.Arrays.toString(many));
        // one series, forecast by the saved model: the same numbers as in the many-series run
        Path one = dir.resolve("one.csv");
        StringBuilder sb = new StringBuilder("ds,y\n");
        for (String l : Files.readAllLines(data)) if (l.startsWith("s3,")) sb.append(l.substring(3)).append('\n');
        Files.writeString(one, sb.toString());
        Path out1 = dir.resolve("out1");
        ForecastCommandTest.Run r1 = run("forecast", "--data", one.toString(), "--target", "y", "--model", "deepar", "--holdout", "6", "--level", "0.8",
                "--deepar-model", model.toString(), "--out", out1.toString());
        assertEquals(0, r1.code(), r1.err());
        assertArrayEquals(many, row(Files.readAllLines(out1.resolve("forecasts.csv")), "2003-01,deepar,"), 1e-3);
    }

    @Test void benchTrainsOnTheTrainingPartsAndScoresTheCombination() throws Exception {
        StringBuilder sb = new StringBuilder("Series,N,NF,Category,Starting Year,Starting Month");
        for (int i = 1; i <= 40; i++) sb.append(',').append(i);
        sb.append('\n');
        for (int s = 0; s < 8; s++) {
            sb.append("M").append(s).append(",40,6,MICRO,1990,1");
            for (int t = 0; t < 40; t++) sb.append(',').append(100 + s * t + 10 * Math.sin(2 * Math.PI * t / 12));
            sb.append('\n');
        }
        Path f = dir.resolve("m3m.csv");
        Files.writeString(f, sb.toString());
        ForecastCommandTest.Run r = run(NBeatsCommandTest.with(new String[]{"bench", "m3", "--data", f.toString(), "--models", "deepar,comb(deepar,theta)", "--json", "--validate"}, TINY));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[0].contains("\"deepar (training)\""), r.out());
        JsonObject d = JsonParser.parseString(lines[1]).getAsJsonObject();
        assertEquals(8, d.get("series").getAsInt());
        assertEquals(0, d.get("failures").getAsInt());
        assertTrue(d.get("coverage").getAsDouble() >= 0 && d.get("coverage").getAsDouble() <= 1, lines[1]);
        assertEquals("comb(deepar,theta)", JsonParser.parseString(lines[2]).getAsJsonObject().get("model").getAsString());
    }

    @Test void badUsageIsRefusedBeforeTraining() throws Exception {
        Path data = NBeatsCommandTest.longFile(dir);
        badUsage("deepar is a global model", "forecast", "--data", data.toString(), "--target", "y", "--model", "deepar", "--holdout", "6");
        badUsage("--deepar-steps has no effect", "forecast", "--data", data.toString(), "--id-col", "unique_id", "--target", "y", "--model", "theta",
                "--holdout", "6", "--deepar-steps", "5");
        badUsage("lags must be at least 1", "bench", "m3", "--models", "deepar", "--deepar-lags", "1,0");
        badUsage("expected one of [gaussian, student-t]", "bench", "m3", "--models", "deepar", "--deepar-likelihood", "cauchy");
        badUsage("--deepar-model: no such folder", "bench", "m3", "--models", "deepar", "--deepar-model", dir.resolve("none").toString());
        badUsage("--deepar-hidden has no effect with --deepar-model", "bench", "m3", "--models", "deepar", "--deepar-model", dir.toString(), "--deepar-hidden", "4");
    }
}
