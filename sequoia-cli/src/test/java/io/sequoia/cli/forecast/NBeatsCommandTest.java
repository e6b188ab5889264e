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

class NBeatsCommandTest {
    @TempDir Path dir;

    /** A tiny network, so that a test trains in a second or two. */
    static final String[] TINY = {"--nbeats-steps", "40", "--nbeats-width", "16", "--nbeats-blocks", "1", "--nbeats-layers", "2", "--nbeats-batch", "32"};

    /** Twelve seasonal monthly series of 40 points in long format. */
    static Path longFile(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("unique_id,ds,y\n");
        for (int s = 0; s < 12; s++) {
            for (int t = 0; t < 40; t++) {
                String ds = String.format(Locale.ROOT, "%d-%02d", 2000 + t / 12, t % 12 + 1);
                sb.append("s").append(s).append(',').append(ds).append(',').append(50 + 5 * s + 0.2 * s * t + 8 * Math.sin(2 * Math.PI * (t + s) / 12)).append('\n');
            }
        }
        Path f = dir.resolve("long.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    static String[] with(String[] a, String... b) {
        String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Test void trainsAcrossSeriesCombinesWithThetaAndTheSavedFolderForecastsOneSeries() throws Exception {
        Path data = longFile(dir), model = dir.resolve("nbeats"), out = dir.resolve("out");
        ForecastCommandTest.Run r = run(with(new String[]{"forecast", "--data", data.toString(), "--id-col", "unique_id", "--time", "ds", "--target", "y",
                "--model", "nbeats,comb(nbeats,theta)", "--holdout", "6", "--json", "--out", out.toString(), "--nbeats-out", model.toString()}, TINY));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonObject nb = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals("nbeats", nb.get("model").getAsString());
        assertEquals(12, nb.get("series").getAsInt());
        assertEquals(0, nb.get("failures").getAsInt());
        assertTrue(nb.get("smape_mean").getAsDouble() < 30, r.out());
        assertEquals("comb(nbeats,theta)", JsonParser.parseString(lines[1]).getAsJsonObject().get("model").getAsString());
        // comb is the mean of the two forecasts, row by row
        List<String> csv = Files.readAllLines(out.resolve("forecasts.csv"));
        double n = value(csv, "s3,2003-01,nbeats,"), c = value(csv, "s3,2003-01,\"comb(nbeats,theta)\",");
        assertNotEquals(n, c);
        assertTrue(Files.isRegularFile(model.resolve("config.json")), "the trained model folder");
        // one series, forecast by the saved model: the same numbers as in the many-series run
        Path one = dir.resolve("one.csv");
        StringBuilder sb = new StringBuilder("ds,y\n");
        for (String l : Files.readAllLines(data)) if (l.startsWith("s3,")) sb.append(l.substring(3)).append('\n');
        Files.writeString(one, sb.toString());
        Path out1 = dir.resolve("out1");
        ForecastCommandTest.Run r1 = run("forecast", "--data", one.toString(), "--target", "y", "--model", "nbeats", "--holdout", "6",
                "--nbeats-model", model.toString(), "--out", out1.toString());
        assertEquals(0, r1.code(), r1.err());
        assertEquals(n, value(Files.readAllLines(out1.resolve("forecasts.csv")), "2003-01,nbeats,"), 1e-3);
    }

    private static double value(List<String> csv, String prefix) {
        String row = csv.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no row " + prefix + " in " + csv.subList(0, 3)));
        String[] c = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        return Double.parseDouble(c[java.util.Arrays.asList(csv.get(0).split(",")).indexOf("mean")]);   // the many-series file has more columns after upper
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
        ForecastCommandTest.Run r = run(with(new String[]{"bench", "m3", "--data", f.toString(), "--models", "nbeats,median(nbeats,theta,snaive)", "--json"}, TINY));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[0].contains("\"nbeats (training)\""), r.out());
        JsonObject nb = JsonParser.parseString(lines[1]).getAsJsonObject();
        assertEquals(8, nb.get("series").getAsInt());
        assertEquals(0, nb.get("failures").getAsInt());
        assertEquals("median(nbeats,theta,snaive)", JsonParser.parseString(lines[2]).getAsJsonObject().get("model").getAsString());
        // several losses: the networks once per loss, all in one saved folder
        Path mixed = dir.resolve("mixed");
        ForecastCommandTest.Run l = run(with(new String[]{"bench", "m3", "--data", f.toString(), "--models", "nbeats", "--json", "--nbeats-lookbacks", "2",
                "--nbeats-loss", "smape,mase,mape", "--nbeats-out", mixed.toString()}, TINY));
        assertEquals(0, l.code(), l.err());
        io.sequoia.timeseries.global.NBeatsForecaster back = io.sequoia.timeseries.global.NBeatsForecaster.load(mixed);
        assertEquals(3, back.network().members().size());
        assertEquals("smape,mase,mape", back.config().lossNames());
        // with --nbeats-model, --nbeats-loss selects the loaded networks of those losses (and --nbeats-out saves the selection)
        Path sub = dir.resolve("sub");
        ForecastCommandTest.Run s = run("bench", "m3", "--data", f.toString(), "--models", "nbeats", "--json", "--nbeats-model", mixed.toString(),
                "--nbeats-loss", "mape,smape", "--nbeats-out", sub.toString());
        assertEquals(0, s.code(), s.err());
        assertEquals("mape,smape", io.sequoia.timeseries.global.NBeatsForecaster.load(sub).config().lossNames());
        assertEquals(2, io.sequoia.timeseries.global.NBeatsForecaster.load(sub).network().members().size());
        ForecastCommandTest.Run none = run("bench", "m3", "--data", f.toString(), "--models", "nbeats", "--nbeats-model", sub.toString(), "--nbeats-loss", "mase");
        assertEquals(1, none.code(), none.err());
        assertTrue(none.err().contains("no members trained with this loss"), none.err());
        ForecastCommandTest.Run v = run(with(new String[]{"bench", "m3", "--data", f.toString(), "--models", "nbeats", "--validate", "--json"}, TINY));
        assertEquals(0, v.code(), v.err());
    }

    @Test void badUsageIsRefusedBeforeTraining() throws Exception {
        Path data = longFile(dir);
        badUsage("nbeats is a global model", "forecast", "--data", data.toString(), "--target", "y", "--model", "nbeats", "--holdout", "6");
        badUsage("--nbeats-steps has no effect", "forecast", "--data", data.toString(), "--id-col", "unique_id", "--target", "y", "--model", "theta",
                "--holdout", "6", "--nbeats-steps", "5");
        badUsage("lookback multiples must be at least 1", "bench", "m3", "--models", "nbeats", "--nbeats-lookbacks", "2,0");
        badUsage("expected one of [generic, interpretable]", "bench", "m3", "--models", "nbeats", "--nbeats-stacks", "deep");
        badUsage("--nbeats-loss: expected one of [smape, mase, mape, mae], got msa", "bench", "m3", "--models", "nbeats", "--nbeats-loss", "smape,msa");
        badUsage("--nbeats-loss: each loss may be given once", "bench", "m3", "--models", "nbeats", "--nbeats-loss", "mase,smape,mase");
        badUsage("--nbeats-model: no such folder", "bench", "m3", "--models", "nbeats", "--nbeats-model", dir.resolve("none").toString());
    }
}
