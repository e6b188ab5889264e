package io.sequoia.cli.forecast;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ForecastCommandTest {
    static final String AIR = "../../shared/data/timeseries/airline-passengers.csv";
    @TempDir Path dir;

    record Run(int code, String out, String err) {
        String lastLine() { String[] l = out.strip().split("\n"); return l[l.length - 1]; }
    }

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test void comparesModelsOnTheSameSplitAndEndsWithJson() throws Exception {
        Path outDir = dir.resolve("out"), csv = outDir.resolve("forecasts.csv"), png = dir.resolve("f.png");
        Run r = run("forecast", "--data", AIR, "--target", "Passengers", "--transform", "log", "--model", "snaive,sarima",
                "--order", "0,1,1", "--seasonal", "0,1,1,12", "--holdout", "24", "--json", "--out", outDir.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject models = JsonParser.parseString(r.lastLine()).getAsJsonObject().getAsJsonObject("models");
        assertEquals(76.9946, models.getAsJsonObject("snaive").get("rmse").getAsDouble(), 1e-4);
        JsonObject sarima = models.getAsJsonObject("sarima");
        assertEquals(-0.342, sarima.get("ma1").getAsDouble(), 0.005);
        assertTrue(sarima.has("sma1") && sarima.has("sigma2") && sarima.has("loglik") && sarima.has("aic") && sarima.has("mase"));
        assertEquals(1 + 2 * 24, Files.readAllLines(csv).size());
        assertTrue(Files.size(png) > 1000);
    }

    @Test void forecastsBeyondTheEndWithoutATestSplit() {
        Run r = run("forecast", "--data", AIR, "--target", "Passengers", "--transform", "log", "--model", "sarima",
                "--order", "0,1,1", "--seasonal", "0,1,1,12", "--horizon", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject s = JsonParser.parseString(r.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("sarima");
        assertEquals(450.42, s.getAsJsonArray("forecast").get(0).getAsDouble(), 0.01); // R: forecast(...)$mean[1] for Jan 1961
    }

    @Test void badCsvCellIsReportedWithFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "t,y\n2001-01,1\n2001-02,x\n");
        Run r = run("forecast", "--data", csv.toString(), "--target", "y", "--model", "naive", "--horizon", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("SeriesCsv.read: cells must be numeric; expected a number, got \"x\" (bad.csv:3, column y)"), r.err());
    }

    @Test void futureCovariatesNeedValuesOverTheHorizon() {
        Run r = run("forecast", "--data", "../../shared/data/dynreg/uschange.csv", "--target", "Consumption", "--future-covariates", "Income",
                "--model", "arima", "--horizon", "4");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("forecast: future covariates need their values over the horizon; expected --future-csv FILE or --holdout N, got neither (covariates [Income])"), r.err());
    }

    @Test void backtestAveragesFolds() {
        Run r = run("forecast", "--data", AIR, "--target", "Passengers", "--model", "snaive,ets", "--backtest", "3", "--horizon", "12", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject root = JsonParser.parseString(r.lastLine()).getAsJsonObject();
        assertEquals(3, root.get("folds").getAsInt());
        assertTrue(root.getAsJsonObject("models").getAsJsonObject("ets").get("rmse").getAsDouble() > 0);
    }

    @Test void anIndexTimeColumnGetsThePeriodFromTheValuesAndSaysSo() throws Exception {
        // 96 months with a 12-month cycle, time column 1, 2, 3, …: the labels cannot give the period
        Path csv = dir.resolve("index.csv");
        StringBuilder sb = new StringBuilder("t,y\n");
        java.util.Random r = new java.util.Random(5);
        for (int t = 0; t < 96; t++) sb.append(t + 1).append(',').append(100 + 0.5 * t + 8 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian()).append('\n');
        Files.writeString(csv, sb.toString());
        Run found = run("forecast", "--data", csv.toString(), "--target", "y", "--model", "snaive", "--holdout", "12", "--json");
        assertEquals(0, found.code(), found.err());
        assertTrue(found.err().contains("forecast: the time labels do not give the seasonal period; inferred from the values: period 12 (autocorrelation peak); pass --period N to set it"), found.err());
        Run given = run("forecast", "--data", csv.toString(), "--target", "y", "--model", "snaive", "--holdout", "12", "--period", "12", "--json");
        assertEquals(0, given.code(), given.err());
        assertFalse(given.err().contains("inferred"), given.err());
        assertEquals(JsonParser.parseString(given.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("snaive").get("rmse").getAsDouble(),
                JsonParser.parseString(found.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("snaive").get("rmse").getAsDouble(), 0);
    }

    /** Bad usage: exit 2 and a message naming the option. */
    static void badUsage(String expected, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    /** {@code forecast --data AIR --target Passengers} followed by {@code rest}. */
    static String[] air(String... rest) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("forecast", "--data", AIR, "--target", "Passengers"));
        a.addAll(java.util.List.of(rest));
        return a.toArray(new String[0]);
    }

    @Test void unknownNamesAreBadUsage() {
        badUsage("--model: ModelKind.of: unknown forecasting model; expected one of [lstm, gru, seq2seq, transformer, arima, sarima, ets, holt-winters, kalman, "
                + "naive, snaive, drift, theta, dotm, ses, holt, damped, comb, auto, nbeats, deepar], got prophet", air("--model", "prophet", "--holdout", "12"));
        badUsage("--model: ModelKind.Selection: a combination needs at least two members; expected >= 2, got 1 (comb(naive))", air("--model", "comb(naive)", "--holdout", "12"));
        badUsage("expected one of [none, log, boxcox], got sqrt", air("--model", "naive", "--holdout", "12", "--transform", "sqrt"));
        badUsage("expected one of [point, gaussian, quantile], got normal", air("--model", "lstm", "--holdout", "12", "--head", "normal"));
        badUsage("Missing required option: '--data=<data>'", "forecast", "--target", "y", "--horizon", "2");
        badUsage("forecast: --data: no such file; expected a text file, got ", "forecast", "--data", dir.resolve("missing.csv").toString(), "--target", "y", "--horizon", "2");
    }

    @Test void splitAndHorizonMisuseIsBadUsage() {
        badUsage("forecast: --holdout and --backtest exclude each other", air("--model", "naive", "--holdout", "12", "--backtest", "2"));
        badUsage("forecast: with --holdout N the forecasts cover the N held-out points; expected --horizon 12 or none, got --horizon 6",
                air("--model", "naive", "--holdout", "12", "--horizon", "6"));
        badUsage("forecast: --horizon is required without --holdout", air("--model", "naive"));
        badUsage("forecast: --horizon must be at least 1, got 0", air("--model", "naive", "--horizon", "0"));
        badUsage("forecast: --level must be in (0, 1), got 1.5", air("--model", "naive", "--holdout", "12", "--level", "1.5"));
        badUsage("forecast: --order must have 3 comma-separated integers, got 0,1", air("--model", "arima", "--holdout", "12", "--order", "0,1"));
        badUsage("forecast: --future-csv has no effect with --holdout or --backtest", air("--model", "arima", "--holdout", "12", "--future-csv", "x.csv"));
    }

    @Test void optionsWithoutEffectOnTheChosenModelsAreRefused() {
        badUsage("forecast: --hidden has no effect on the chosen models [sarima, ets]; it applies to neural models", air("--model", "sarima,ets", "--holdout", "12", "--hidden", "16"));
        badUsage("forecast: --covariates has no effect", air("--model", "arima", "--holdout", "12", "--covariates", "Passengers"));
        badUsage("forecast: --order has no effect on the chosen models [lstm]", air("--model", "lstm", "--holdout", "12", "--order", "0,1,1"));
        badUsage("forecast: --strategy has no effect on the chosen models [seq2seq]", air("--model", "seq2seq", "--holdout", "12", "--strategy", "recursive"));
        badUsage("forecast: --future-covariates has no effect", air("--model", "ets", "--holdout", "12", "--future-covariates", "Passengers"));
        badUsage("forecast: --clip has no effect on the chosen models [auto]", air("--holdout", "12", "--clip", "5"));
        badUsage("forecast: --level has no effect on the chosen models [lstm]; it applies to models with intervals", air("--model", "lstm", "--holdout", "12", "--level", "0.8"));
        badUsage("forecast: --epochs: expected at least 1, got 0", air("--model", "lstm", "--holdout", "12", "--epochs", "0"));
    }

    @Test void inconsistentNeuralSettingsAreBadUsage() {
        badUsage("NeuralConfig: MC dropout needs dropout > 0; expected > 0, got 0.0 (mcSamples 10)", air("--model", "lstm", "--holdout", "12", "--mc-samples", "10"));
        badUsage("NeuralConfig: the transformer's hiddenSize (dModel) must be divisible by 4 heads; expected a multiple of 4, got 30",
                air("--model", "transformer", "--holdout", "12", "--hidden", "30"));
    }

    /** Refused before any model runs (issue 17, resource limits): exit 2 naming the options, the length and the limit. */
    @Test void aSeriesTooShortForTheModelIsRefusedBeforeAnyModelRuns() throws Exception {
        Path csv = dir.resolve("short.csv");
        StringBuilder sb = new StringBuilder("t,y\n");
        for (int i = 0; i < 20; i++) sb.append(i).append(',').append(i % 3).append('\n');
        Files.writeString(csv, sb.toString());
        Run r = run("forecast", "--data", csv.toString(), "--target", "y", "--model", "lstm", "--holdout", "4", "--lookback", "12");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--lookback, --horizon: model lstm trains on windows of lookback 12 + horizon 4 points")
                && r.err().contains("expected >= 18, got 16 (20 points, 4 tested)"), r.err());
    }

    @Test void levelIsPassedToEveryIntervalModel() {
        Run r80 = run(air("--model", "naive,ets", "--holdout", "12", "--level", "0.8", "--json", "--out", dir.resolve("a").toString()));
        Run r95 = run(air("--model", "naive,ets", "--holdout", "12", "--json", "--out", dir.resolve("b").toString()));
        assertEquals(0, r80.code(), r80.err());
        for (String m : new String[]{"naive", "ets"}) {
            double c80 = JsonParser.parseString(r80.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject(m).get("coverage").getAsDouble();
            double c95 = JsonParser.parseString(r95.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject(m).get("coverage").getAsDouble();
            assertTrue(c80 <= c95, m + ": " + c80 + " vs " + c95);
        }
    }

    @Test void theQuantileHeadIsTrainedForTheRequestedLevel() {
        // before issue 11 the head was trained for 0.95 whatever --level said; now --level reaches it once, through the catalogue
        Run r = run(air("--model", "lstm", "--head", "quantile", "--level", "0.8", "--holdout", "12", "--epochs", "3", "--hidden", "8", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonObject lstm = JsonParser.parseString(r.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("lstm");
        assertTrue(lstm.has("coverage"), lstm.toString());
    }
}
