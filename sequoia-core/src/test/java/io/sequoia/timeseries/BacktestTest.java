package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSplit;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class BacktestTest {
    static double[] randomWalk(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 1; i < n; i++) y[i] = y[i - 1] + r.nextGaussian();
        return y;
    }

    @Test void foldsComeFromTheCataloguesHorizon() {
        ForecasterCatalog c = ForecasterCatalog.builder(6, 12).build();
        assertEquals(List.of(new TimeSplit(54, 6)), Backtest.holdOut(c, 60).folds());
        assertEquals(List.of(new TimeSplit(42, 6), new TimeSplit(48, 6), new TimeSplit(54, 6)), Backtest.rollingOrigin(c, 60, 3).folds());
        Backtest future = Backtest.beyondEnd(c, 60);
        assertTrue(future.beyondEnd());
        Backtest.Result r = future.run(ModelKind.NAIVE, randomWalk(60, 1), null, null, null);
        assertTrue(r.metrics().isEmpty());
        assertEquals(6, r.forecasts().get(0).mean().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backtest.rollingOrigin(c, 60, 8));
        assertEquals("TimeSplit.rollingOrigin: the first fold must keep at least minTrain training points; expected >= 26, got 12 (n 60, folds 8, horizon 6)", e.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> Backtest.holdOut(c, 60).run(ModelKind.NAIVE, new double[59], null, null, null));
        assertEquals("Backtest.run: the series must have the length the folds were made for; expected 60, got 59", len.getMessage());
    }

    @Test void metricsAreTheFoldAverageOfEachFoldsScores() {
        double[] y = randomWalk(80, 2);
        ForecasterCatalog c = ForecasterCatalog.builder(5, 1).transform(Transform.NONE).build();
        Backtest b = Backtest.rollingOrigin(c, 80, 4);
        Backtest.Result r = b.run(ModelKind.DRIFT, y, null, null, null);
        double sum = 0;
        for (int f = 0; f < 4; f++) {
            TimeSplit s = b.folds().get(f);
            Forecast alone = c.fit(ModelKind.DRIFT, Arrays.copyOf(y, s.trainEnd()), null, null).forecast(null);
            assertArrayEquals(alone.mean(), r.forecasts().get(f).mean(), 1e-12);
            sum += ForecastMetrics.rmse(Arrays.copyOfRange(y, s.trainEnd(), s.trainEnd() + 5), alone.mean());
        }
        assertEquals(sum / 4, r.metrics().get("rmse"), 1e-9);
        assertEquals(ModelKind.DRIFT, r.chosen());
    }

    @Test void empiricalCoverageMatchesTheLevel() {
        // a Gaussian random walk: the naive forecaster's one-step interval is exact, so over many origins
        // the share of actual values inside it is the level (binomial spread over 300 folds: sd ≈ 0.023 at 0.8)
        double[] y = randomWalk(400, 3);
        for (double level : new double[]{0.8, 0.95}) {
            ForecasterCatalog c = ForecasterCatalog.builder(1, 1).level(level).build();
            double coverage = Backtest.rollingOrigin(c, 400, 300).run(ModelKind.NAIVE, y, null, null, null).metrics().get("coverage");
            assertEquals(level, coverage, level == 0.8 ? 0.07 : 0.04, "level " + level);
        }
    }

    @Test void aTransformIsFittedOnEachFoldsTrainingPart() {
        // Box-Cox's λ depends on the data it sees: each fold's forecast equals a fit on that fold alone
        double[] y = new double[72];
        for (int i = 0; i < 72; i++) y[i] = Math.exp(0.02 * i) * (10 + 3 * Math.sin(2 * Math.PI * i / 12)) + (i % 5);
        ForecasterCatalog c = ForecasterCatalog.builder(6, 12).transform(Transform.BOXCOX).build();
        Backtest b = Backtest.rollingOrigin(c, 72, 2);
        Backtest.Result r = b.run(ModelKind.SNAIVE, y, null, null, null);
        for (int f = 0; f < 2; f++) {
            double[] train = Arrays.copyOf(y, b.folds().get(f).trainEnd());
            assertArrayEquals(c.fit(ModelKind.SNAIVE, train, null, null).forecast(null).upper(), r.forecasts().get(f).upper(), 1e-9);
            assertNotEquals(Transform.BOXCOX.fit(train).forward(20.0), Transform.BOXCOX.fit(y).forward(20.0), 1e-6);
        }
    }
}
