package io.sequoia.timeseries.neural;

import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class NeuralForecasterTest {
    static double[] sine(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 10 + Math.sin(2 * Math.PI * i / 12) + 0.02 * i;
        return y;
    }

    static NeuralConfig small() {
        return NeuralConfig.defaults().withWindow(12, 6).withSize(16, 1).withTraining(60, 16, 1e-2, 15);
    }

    static double rmse(NeuralForecaster f, double[] y, int test) {
        f.fit(Arrays.copyOf(y, y.length - test), null);
        return ForecastMetrics.rmse(Arrays.copyOfRange(y, y.length - test, y.length), f.forecast(test, null, 0.95).mean());
    }

    @Test void directLstmLearnsASeasonalSine() {
        double r = rmse(new NeuralForecaster(small()), sine(120), 6);
        assertTrue(r < 0.25, "rmse " + r);
    }

    @Test void recursiveGruAndSeq2seqAndTransformerLearnToo() {
        assertTrue(rmse(new NeuralForecaster(small().withArch(NeuralConfig.Arch.GRU).withStrategy(NeuralConfig.Strategy.RECURSIVE)), sine(120), 6) < 0.3);
        assertTrue(rmse(new NeuralForecaster(small().withArch(NeuralConfig.Arch.SEQ2SEQ)), sine(120), 6) < 0.3);
        assertTrue(rmse(new NeuralForecaster(small().withArch(NeuralConfig.Arch.TRANSFORMER)), sine(120), 6) < 0.4);
    }

    @Test void gaussianAndQuantileHeadsGiveOrderedIntervals() {
        for (NeuralConfig.Head head : new NeuralConfig.Head[]{NeuralConfig.Head.GAUSSIAN, NeuralConfig.Head.QUANTILE}) {
            NeuralForecaster f = new NeuralForecaster(small().withHead(head).withLevel(0.9)).fit(sine(120), null);
            Forecast fc = f.forecast(6, null, 0.9);
            for (int i = 0; i < 6; i++) assertTrue(fc.lower()[i] <= fc.mean()[i] && fc.mean()[i] <= fc.upper()[i], head + " step " + i);
        }
    }

    @Test void mcDropoutGivesIntervalsForAPointHead() {
        NeuralForecaster f = new NeuralForecaster(small().withDropout(0.2, 20)).fit(sine(120), null);
        Forecast fc = f.forecast(6, null, 0.9);
        assertNotNull(fc.lower());
        assertTrue(fc.upper()[0] > fc.lower()[0]);
    }

    @Test void futureCovariatesDriveTheForecast() {
        // y is 3·x plus noise, where x is a known-in-advance random plan: without x the target is unpredictable
        java.util.Random rnd = new java.util.Random(5);
        int n = 200;
        double[] y = new double[n];
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) { x[i][0] = rnd.nextGaussian(); y[i] = 3 * x[i][0] + 0.1 * rnd.nextGaussian(); }
        NeuralConfig c = small().withWindow(8, 4).withNormalize(NeuralConfig.Normalize.NONE, 1);
        NeuralForecaster with = new NeuralForecaster(c).fit(Arrays.copyOf(y, n - 4), null, Arrays.copyOf(x, n - 4));
        double[] actual = Arrays.copyOfRange(y, n - 4, n);
        double rWith = ForecastMetrics.rmse(actual, with.forecast(4, Arrays.copyOfRange(x, n - 4, n), 0.95).mean());
        double rWithout = ForecastMetrics.rmse(actual, new NeuralForecaster(c).fit(Arrays.copyOf(y, n - 4), null).forecast(4, null, 0.95).mean());
        assertTrue(rWith < 0.5 * rWithout, rWith + " vs " + rWithout);
    }

    @Test void errorsNameTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeuralConfig.defaults().withDropout(0, 10));
        assertEquals("NeuralConfig: MC dropout needs dropout > 0; expected > 0, got 0.0 (mcSamples 10)", e.getMessage());
        NeuralForecaster f = new NeuralForecaster(small());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> f.forecast(3, null, 0.95));
        assertEquals("NeuralForecaster.forecast: the model has not been fitted. Hint: call fit first", s.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> f.fit(new double[10], null));
        assertEquals("NeuralForecaster.fit: series too short for lookback + horizon; expected >= 20, got 10 (lookback 12, horizon 6)", tooLong.getMessage());
        f.fit(sine(60), null);
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> f.forecast(7, null, 0.95));
        assertEquals("NeuralForecaster.forecast: a direct model forecasts at most the horizon it was trained for; expected <= 6, got 7 (Hint: train with --horizon 7)", h.getMessage());
    }

    @Test void seedEnsembleOfOneEqualsItsMember() {
        NeuralConfig c = small().withTraining(5, 16, 1e-2, 5).withSeed(9);
        double[] a = new SeedEnsemble(c, 1).fit(sine(60), null).forecast(6, null, 0.95).mean();
        double[] b = new NeuralForecaster(c).fit(sine(60), null).forecast(6, null, 0.95).mean();
        assertArrayEquals(b, a, 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeedEnsemble(c, 0));
        assertEquals("SeedEnsemble: k must be at least 1; expected >= 1, got 0", e.getMessage());
    }

    @Test void pastCovariatesAreSeenInTheLookbackOnly() {
        double[] y = sine(80);
        double[][] past = new double[80][2];
        for (int i = 0; i < 80; i++) { past[i][0] = Math.cos(i); past[i][1] = i % 7; }
        NeuralForecaster f = new NeuralForecaster(small().withTraining(5, 16, 1e-2, 5)).fit(y, past, null);
        assertEquals(6, f.forecast(6, null, 0.95).mean().length); // no future values of past-only covariates needed
        NeuralConfig rec = small().withStrategy(NeuralConfig.Strategy.RECURSIVE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeuralForecaster(rec).fit(y, past, null));
        assertEquals("NeuralForecaster.fit: recursive forecasts cannot use covariates known only in the past; expected future covariates or none, "
                + "got past covariates (Hint: use the direct strategy or pass them as future covariates)", e.getMessage());
    }

    @Test void forecastNetIsRebuiltFromItsConfig() {
        NeuralConfig c = small().toBuilder().arch(NeuralConfig.Arch.SEQ2SEQ).head(NeuralConfig.Head.QUANTILE).numLayers(2).build();
        ForecastNet net = new ForecastNet(c, 3, 2);
        ForecastNet back = (ForecastNet) io.sequoia.nn.ModuleRegistry.build(io.sequoia.nn.ModuleRegistry.describe(net));
        back.loadStateDict(net.stateDict(), true);
        net.train(false);
        back.train(false);
        io.sequoia.autograd.Tensor past = io.sequoia.autograd.Tensor.randn(2, 12, 3), future = io.sequoia.autograd.Tensor.randn(2, 6, 2);
        assertEquals(net.config(), back.config());
        assertArrayEquals(net.forward(past, future).toFloatArray(), back.forward(past, future).toFloatArray(), 0f);
    }
}
