package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Normal;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import io.sequoia.timeseries.neural.NeuralConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ForecasterCatalogTest {
    /** Trend + monthly season + noise, positive. */
    static double[] seasonal(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 50 + 0.3 * i + 8 * Math.sin(2 * Math.PI * i / 12) + 2 * r.nextGaussian();
        return y;
    }

    static ForecasterCatalog catalog(int h, double level, Transform t) {
        return ForecasterCatalog.builder(h, 12).level(level).transform(t).arimaOrder(new ArimaOrder(0, 1, 1, 0, 1, 1, 12)).build();
    }

    @Test void everyClassicalIntervalKindHonoursTheLevel() {
        double[] y = seasonal(72, 1);
        double ratio = Normal.quantile(0.9) / Normal.quantile(0.975);
        for (ModelKind k : List.of(ModelKind.NAIVE, ModelKind.DRIFT, ModelKind.SNAIVE, ModelKind.ARIMA, ModelKind.SARIMA, ModelKind.ETS, ModelKind.HOLT_WINTERS, ModelKind.KALMAN)) {
            Forecast a = catalog(6, 0.8, Transform.NONE).fit(k, y, null, null).forecast(null);
            Forecast b = catalog(6, 0.95, Transform.NONE).fit(k, y, null, null).forecast(null);
            assertEquals(0.8, a.level(), k.id());
            for (int i = 0; i < 6; i++) {
                assertEquals(ratio, (a.upper()[i] - a.lower()[i]) / (b.upper()[i] - b.lower()[i]), 1e-6, k.id() + " step " + i);
                assertEquals(b.mean()[i], a.mean()[i], 1e-9, k.id());
            }
            // on the log scale the interval is not symmetric, but still narrower at the lower level
            Forecast la = catalog(6, 0.8, Transform.LOG).fit(k, y, null, null).forecast(null);
            Forecast lb = catalog(6, 0.95, Transform.LOG).fit(k, y, null, null).forecast(null);
            for (int i = 0; i < 6; i++) assertTrue(lb.lower()[i] < la.lower()[i] && la.upper()[i] < lb.upper()[i], k.id() + " log step " + i);
        }
    }

    @Test void horizonAndLevelReachTheNeuralModels() {
        ForecasterCatalog c = ForecasterCatalog.builder(9, 12).level(0.8)
                .neural(NeuralConfig.forPeriod(12).toBuilder().head(NeuralConfig.Head.QUANTILE).strategy(NeuralConfig.Strategy.RECURSIVE).build()).build();
        NeuralConfig gru = c.neuralFor(ModelKind.GRU), s2s = c.neuralFor(ModelKind.SEQ2SEQ);
        assertEquals(9, gru.horizon());
        assertEquals(0.8, gru.level());
        assertEquals(12, gru.period());
        assertEquals(NeuralConfig.Arch.GRU, gru.arch());
        assertEquals(NeuralConfig.Strategy.RECURSIVE, gru.strategy());
        assertEquals(NeuralConfig.Strategy.DIRECT, s2s.strategy()); // an encoder–decoder is always direct
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.neuralFor(ModelKind.ETS));
        assertEquals("ModelKind.arch: only neural models have a network; expected lstm, gru, seq2seq or transformer, got ets", e.getMessage());
    }

    /**
     * A series with values at or below zero is ranked by MASE, not by sMAPE (whose |y| + |ŷ| denominator is near zero at a
     * zero crossing); a positive series still by sMAPE. An exactly repeating season around zero: seasonal naive has no error.
     */
    @Test void autoRanksASeriesThroughZeroByMase() {
        double[] y = new double[72];
        for (int i = 0; i < y.length; i++) y[i] = Math.sin(2 * Math.PI * (i % 12) / 12) * 5 + (i % 12 == 5 ? 2 : 0);
        assertEquals("MASE", ForecasterCatalog.autoMetric(y));
        ForecasterCatalog.Fitted auto = ForecasterCatalog.builder(6, 12).autoTop(1).build().fit(ModelKind.AUTO, y, null, null);
        assertEquals(ModelKind.SNAIVE, auto.chosen());
        assertTrue(auto.label().startsWith("auto → snaive (snaive; backtest MASE snaive 0.000, "), auto.label());
        double[] z = y.clone();
        for (int i = 0; i < z.length; i++) z[i] += 10;
        assertEquals("sMAPE", ForecasterCatalog.autoMetric(z));
        assertTrue(ForecasterCatalog.builder(6, 12).autoTop(1).build().fit(ModelKind.AUTO, z, null, null).label().contains("backtest sMAPE snaive 0.00, "));
        z[3] = 0;
        assertEquals("MASE", ForecasterCatalog.autoMetric(z));
    }

    @Test void autoKeepsTheCandidatesWithTheLowestBacktestSmape() {
        // a season that repeats exactly: seasonal naive forecasts every fold without error, so it is the best alone
        double[] y = new double[72];
        for (int i = 0; i < y.length; i++) y[i] = 20 + (i % 12) * (i % 12 == 5 ? 3 : 1);
        ForecasterCatalog one = ForecasterCatalog.builder(6, 12).autoTop(1).build();
        ForecasterCatalog.Fitted auto = one.fit(ModelKind.AUTO, y, null, null);
        assertEquals(ModelKind.AUTO, auto.kind());
        assertEquals(ModelKind.SNAIVE, auto.chosen());
        assertTrue(auto.label().startsWith("auto → snaive (snaive; backtest sMAPE snaive 0.00, "), auto.label());
        assertArrayEquals(one.fit(ModelKind.SNAIVE, y, null, null).forecast(null).mean(), auto.forecast(null).mean(), 1e-9);
        // by default the best three are averaged, in the order of their scores, if they score within AUTO_NEAR of the best
        double[] z = seasonal(60, 2);
        ForecasterCatalog.Fitted three = ForecasterCatalog.builder(6, 12).build().fit(ModelKind.AUTO, z, null, null);
        String[] ranked = three.label().substring(three.label().indexOf("backtest sMAPE ") + 15).split(", ");
        double best = Double.parseDouble(ranked[0].split(" ")[1].replace(")", ""));
        String[] near = Arrays.stream(ranked).limit(3)
                .filter(r -> Double.parseDouble(r.split(" ")[1].replace(")", "")) <= best * (1 + ForecasterCatalog.AUTO_NEAR)).toArray(String[]::new);
        assertTrue(near.length >= 2, "the test series should give a combination: " + three.label());
        assertEquals(ModelKind.COMB, three.chosen());
        String members = Arrays.stream(near).map(r -> r.split(" ")[0]).reduce((a, b) -> a + "," + b).orElseThrow();
        assertTrue(three.label().startsWith("auto → comb(" + members + ")"), three.label());
        double prev = -1;
        for (String r : ranked) { double v = Double.parseDouble(r.split(" ")[1].replace(")", "")); assertTrue(v >= prev, three.label()); prev = v; }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(6, 12).autoTop(0).build());
        assertEquals("ForecasterCatalog: auto combines at least one model; expected >= 1, got 0", e.getMessage());
    }

    @Test void autoChoosesTheSameOnOneThreadAndOnSeveral() {
        double[] z = seasonal(60, 2);
        ForecasterCatalog.Fitted one = ForecasterCatalog.builder(6, 12).build().fit(ModelKind.AUTO, z, null, null);
        ForecasterCatalog.Fitted three = ForecasterCatalog.builder(6, 12).autoThreads(3).build().fit(ModelKind.AUTO, z, null, null);
        assertEquals(one.label(), three.label());
        Forecast a = one.forecast(null), b = three.forecast(null);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertArrayEquals(a.lower(), b.lower(), 0);
        assertArrayEquals(a.upper(), b.upper(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(6, 12).autoThreads(0).build());
        assertEquals("ForecasterCatalog: auto needs at least one thread; expected >= 1, got 0", e.getMessage());
    }

    @Test void namesAndErrors() {
        assertEquals(ModelKind.HOLT_WINTERS, ModelKind.of("Holt-Winters"));
        assertEquals("holt-winters", ModelKind.HOLT_WINTERS.id());
        assertEquals(21, ModelKind.ids().size());   // ... nbeats, deepar
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.of("prophet"));
        assertTrue(e.getMessage().startsWith("ModelKind.of: unknown forecasting model; expected one of [lstm, gru, seq2seq, transformer, arima,"), e.getMessage());
        assertEquals(Transform.BOXCOX, Transform.of("BoxCox"));
        assertEquals(1.0, Transform.LOG.fit(new double[]{1, 2}).forward(Math.E), 1e-12);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Transform.of("sqrt"));
        assertEquals("Transform.of: unknown transform; expected none, log or boxcox, got sqrt", t.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(3, 12).level(95).build());
        assertEquals("ForecasterCatalog: level must be in (0, 1); expected 0 < level < 1, got 95.0", l.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(3, 1).build().fit(ModelKind.SNAIVE, seasonal(30, 3), null, null));
        assertEquals("ForecasterCatalog: snaive needs a seasonal period; expected >= 2, got 1 (Hint: pass --period N)", s.getMessage());
    }

    @Test void periodIsInferredFromTimeLabels() {
        assertEquals(12, SeasonalPeriod.infer(new String[]{"1949-01", "1949-02"}));
        assertEquals(12, SeasonalPeriod.infer(new String[]{"2002 Jan", "2002 Feb"}));
        assertEquals(4, SeasonalPeriod.infer(new String[]{"1970 Q1", "1970 Q2"}));
        assertEquals(4, SeasonalPeriod.infer(new String[]{"1970-01-01", "1970-04-01"}));
        assertEquals(7, SeasonalPeriod.infer(new String[]{"2014-01-01", "2014-01-02"}));
        assertEquals(48, SeasonalPeriod.infer(new String[]{"2014-01-01T00:00:00Z", "2014-01-01T00:30:00Z"}));
        assertEquals(24, SeasonalPeriod.infer(new String[]{"2014-01-01T00:00:00Z", "2014-01-01T01:00:00Z"}));
        assertEquals(1, SeasonalPeriod.infer(new String[]{"1", "2"}));
        assertEquals(1, SeasonalPeriod.infer(new String[]{"1949-01"}));
    }

    /** A seeded series: linear trend, a cycle of {@code period} (none if 1) of amplitude {@code amp}, Gaussian noise of sd 1. */
    static double[] cycle(int n, int period, double amp, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 50 + 0.3 * t + (period > 1 ? amp * Math.sin(2 * Math.PI * t / period) + 0.5 * amp * Math.cos(4 * Math.PI * t / period) : 0) + r.nextGaussian();
        return y;
    }

    @Test void periodIsInferredFromTheValuesWhenTheLabelsCannotTell() {
        String[] index = new String[96], years = new String[96];
        for (int t = 0; t < 96; t++) { index[t] = String.valueOf(t + 1); years[t] = String.valueOf(1900 + t); }
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(12, SeasonalPeriod.infer(index, cycle(96, 12, 3, seed)).period(), "monthly cycle, seed " + seed);
            assertEquals(4, SeasonalPeriod.fromValues(cycle(40, 4, 3, seed)), "quarterly cycle, 40 points, seed " + seed);
            assertEquals(7, SeasonalPeriod.fromValues(cycle(70, 7, 3, seed)), "weekly cycle, seed " + seed);
            assertEquals(1, SeasonalPeriod.fromValues(cycle(96, 1, 0, seed)), "trend and noise, seed " + seed);
        }
        assertEquals(new SeasonalPeriod.Inferred(12, "values"), SeasonalPeriod.infer(index, cycle(96, 12, 3, 1)));
        // labels that tell win: consecutive years are yearly even where the values cycle
        assertEquals(new SeasonalPeriod.Inferred(1, "labels"), SeasonalPeriod.infer(years, cycle(96, 12, 3, 1)));
        assertEquals(1, SeasonalPeriod.fromValues(new double[] {1, 2, 3, 4, 5}));
    }
}
