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
        Path csv = dir.resolve("f.csv"), png = dir.resolve("f.png");
        Run r = run("forecast", "--csv", AIR, "--target", "Passengers", "--transform", "log", "--model", "snaive,sarima",
                "--order", "0,1,1", "--seasonal", "0,1,1,12", "--test", "24", "--json", "--out", csv.toString(), "--plot", png.toString());
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
        Run r = run("forecast", "--csv", AIR, "--target", "Passengers", "--transform", "log", "--model", "sarima",
                "--order", "0,1,1", "--seasonal", "0,1,1,12", "--horizon", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject s = JsonParser.parseString(r.lastLine()).getAsJsonObject().getAsJsonObject("models").getAsJsonObject("sarima");
        assertEquals(450.42, s.getAsJsonArray("forecast").get(0).getAsDouble(), 0.01); // R: forecast(...)$mean[1] for Jan 1961
    }

    @Test void unknownModelIsABadArgument() {
        Run r = run("forecast", "--csv", AIR, "--target", "Passengers", "--model", "prophet", "--test", "12");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("forecast: --model must name known models; expected one of [lstm, gru, seq2seq, transformer, arima, sarima, ets, holt-winters, kalman, naive, snaive, drift, auto], got prophet"), r.err());
    }

    @Test void badCsvCellIsReportedWithFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "t,y\n2001-01,1\n2001-02,x\n");
        Run r = run("forecast", "--csv", csv.toString(), "--target", "y", "--model", "naive", "--horizon", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("SeriesCsv.read: cells must be numeric; expected a number, got \"x\" (bad.csv:3, column y)"), r.err());
    }

    @Test void futureCovariatesNeedValuesOverTheHorizon() {
        Run r = run("forecast", "--csv", "../../shared/data/dynreg/uschange.csv", "--target", "Consumption", "--future-covariates", "Income",
                "--model", "arima", "--horizon", "4");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("forecast: future covariates need their values over the horizon; expected --future-csv FILE or --test N, got neither (covariates [Income])"), r.err());
    }

    @Test void testAndHorizonMustAgree() {
        Run r = run("forecast", "--csv", AIR, "--target", "Passengers", "--model", "naive", "--test", "12", "--horizon", "6");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("forecast: with --test N the forecasts cover the N held-out points; expected --horizon 12 or none, got --horizon 6"), r.err());
    }

    @Test void backtestAveragesFolds() {
        Run r = run("forecast", "--csv", AIR, "--target", "Passengers", "--model", "snaive,ets", "--backtest", "3", "--horizon", "12", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject root = JsonParser.parseString(r.lastLine()).getAsJsonObject();
        assertEquals(3, root.get("folds").getAsInt());
        assertTrue(root.getAsJsonObject("models").getAsJsonObject("ets").get("rmse").getAsDouble() > 0);
    }

    @Test void periodIsInferredFromTimeLabels() {
        assertEquals(12, ForecastCommand.inferPeriod(new String[]{"1949-01", "1949-02"}));
        assertEquals(12, ForecastCommand.inferPeriod(new String[]{"2002 Jan", "2002 Feb"}));
        assertEquals(4, ForecastCommand.inferPeriod(new String[]{"1970-01-01", "1970-04-01"}));
        assertEquals(7, ForecastCommand.inferPeriod(new String[]{"2014-01-01", "2014-01-02"}));
        assertEquals(48, ForecastCommand.inferPeriod(new String[]{"2014-01-01T00:00:00Z", "2014-01-01T00:30:00Z"}));
        assertEquals(1, ForecastCommand.inferPeriod(new String[]{"1", "2"}));
    }
}
