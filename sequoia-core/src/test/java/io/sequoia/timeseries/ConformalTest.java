package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.Forecast;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ConformalTest {
    private static ForecasterCatalog catalog(int h, int period, Conformal.Intervals mode, int windows) {
        return ForecasterCatalog.builder(h, period).intervals(mode, windows).build();
    }

    private static double[] noise(int n, Random r) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 10 + r.nextGaussian();
        return y;
    }

    /** Share of the last {@code h} points of each of {@code count} i.i.d. noise series inside the forecast's interval. */
    private static double coverageOnNoise(ModelKind kind, Conformal.Intervals mode, int count, int n, int h, long seed) {
        Random r = new Random(seed);
        ForecasterCatalog c = catalog(h, 1, mode, 2);
        int in = 0, all = 0;
        for (int s = 0; s < count; s++) {
            double[] y = noise(n + h, r);
            ForecasterCatalog.Fitted f = c.fit(kind, Arrays.copyOf(y, n), null, null);
            if (mode == Conformal.Intervals.CONFORMAL) assertFalse(f.conformal().isFallback(), f.label());
            Forecast fc = f.forecast(null);
            for (int j = 0; j < h; j++, all++) if (y[n + j] >= fc.lower()[j] && y[n + j] <= fc.upper()[j]) in++;
        }
        return (double) in / all;
    }

    /**
     * On i.i.d. noise the errors of the windows are exchangeable with the test's, so the split-conformal 95 % interval
     * covers about 95 % (20 scores: the largest, 20/21 = 0.952 expected). SES's own interval is about right here too;
     * naive's grows with √h where the error does not, so it over-covers, and the conformal one brings it back.
     */
    @Test void coversAboutNominallyOnNoise() {
        double ses = coverageOnNoise(ModelKind.SES, Conformal.Intervals.CONFORMAL, 300, 60, 10, 1);
        assertTrue(ses > 0.93 && ses < 0.975, "ses conformal coverage " + ses);
        double naiveModel = coverageOnNoise(ModelKind.NAIVE, Conformal.Intervals.MODEL, 300, 60, 10, 2);
        double naive = coverageOnNoise(ModelKind.NAIVE, Conformal.Intervals.CONFORMAL, 300, 60, 10, 2);
        assertTrue(naiveModel > 0.98, "naive's own intervals over-cover on noise: " + naiveModel);
        assertTrue(naive > 0.93 && naive < 0.975, "naive conformal coverage " + naive);
    }

    /** On a random walk the per-step widths grow with the step, and the mean is the model's to the last bit. */
    @Test void widthsGrowWithTheStepOnARandomWalkAndTheMeanIsUnchanged() {
        Random r = new Random(3);
        double[] y = new double[200];
        for (int i = 1; i < y.length; i++) y[i] = y[i - 1] + r.nextGaussian();
        for (ModelKind k : List.of(ModelKind.NAIVE, ModelKind.COMB)) {
            ForecasterCatalog.Fitted conf = catalog(12, 1, Conformal.Intervals.CONFORMAL, 3).fit(k, y, null, null);
            ForecasterCatalog.Fitted model = catalog(12, 1, Conformal.Intervals.MODEL, 3).fit(k, y, null, null);
            Forecast a = conf.forecast(null), b = model.forecast(null);
            assertArrayEquals(b.mean(), a.mean(), 0.0, k.id());
            assertEquals(3, conf.conformal().windows(), k.id());
            assertEquals(36, conf.conformal().scores(), k.id());
            assertTrue(conf.label().contains("conformal intervals"), conf.label());
            for (int j = 1; j < 12; j++) {
                assertTrue(a.upper()[j] - a.lower()[j] > a.upper()[j - 1] - a.lower()[j - 1], k.id() + " step " + j + ": " + Arrays.toString(a.upper()));
            }
        }
    }

    /** auto (its backtest runs again in every window) takes conformal intervals too; the mean is unchanged. */
    @Test void autoIsCalibratedToo() {
        Random r = new Random(6);
        double[] y = new double[50];
        for (int i = 0; i < y.length; i++) y[i] = 20 + 0.2 * i + r.nextGaussian();
        for (ModelKind k : List.of(ModelKind.AUTO)) {
            ForecasterCatalog.Fitted conf = ForecasterCatalog.builder(5, 1).intervals(Conformal.Intervals.CONFORMAL, 4).build().fit(k, y, null, null);
            Forecast a = conf.forecast(null), b = ForecasterCatalog.builder(5, 1).build().fit(k, y, null, null).forecast(null);
            assertArrayEquals(b.mean(), a.mean(), 0.0, k.id());
            assertEquals(4, conf.conformal().windows(), conf.label());   // origins 45, 40, 35, 30 keep >= 10 points
            assertTrue(Double.isFinite(conf.conformal().qModel()) && conf.conformal().qModel() > 0, conf.label());
            for (int j = 0; j < 5; j++) assertTrue(a.lower()[j] < a.mean()[j] && a.mean()[j] < a.upper()[j], k.id());
        }
    }

    /** Too short for enough windows: the model's own intervals, and the reason. */
    @Test void shortSeriesKeepTheModelsIntervalsAndSayWhy() {
        double[] y = noise(30, new Random(4));   // h 12, period 1: origins 18 (>= 10 training points) and 6 (< 10): one window, 12 scores < 19
        ForecasterCatalog.Fitted conf = catalog(12, 1, Conformal.Intervals.CONFORMAL, 2).fit(ModelKind.SES, y, null, null);
        Forecast model = catalog(12, 1, Conformal.Intervals.MODEL, 2).fit(ModelKind.SES, y, null, null).forecast(null);
        assertTrue(conf.conformal().isFallback());
        assertTrue(conf.conformal().fallback().contains("room for 1 of 2 windows"), conf.conformal().fallback());
        assertTrue(conf.label().contains("model intervals (too short for conformal intervals"), conf.label());
        assertArrayEquals(model.lower(), conf.forecast(null).lower(), 0.0);
        // one window of 19 steps is enough at 95 %
        ForecasterCatalog.Fitted one = catalog(19, 1, Conformal.Intervals.CONFORMAL, 1).fit(ModelKind.SES, noise(40, new Random(5)), null, null);
        assertFalse(one.conformal().isFallback(), one.label());
    }

    @Test void theSplitConformalRankAndTheScoresNeeded() {
        assertEquals(19, Conformal.scoresNeeded(0.95));
        assertEquals(9, Conformal.scoresNeeded(0.9));
        assertEquals(4, Conformal.scoresNeeded(0.8));
        assertEquals(20, Conformal.rank(20, 0.95));   // ⌈21 × 0.95⌉ = ⌈19.95⌉
        assertEquals(19, Conformal.rank(19, 0.95));   // ⌈19.0⌉, not 20 from rounding
    }

    /**
     * The scores by hand: two windows of two steps whose model intervals are ±1 and ±2 around the mean 0. Actual values
     * 0.5, −3, 1, 0 score 0.5, 1.5, 1, 0 in model units and 0.5, 3/√2, 1, 0 in √step units; the 5th smallest of 4 does
     * not exist at 0.95, so at level 0.75 (⌈5 × 0.75⌉ = 4th): 1.5 and 3/√2. A model without intervals gets mean ± q·√step.
     */
    @Test void scoresAreErrorsInUnitsOfTheModelsInterval() {
        Forecast f = new Forecast(new double[]{0, 0}, new double[]{-1, -2}, new double[]{1, 2}, 0.75);
        Conformal.Calibration c = Conformal.calibrate(List.of(new Conformal.Window(new double[]{0.5, -3}, f), new Conformal.Window(new double[]{1, 0}, f)), 0.75);
        assertEquals(1.5, c.qModel(), 1e-12);
        assertEquals(3 / Math.sqrt(2), c.qSqrt(), 1e-12);
        Forecast g = c.apply(new Forecast(new double[]{10, 10}, new double[]{9, 7}, new double[]{12, 14}, 0.75));   // asymmetric: each side scaled
        assertArrayEquals(new double[]{8.5, 5.5}, g.lower(), 1e-12);
        assertArrayEquals(new double[]{13, 16}, g.upper(), 1e-12);
        Forecast p = c.apply(new Forecast(new double[]{10, 10}, null, null, 0.75));
        assertArrayEquals(new double[]{10 - 3 / Math.sqrt(2), 10 - 3}, p.lower(), 1e-12);
        Conformal.Calibration none = Conformal.calibrate(List.of(new Conformal.Window(new double[]{0.5, -3}, new Forecast(new double[]{0, 0}, null, null, 0.75)),
                new Conformal.Window(new double[]{1, 0}, f)), 0.75);
        assertTrue(Double.isNaN(none.qModel()), "a window without intervals: the √step scale only");
        assertArrayEquals(new double[]{10 - 3 / Math.sqrt(2), 10 - 3}, none.apply(new Forecast(new double[]{10, 10}, new double[]{9, 7}, new double[]{12, 14}, 0.75)).lower(), 1e-12);
    }

    @Test void badWindowsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog(3, 1, Conformal.Intervals.CONFORMAL, 0));
        assertTrue(e.getMessage().contains("at least one window"), e.getMessage());
    }
}
