package io.sequoia.cli.forecast;

import io.sequoia.timeseries.TimeLabels;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.CliRun;
import io.sequoia.cli.JsonLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17, defects 6, 9 and 10: forecasts beyond the end are printed, NaN in a --json line, an ARIMA order longer than the series. */
class ForecastValuesTest {
    @TempDir Path dir;

    private Path monthly(int n) throws Exception {
        StringBuilder sb = new StringBuilder("month,value\n");
        for (int i = 0; i < n; i++) sb.append(String.format("%d-%02d,%d%n", 2000 + i / 12, i % 12 + 1, 100 + i + (i % 12) * 3));
        return Files.writeString(dir.resolve("m.csv"), sb.toString());
    }

    @Test void horizonWithoutHoldoutPrintsOneRowPerStepWithItsTime() throws Exception {
        String out = CliRun.run(0, "forecast", "--data", monthly(48).toString(), "--target", "value", "--horizon", "3", "--model", "snaive,naive");
        assertTrue(out.contains("forecasts (interval: 95.0% level):"), out);
        // snaive repeats the last year's values: 2003-01 .. 2003-03 were 136, 140, 144
        for (String row : List.of("2004-01  snaive", "2004-02  snaive", "2004-03  snaive", "2004-01  naive", "2004-03  naive")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(row)), row + " in\n" + out);
        }
        String jan = out.lines().filter(l -> l.startsWith("2004-01  snaive")).findFirst().orElseThrow();
        assertEquals(136.0, Double.parseDouble(jan.trim().split("\\s+")[2]), 1e-9, jan);
        Path csv = dir.resolve("out").resolve("forecasts.csv");
        CliRun.run(0, "forecast", "--data", monthly(48).toString(), "--target", "value", "--horizon", "2", "--model", "naive", "--out", dir.resolve("out").toString());
        assertTrue(Files.readString(csv).contains("\n2004-02,naive,,"), Files.readString(csv));
        String scored = CliRun.run(0, "forecast", "--data", monthly(48).toString(), "--target", "value", "--holdout", "3", "--model", "naive");
        assertTrue(!scored.contains("forecasts (interval"), "a scored split prints its metrics, not a forecast table:\n" + scored);
    }

    @Test void timeLabelsContinueTheSeries() {
        assertArrayEquals(new String[]{"60", "61"}, TimeLabels.after(new String[]{"58", "59"}, 2));
        assertArrayEquals(new String[]{"1961-01", "1961-02"}, TimeLabels.after(new String[]{"1960-11", "1960-12"}, 2));
        assertArrayEquals(new String[]{"2015-01-01", "2015-02-01"}, TimeLabels.after(new String[]{"2014-11-01", "2014-12-01"}, 2));
        assertArrayEquals(new String[]{"2014-01-08", "2014-01-15"}, TimeLabels.after(new String[]{"2013-12-25", "2014-01-01"}, 2));
        assertArrayEquals(new String[]{"1961 Q1", "1961 Q2"}, TimeLabels.after(new String[]{"1960 Q3", "1960 Q4"}, 2));
        assertArrayEquals(new String[]{"2003 Jan"}, TimeLabels.after(new String[]{"2002 Nov", "2002 Dec"}, 1));
        assertArrayEquals(new String[]{"2020-01-01T02:00:00Z"}, TimeLabels.after(new String[]{"2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z"}, 1));
        assertArrayEquals(new String[]{"+1", "+2"}, TimeLabels.after(new String[]{"mon", "tue"}, 2));
        assertArrayEquals(new String[]{"+1"}, TimeLabels.after(new String[]{"5", "5"}, 1), "labels that do not increase give steps");
    }

    @Test void anArimaOrderLongerThanTheSeriesIsRefusedBeforeFitting() throws Exception {
        String out = CliRun.run(2, "forecast", "--data", monthly(48).toString(), "--target", "value", "--horizon", "3", "--model", "arima", "--order", "30,2,30");
        assertTrue(out.contains("forecast: --order: ARIMA(30,2,30) estimates 60 AR/MA coefficients and loses 2 points to differencing, so it needs a series of at least 64 points; expected >= 64, got 48"), out);
        String held = CliRun.run(2, "forecast", "--data", monthly(48).toString(), "--target", "value", "--holdout", "12", "--model", "arima", "--order", "20,1,20");
        assertTrue(held.contains("needs a series of at least 43 points before the tested part; expected >= 43, got 36 (48 points, 12 tested)"), held);
    }

    @Test void nonFiniteNumbersInAJsonLineAreNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", Double.NaN);
        m.put("loss", Double.POSITIVE_INFINITY);
        m.put("ok", 0.5);
        m.put("values", new double[]{1, Double.NaN});
        m.put("floats", new float[]{Float.NEGATIVE_INFINITY, 2f});
        String line = JsonLine.of(m);
        assertEquals("{\"ok\":0.5,\"values\":[1.0,null],\"floats\":[null,2.0]}", line, "a non-finite metric is left out; in a list it is null");
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertTrue(!o.has("f1") && o.getAsJsonArray("values").get(1).isJsonNull());
    }

    /** The lines bench, forecast m3 / bench m3, the many-series summary, train forecaster and demo print are written by JsonLine.fields. */
    @Test void aNonFiniteMetricInAFieldsLineStaysParseableJson() {
        String line = JsonLine.fields("model", "ets \"auto\"", "smape", JsonLine.rounded(Double.NaN, 4), "mase", JsonLine.rounded(1.23456, 4),
                "coverage", JsonLine.rounded(Double.POSITIVE_INFINITY, 4), "series", 3, "threads", 2);
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertEquals("{\"model\":\"ets \\\"auto\\\"\",\"mase\":1.2346,\"series\":3,\"threads\":2}", line);
        assertTrue(!o.has("smape") && !o.has("coverage") && !line.contains("NaN") && !line.contains("Infinity"), line);
        assertEquals("ets \"auto\"", o.get("model").getAsString(), "a quote in a label is escaped, not replaced");
    }

    /** Bench shapes and model labels are written as they are: "B=32", not Gson's HTML-safe "B\\u003d32". */
    @Test void aJsonLineKeepsEqualsSignsAndAngleBracketsReadable() {
        String line = JsonLine.fields("shape", "lstm B=32 H=512 AB", "model", "a<b & c'd", "gflops", 21.7);
        assertEquals("{\"shape\":\"lstm B=32 H=512 AB\",\"model\":\"a<b & c'd\",\"gflops\":21.7}", line);
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertEquals("lstm B=32 H=512 AB", o.get("shape").getAsString());
        assertEquals("a<b & c'd", o.get("model").getAsString());
    }
}
