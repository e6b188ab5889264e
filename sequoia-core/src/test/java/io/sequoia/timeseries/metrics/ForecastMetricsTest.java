package io.sequoia.timeseries.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ForecastMetricsTest {
    static final double[] A = {10, 20, 30, 40}, F = {12, 18, 33, 40};

    @Test void pointMetricsByHand() {
        assertEquals(7 / 4.0, ForecastMetrics.mae(A, F), 1e-12);
        assertEquals(Math.sqrt(17 / 4.0), ForecastMetrics.rmse(A, F), 1e-12);
        assertEquals(100 * (0.2 + 0.1 + 0.1) / 4, ForecastMetrics.mape(A, F), 1e-12);
        assertEquals(100 * (2 * 2 / 22.0 + 2 * 2 / 38.0 + 2 * 3 / 63.0) / 4, ForecastMetrics.smape(A, F), 1e-12);
    }

    @Test void maseScalesByInSampleSeasonalNaive() {
        double[] train = {1, 2, 4, 3, 5, 7};
        // in-sample |y_t - y_{t-2}| = 3, 1, 1, 4 -> mean 2.25
        assertEquals(1.75 / 2.25, ForecastMetrics.mase(A, F, train, 2), 1e-12);
    }

    @Test void coverageCountsInsideIntervals() {
        assertEquals(0.5, ForecastMetrics.coverage(A, new double[]{9, 21, 29, 41}, new double[]{11, 22, 31, 42}), 1e-12);
    }

    @Test void errorsNameTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecastMetrics.rmse(A, new double[]{1}));
        assertEquals("ForecastMetrics.rmse: actual and forecast must have the same length; expected 4, got 1", e.getMessage());
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> ForecastMetrics.mape(new double[]{0}, new double[]{1}));
        assertEquals("ForecastMetrics.mape: actual values must be non-zero; expected y != 0, got 0.0 (index 0. Hint: use smape or mase)", z.getMessage());
    }
}
