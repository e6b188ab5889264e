package io.sequoia.timeseries.neural;

import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Normal;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The requested interval level is honoured by every neural interval kind. */
class IntervalLevelTest {
    static final double Z80 = Normal.quantile(0.9), Z95 = Normal.quantile(0.975);

    static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 5 + r.nextGaussian();
        return y;
    }

    static NeuralConfig.Builder small() {
        return NeuralConfig.builder().lookback(12).horizon(4).hiddenSize(8).epochs(30).batchSize(16).lr(1e-2).patience(10)
                .normalize(NeuralConfig.Normalize.NONE);
    }

    static double width(Forecast f, int i) { return f.upper()[i] - f.lower()[i]; }

    @Test void gaussianHeadWidthsScaleWithTheNormalQuantile() {
        NeuralForecaster f = new NeuralForecaster(small().head(NeuralConfig.Head.GAUSSIAN).build()).fit(noise(200, 1), null);
        Forecast a = f.forecast(4, null, 0.8), b = f.forecast(4, null, 0.95);
        for (int i = 0; i < 4; i++) {
            assertEquals(Z80 / Z95, width(a, i) / width(b, i), 1e-9, "step " + i);
            assertEquals(a.mean()[i], b.mean()[i], 1e-12);
        }
        assertEquals(0.8, a.level());
    }

    @Test void mcDropoutWidthsScaleWithTheNormalQuantileAndRepeat() {
        NeuralForecaster f = new NeuralForecaster(small().dropout(0.3).mcSamples(20).build()).fit(noise(200, 2), null);
        Forecast a = f.forecast(4, null, 0.8), b = f.forecast(4, null, 0.95);
        for (int i = 0; i < 4; i++) {
            assertTrue(width(a, i) > 0);
            assertEquals(Z80 / Z95, width(a, i) / width(b, i), 1e-9, "step " + i);
        }
    }

    @Test void seedEnsembleAveragesBoundsAtTheRequestedLevel() {
        SeedEnsemble e = new SeedEnsemble(small().head(NeuralConfig.Head.GAUSSIAN).epochs(5).build(), 2).fit(noise(120, 5), null);
        Forecast a = e.forecast(4, null, 0.8), b = e.forecast(4, null, 0.95);
        for (int i = 0; i < 4; i++) assertEquals(Z80 / Z95, width(a, i) / width(b, i), 1e-9, "step " + i);
    }

    @Test void quantileHeadLearnsTheQuantilesOfItsLevel() {
        // white noise with sd 1: the central 80 % interval is ±1.28 wide on each side, the 95 % one ±1.96
        double[] y = noise(400, 3);
        Forecast a = new NeuralForecaster(small().head(NeuralConfig.Head.QUANTILE).level(0.8).build()).fit(y, null).forecast(4, null, 0.8);
        NeuralForecaster f95 = new NeuralForecaster(small().head(NeuralConfig.Head.QUANTILE).level(0.95).build()).fit(y, null);
        Forecast b = f95.forecast(4, null, 0.95);
        for (int i = 0; i < 4; i++) {
            assertTrue(width(a, i) < width(b, i), "step " + i);
            assertEquals(2 * Z80, width(a, i), 0.7, "80 % width, step " + i);
            assertEquals(2 * Z95, width(b, i), 1.0, "95 % width, step " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f95.forecast(4, null, 0.8));
        assertEquals("NeuralForecaster.forecast: a quantile head gives intervals only at the level it was trained for; expected 0.95, got 0.8 "
                + "(Hint: build the configuration with level 0.8)", e.getMessage());
    }

    @Test void recursiveSamplePathsUseTheRequestedLevel() {
        NeuralForecaster f = new NeuralForecaster(small().head(NeuralConfig.Head.GAUSSIAN).strategy(NeuralConfig.Strategy.RECURSIVE).build())
                .fit(noise(200, 4), null);
        Forecast a = f.forecast(4, null, 0.8), b = f.forecast(4, null, 0.95);
        for (int i = 0; i < 4; i++) {
            assertTrue(b.lower()[i] < a.lower()[i] && a.upper()[i] < b.upper()[i], "step " + i);
            assertEquals(a.mean()[i], b.mean()[i], 1e-12); // the same paths
        }
    }

    @Test void centralIntervalCoversItsLevelOfTheSample() {
        Random r = new Random(7);
        double[] s = new double[NeuralForecaster.RECURSIVE_PATHS];
        for (int i = 0; i < s.length; i++) s[i] = r.nextGaussian();
        for (double level : new double[]{0.5, 0.8, 0.95}) {
            double[] band = NeuralForecaster.centralInterval(s, level);
            int inside = 0;
            for (double v : s) if (v >= band[0] && v <= band[1]) inside++;
            double share = inside / (double) s.length;
            assertTrue(share >= level && share <= level + 2.0 / s.length, level + ": " + share);
        }
    }
}
