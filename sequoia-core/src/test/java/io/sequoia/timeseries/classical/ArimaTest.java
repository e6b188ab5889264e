package io.sequoia.timeseries.classical;

import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.transforms.BoxCox;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ArimaTest {
    static final Path DATA = Paths.get("..", "..", "shared", "data");

    static double[] airline() throws Exception {
        return SeriesCsv.read(DATA.resolve("timeseries/airline-passengers.csv"), "Passengers").target();
    }

    @Test void airlineModelMatchesR() throws Exception {
        double[] y = BoxCox.log().forward(airline());
        Arima m = new Arima(new ArimaOrder(0, 1, 1, 0, 1, 1, 12)).fit(y, null);
        Map<String, Double> p = m.parameters();
        System.out.println(p);
        assertEquals(-0.4018, p.get("ma1"), 2e-3);
        assertEquals(-0.5569, p.get("sma1"), 2e-3);
        assertEquals(0.001348, p.get("sigma2"), 1e-5);
        assertEquals(244.7, p.get("loglik"), 0.06);
        assertEquals(-483.4, p.get("aic"), 0.1);
        assertEquals(131, m.nobs());
    }

    @Test void usConsumptionOnIncomeWithArma12Errors() throws Exception {
        TimeSeries s = SeriesCsv.read(DATA.resolve("dynreg/uschange.csv"), "Consumption", "Time", List.of("Income"), SeriesCsv.Missing.ERROR);
        Arima m = new Arima(ArimaOrder.of(1, 0, 2), true, List.of("Income")).fit(s.target(), s.matrix(List.of("Income")));
        Map<String, Double> p = m.parameters();
        System.out.println(p);
        assertEquals(0.20, p.get("Income"), 0.01);
    }

    @Test void regressionForecastNeedsFutureRegressors() throws Exception {
        TimeSeries s = SeriesCsv.read(DATA.resolve("dynreg/uschange.csv"), "Consumption", "Time", List.of("Income"), SeriesCsv.Missing.ERROR);
        Arima m = new Arima(ArimaOrder.of(1, 0, 2), true, List.of("Income")).fit(s.target(), s.matrix(List.of("Income")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forecast(4, null, 0.95));
        assertEquals("Arima.forecast: future regressors are needed for every forecast step; expected 4 rows, got none (a model with 1 regressors)", e.getMessage());
        // with income held at its mean the forecast tends to intercept + 0.20·mean(income) / long-run mean
        double[][] x = new double[40][1];
        double mean = java.util.Arrays.stream(s.covariate("Income")).average().orElseThrow();
        for (double[] r : x) r[0] = mean;
        double[] f = m.forecast(40, x, 0.95).mean();
        assertEquals(m.parameters().get("intercept") + m.parameters().get("Income") * mean, f[39], 1e-3);
    }

    /**
     * The stepwise search picks R's airline model on log passengers (auto.arima's answer), and the same orders
     * as the Nelder–Mead search before BFGS on car sales and sunspots (ARIMA(1,0,1)(0,1,1)[12] AIC 1695.085,
     * ARIMA(2,1,2) AIC 23500.99, measured with the earlier jar).
     */
    @Test void autoArimaChoosesTheSameOrdersAsBefore() throws Exception {
        double[] air = BoxCox.log().forward(airline());
        assertEquals("ARIMA(0,1,1)(0,1,1)[12]", AutoArima.fit(air, null, null, 12, 2).order().toString());
        double[] cars = SeriesCsv.read(DATA.resolve("timeseries/monthly-car-sales.csv"), "Sales").target();
        Arima c = AutoArima.fit(cars, null, null, 12, 2);
        assertEquals("ARIMA(1,0,1)(0,1,1)[12]", c.order().toString());
        assertFalse(c.drift());
        assertEquals(1695.085, c.aic(), 0.01);
        // d + D = 1, so with allowDrift (R's allowdrift) the drift is a candidate, and it lowers the AIC
        Arima cd = AutoArima.fit(cars, null, null, 12, 2, true, true);
        assertEquals("ARIMA(1,0,1)(0,1,1)[12]", cd.order().toString());
        assertTrue(cd.drift());
        assertEquals(1690.453, cd.aic(), 0.01);
        double[] sun = SeriesCsv.read(DATA.resolve("timeseries/monthly-sunspots.csv"), "Sunspots").target();
        Arima s = AutoArima.fit(sun, null, null, 12, 2);
        assertEquals("ARIMA(2,1,2)", s.order().toString());
        assertFalse(AutoArima.fit(sun, null, null, 12, 2, true, true).drift(), "the drift does not lower the sunspots' AIC");
        assertEquals(23500.99, s.aic(), 0.01);
    }

    /** ARIMA(0,1,1) with drift c: y_t = y_{t-1} + c + e_t + θ e_{t-1}, e ~ N(0, σ²). */
    static double[] simulateIma(java.util.Random r, int n, double c, double theta, double sigma) {
        double[] y = new double[n];
        double prev = 0, level = 100;
        for (int t = 0; t < n; t++) {
            double e = sigma * r.nextGaussian();
            level += c + e + theta * prev;
            prev = e;
            y[t] = level;
        }
        return y;
    }

    /** auto's backtest re-estimates a searched model on a longer stretch: the copy keeps order, intercept and drift, and no fitted state. */
    @Test void unfittedKeepsTheStructureOnly() {
        double[] y = simulateIma(new java.util.Random(7), 200, 0.8, -0.3, 1.0);
        Arima drift = new Arima(new ArimaOrder(0, 1, 1, 0, 0, 0, 1), false, true, null).fit(y, null);
        double[] z = new double[150];
        for (int t = 0; t < z.length; t++) z[t] = 10 + Math.sin(t) + 0.01 * (t % 7);
        Arima mean = new Arima(new ArimaOrder(1, 0, 0, 0, 0, 0, 1), true, null).fit(z, null);
        for (Arima[] pair : new Arima[][]{{drift, drift.unfitted()}, {mean, mean.unfitted()}}) {
            Arima copy = pair[1];
            assertTrue(copy.parameters().isEmpty(), "not fitted yet");
            assertThrows(IllegalStateException.class, copy::aic);
            assertEquals(pair[0].order(), copy.order());
            assertEquals(pair[0].drift(), copy.drift());
            copy.fit(pair[0] == drift ? y : z, null);
            assertEquals(pair[0].parameters(), copy.parameters());   // same data, same structure: the same estimates, intercept and drift included
        }
        assertTrue(mean.parameters().containsKey("intercept"), mean.parameters().toString());
        assertTrue(drift.parameters().containsKey("drift"), drift.parameters().toString());
    }

    @Test void driftIsEstimatedAndForecastAlongTheTimeIndex() {
        double[] y = simulateIma(new java.util.Random(7), 200, 0.8, -0.3, 1.0);
        Arima m = new Arima(new ArimaOrder(0, 1, 1, 0, 0, 0, 1), false, true, null).fit(y, null);
        assertEquals(0.8, m.parameters().get("drift"), 0.15);
        assertEquals(-0.3, m.parameters().get("ma1"), 0.15);
        Forecast f = m.forecast(10, null, 0.95);
        // the mean grows by the drift per step once the MA term has been used
        for (int h = 2; h < 10; h++) assertEquals(m.parameters().get("drift"), f.mean()[h] - f.mean()[h - 1], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Arima(new ArimaOrder(0, 1, 1, 0, 1, 1, 12), false, true, null));
        // the search keeps the drift on a series with one, and leaves it out on one without
        assertTrue(AutoArima.fit(y, null, null, 1, 2, true, true).drift());
        assertFalse(AutoArima.fit(y, null, null, 1, 2).drift());
        assertFalse(AutoArima.fit(simulateIma(new java.util.Random(8), 200, 0.0, -0.3, 1.0), null, null, 1, 2, true, true).drift());
    }

    /**
     * Empirical coverage of the 95 % interval on data generated by the model itself (auto-ARIMA's search,
     * parameters estimated, 100 points, next 12 held out): the formulas must cover close to 95 % when the
     * model is right. Parameter and order uncertainty are not in the formulas, so slightly under 95 % is expected.
     */
    @Test void intervalsCoverNinetyFivePercentOnGeneratedData() {
        double with = coverageOnGeneratedData(true), without = coverageOnGeneratedData(false);
        System.out.printf("auto-ARIMA (drift allowed) 95%% coverage on generated IMA(1,1)+drift series: %.4f with R's root rule, %.4f without%n", with, without);
        // measured 0.9194 with the rule and 0.9031 without (seed 11); 0.9261 with the true order given: the rest is
        // parameter uncertainty, which the formulas leave out
        assertTrue(with > 0.91 && with < 0.975, "coverage " + with);
        assertTrue(with > without, "the root rule should raise the coverage: " + with + " vs " + without);
    }

    private static double coverageOnGeneratedData(boolean rootRule) {
        java.util.Random r = new java.util.Random(11);
        int reps = 300, n = 100, h = 12, inside = 0;
        for (int i = 0; i < reps; i++) {
            double[] y = simulateIma(r, n + h, 0.5, -0.4, 2.0);
            double[] train = java.util.Arrays.copyOf(y, n);
            Forecast f = AutoArima.fit(train, null, null, 1, 2, true, rootRule).forecast(h, null, 0.95);
            for (int k = 0; k < h; k++) if (y[n + k] >= f.lower()[k] && y[n + k] <= f.upper()[k]) inside++;
        }
        return inside / (double) (reps * h);
    }
}
