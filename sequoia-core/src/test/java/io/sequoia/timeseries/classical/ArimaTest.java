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
        assertEquals(1695.085, c.aic(), 0.01);
        double[] sun = SeriesCsv.read(DATA.resolve("timeseries/monthly-sunspots.csv"), "Sunspots").target();
        Arima s = AutoArima.fit(sun, null, null, 12, 2);
        assertEquals("ARIMA(2,1,2)", s.order().toString());
        assertEquals(23500.99, s.aic(), 0.01);
    }
}
