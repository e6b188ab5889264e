package io.sequoia.timeseries;

import io.sequoia.io.ModelFolder;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.neural.NeuralConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A forecaster folder forecasts as the catalogue's fit does: classical refitted per series, neural from its saved network. */
class ForecasterFolderTest {
    @TempDir Path tmp;

    static double[] seasonal(int n, double phase) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 100 + 0.5 * t + 10 * Math.sin(2 * Math.PI * t / 12 + phase) + 2 * Math.cos(1.7 * t);
        return y;
    }

    @Test void classicalFolderFitsEachSeriesItIsGiven() throws Exception {
        ForecasterCatalog c = ForecasterCatalog.builder(6, 12).level(0.8).transform(Transform.LOG).build();
        double[] train = seasonal(60, 0), other = seasonal(48, 1.3);
        ForecasterFolder.save(tmp.resolve("ets"), c, c.fit(ModelKind.ETS, train, null, null), null);
        assertEquals(ForecasterFolder.TASK, ModelFolder.task(tmp.resolve("ets")));
        ForecasterFolder f = ForecasterFolder.load(tmp.resolve("ets"));
        assertFalse(f.isNeural());
        assertEquals(6, f.horizon());
        Forecast got = f.forecast(other, 9, 0.9);
        Forecast want = ForecasterCatalog.builder(9, 12).level(0.9).transform(Transform.LOG).build().fit(ModelKind.ETS, other, null, null).forecast(null);
        assertArrayEquals(want.mean(), got.mean(), 1e-9);
        assertArrayEquals(want.lower(), got.lower(), 1e-9);
        assertArrayEquals(want.upper(), got.upper(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(new double[]{1, Double.NaN}, 3, 0.9));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test void neuralFolderForecastsAsTheTrainedModelAndReadsAnyHistory() throws Exception {
        NeuralConfig n = NeuralConfig.forPeriod(12).toBuilder().hiddenSize(4).epochs(2).head(NeuralConfig.Head.GAUSSIAN).build();
        ForecasterCatalog c = ForecasterCatalog.builder(6, 12).level(0.9).neural(n).transform(Transform.BOXCOX).build();
        double[] train = seasonal(72, 0);
        ForecasterCatalog.Fitted fitted = c.fit(ModelKind.GRU, train, null, null);
        ForecasterFolder.save(tmp.resolve("gru"), c, fitted, null);
        ForecasterFolder f = ForecasterFolder.load(tmp.resolve("gru"));
        assertTrue(f.isNeural());
        assertEquals(6, f.maxHorizon());
        assertEquals(24, f.minLength());
        Forecast want = fitted.forecast(null), got = f.forecast(train, 6, 0.9);
        assertArrayEquals(want.mean(), got.mean(), 1e-9);
        assertArrayEquals(want.upper(), got.upper(), 1e-9);
        double[] shifted = seasonal(40, 0.5);
        Forecast other = f.forecast(shifted, 4, 0.5);
        assertEquals(4, other.mean().length);
        for (int i = 0; i < 4; i++) assertTrue(other.lower()[i] <= other.mean()[i] && other.mean()[i] <= other.upper()[i]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(seasonal(10, 0), 3, 0.9));
        assertTrue(e.getMessage().contains("lookback"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.forecast(train, 7, 0.9));
        assertTrue(e.getMessage().contains("at most the horizon"), e.getMessage());
    }

    @Test void anEnsembleIsRefused() {
        NeuralConfig n = NeuralConfig.forPeriod(12).toBuilder().hiddenSize(4).epochs(1).build();
        ForecasterCatalog c = ForecasterCatalog.builder(3, 12).neural(n).ensemble(2).build();
        ForecasterCatalog.Fitted fitted = c.fit(ModelKind.LSTM, seasonal(60, 0), null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecasterFolder.save(tmp.resolve("x"), c, fitted, null));
        assertTrue(e.getMessage().contains("one network"), e.getMessage());
    }
}
