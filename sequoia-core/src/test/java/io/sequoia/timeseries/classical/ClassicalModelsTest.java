package io.sequoia.timeseries.classical;

import io.sequoia.timeseries.metrics.ForecastMetrics;
import io.sequoia.timeseries.transforms.BoxCox;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ClassicalModelsTest {
    @Test void naiveSeasonalNaiveAndDrift() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new double[]{8, 8}, new NaiveForecaster(NaiveForecaster.Kind.NAIVE, 1).fit(y, null).forecast(2, null, 0.95).mean(), 1e-12);
        assertArrayEquals(new double[]{5, 6, 7, 8, 5}, new NaiveForecaster(NaiveForecaster.Kind.SEASONAL_NAIVE, 4).fit(y, null).forecast(5, null, 0.95).mean(), 1e-12);
        Forecast d = new NaiveForecaster(NaiveForecaster.Kind.DRIFT, 1).fit(y, null).forecast(3, null, 0.95);
        assertArrayEquals(new double[]{9, 10, 11}, d.mean(), 1e-12);
        assertEquals(0, d.upper()[2] - d.lower()[2], 1e-12); // a perfect line has no residual error
    }

    @Test void naiveIntervalGrowsLikeSqrtH() {
        double[] y = {1, 3, 2, 4, 3, 5, 4, 6};
        Forecast f = new NaiveForecaster(NaiveForecaster.Kind.NAIVE, 1).fit(y, null).forecast(4, null, 0.95);
        assertEquals(2 * (f.upper()[0] - f.mean()[0]), f.upper()[3] - f.mean()[3], 1e-9);
        assertEquals(1.959964, (f.upper()[0] - f.mean()[0]) / Math.sqrt(new NaiveForecaster(NaiveForecaster.Kind.NAIVE, 1).fit(y, null).parameters().get("sigma2")), 1e-5);
    }

    @Test void unfittedModelIsALifecycleError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Arima(ArimaOrder.of(1, 0, 0)).forecast(3, null, 0.95));
        assertEquals("Arima.forecast: the model has not been fitted. Hint: call fit(y, xreg) first", e.getMessage());
    }

    @Test void sesOnAConstantSeriesForecastsTheConstant() {
        double[] y = new double[30];
        Arrays.fill(y, 4.0);
        Forecast f = ExponentialSmoothing.simple().fit(y, null).forecast(3, null, 0.95);
        assertArrayEquals(new double[]{4, 4, 4}, f.mean(), 1e-6);
    }

    @Test void holtFollowsALinearTrend() {
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) y[i] = 2 + 0.5 * i;
        Forecast f = new ExponentialSmoothing(ExponentialSmoothing.Trend.ADDITIVE, ExponentialSmoothing.Season.NONE, 1).fit(y, null).forecast(2, null, 0.95);
        assertArrayEquals(new double[]{22, 22.5}, f.mean(), 1e-3);
    }

    @Test void holtWintersBeatsSeasonalNaiveOnAirlineLogs() throws Exception {
        double[] y = BoxCox.log().forward(ArimaTest.airline());
        double[] train = Arrays.copyOf(y, 120), test = Arrays.copyOfRange(y, 120, 144);
        ExponentialSmoothing hw = new ExponentialSmoothing(ExponentialSmoothing.Trend.ADDITIVE, ExponentialSmoothing.Season.ADDITIVE, 12).fit(train, null);
        double hwRmse = ForecastMetrics.rmse(test, hw.forecast(24, null, 0.95).mean());
        double snRmse = ForecastMetrics.rmse(test, new NaiveForecaster(NaiveForecaster.Kind.SEASONAL_NAIVE, 12).fit(train, null).forecast(24, null, 0.95).mean());
        assertTrue(hwRmse < snRmse, hwRmse + " vs " + snRmse);
        assertTrue(hw.parameters().get("alpha") > 0 && hw.parameters().get("alpha") < 1);
    }

    @Test void multiplicativeHoltWintersNeedsPositiveValues() {
        double[] y = new double[30];
        y[3] = -1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialSmoothing(ExponentialSmoothing.Trend.ADDITIVE, ExponentialSmoothing.Season.MULTIPLICATIVE, 4).fit(y, null));
        assertEquals("ExponentialSmoothing.fit: multiplicative seasonality needs positive values; expected > 0, got 0.0", e.getMessage());
    }

    @Test void arimaForecastOfAirlineIsCloseAndIntervalsWiden() throws Exception {
        double[] y = BoxCox.log().forward(ArimaTest.airline());
        Arima m = new Arima(new ArimaOrder(0, 1, 1, 0, 1, 1, 12)).fit(Arrays.copyOf(y, 120), null);
        Forecast f = m.forecast(24, null, 0.95);
        double rmse = ForecastMetrics.rmse(Arrays.copyOfRange(y, 120, 144), f.mean());
        assertTrue(rmse < 0.1, "log-scale rmse " + rmse);
        assertTrue(f.upper()[23] - f.lower()[23] > f.upper()[0] - f.lower()[0]);
        // R: predict(arima(log(AirPassengers[1:120]), ...), 1)$se is sqrt(sigma2) at h = 1
        assertEquals(Math.sqrt(m.sigma2()) * 1.959964, f.upper()[0] - f.mean()[0], 1e-5);
    }

    @Test void arimaAr1RecoversTheCoefficient() {
        java.util.Random rnd = new java.util.Random(3);
        double[] y = new double[500];
        for (int i = 1; i < y.length; i++) y[i] = 0.6 * y[i - 1] + rnd.nextGaussian();
        Arima m = new Arima(ArimaOrder.of(1, 0, 0)).fit(y, null);
        assertEquals(0.6, m.parameters().get("ar1"), 0.07);
        assertEquals(1.0, m.sigma2(), 0.15);
    }

    @Test void autoArimaChoosesSeasonalDifferencingForAirline() throws Exception {
        double[] y = BoxCox.log().forward(ArimaTest.airline());
        Arima m = AutoArima.fit(y, null, null, 12, 1);
        assertEquals(1, m.order().sd());
        assertEquals(1, m.order().d());
    }

    @Test void interceptWithDifferencingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Arima(ArimaOrder.of(0, 1, 1), true, null));
        assertEquals("Arima: an intercept is only identified without differencing; expected d = D = 0, got ARIMA(0,1,1) (Hint: drop the mean or the differencing)", e.getMessage());
    }

    @Test void nelderMeadFindsTheRosenbrockMinimum() {
        NelderMead.Result r = NelderMead.minimize(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[]{-1.2, 1}, 0.5, 1e-14, 20000);
        assertArrayEquals(new double[]{1, 1}, r.x(), 1e-4);
    }

    @Test void normalQuantile() {
        assertEquals(1.959964, Normal.quantile(0.975), 1e-6);
        assertEquals(-2.326348, Normal.quantile(0.01), 1e-6);
    }
}
