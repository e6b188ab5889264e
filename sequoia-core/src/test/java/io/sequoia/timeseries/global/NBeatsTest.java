package io.sequoia.timeseries.global;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerTest;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NBeatsTest {
    @Test
    void blocksAndNetworkPassGradientChecks() {
        for (NBeatsBlock.Kind k : NBeatsBlock.Kind.values()) {
            LayerTest.gradCheck("NBeatsBlock " + k, new NBeatsBlock(k, 6, 3, 5, 2, 2), GradCheck.randn(1, 2, 6));
        }
        LayerTest.gradCheck("NBeats generic", new NBeats(NBeats.Stacks.GENERIC, 6, 3, 2, 4, 2, 2, 1), GradCheck.randn(2, 2, 6));
        LayerTest.gradCheck("NBeats interpretable", new NBeats(NBeats.Stacks.INTERPRETABLE, 6, 3, 1, 4, 2, 1, 1), GradCheck.randn(3, 2, 6));
    }

    @Test
    void lossesPassGradientChecks() {
        Tensor y = GradCheck.uniform(4, 0.5, 2, 3, 4), w = GradCheck.uniform(5, 0.5, 2, 3, 1);
        y.requiresGrad(false);
        w.requiresGrad(false);
        for (NBeatsConfig.Loss k : NBeatsConfig.Loss.values()) {
            GradCheck.check("loss " + k, t -> NBeatsForecaster.loss(t[0], y, w, k), GradCheck.uniform(6, 0.6, 1.8, 3, 4));
        }
        // sMAPE loss is the metric (as a fraction)
        Tensor f = Tensor.of(new float[]{1, 2, 3, 4}, 1, 4), t = Tensor.of(new float[]{2, 2, 1, 5}, 1, 4);
        double expect = ForecastMetrics.smape(new double[]{2, 2, 1, 5}, new double[]{1, 2, 3, 4}) / 100;
        assertEquals(expect, NBeatsForecaster.loss(f, t, null, NBeatsConfig.Loss.SMAPE).item(), 1e-6);
        // MAPE as a fraction: mean of |y − f| / |y| = (1/2 + 0 + 2/1 + 1/5) / 4
        assertEquals((0.5 + 0 + 2 + 0.2) / 4, NBeatsForecaster.loss(f, t, null, NBeatsConfig.Loss.MAPE).item(), 1e-6);
    }

    @Test
    void membersAreOrderedByLossThenLookbackThenSeedAndALossIsGivenOnce() {
        NBeatsConfig c = NBeatsConfig.builder(3, 12).lookbacks(2, 4).ensemble(2).losses(NBeatsConfig.Loss.SMAPE, NBeatsConfig.Loss.MASE, NBeatsConfig.Loss.MAPE).build();
        assertEquals(12, c.members());
        NBeatsConfig.Loss[] loss = new NBeatsConfig.Loss[12];
        int[] lb = new int[12];
        for (int i = 0; i < 12; i++) { loss[i] = c.memberLoss(i); lb[i] = c.memberLookback(i); }
        NBeatsConfig.Loss S = NBeatsConfig.Loss.SMAPE, M = NBeatsConfig.Loss.MASE, P = NBeatsConfig.Loss.MAPE;
        assertArrayEquals(new NBeatsConfig.Loss[]{S, S, S, S, M, M, M, M, P, P, P, P}, loss);
        assertArrayEquals(new int[]{2, 2, 4, 4, 2, 2, 4, 4, 2, 2, 4, 4}, lb);
        assertEquals("smape,mase,mape", c.lossNames());
        assertTrue(c.describe().contains("smape,mase,mape loss") && c.describe().contains("median of 12"), c.describe());
        assertThrows(IllegalArgumentException.class, () -> c.memberLoss(12));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> NBeatsConfig.builder(3, 12).losses(S, M, S).build());
        assertTrue(d.getMessage().contains("each loss may be given once"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NBeatsConfig.builder(3, 12).losses().build());
        // the default: sMAPE and MASE networks for each of the lookbacks 2H, 3H, 4H
        NBeatsConfig def = NBeatsConfig.builder(3, 12).build();
        assertEquals("smape,mase", def.lossNames());
        assertEquals(6, def.members());
        assertEquals(M, def.memberLoss(3));
        assertEquals(2, def.memberLookback(3));
        // one loss: the same members as before there were several
        NBeatsConfig one = NBeatsConfig.builder(3, 12).lookbacks(2, 4).ensemble(2).loss(S).build();
        for (int i = 0; i < 4; i++) { assertEquals(S, one.memberLoss(i)); assertEquals(lb[i], one.memberLookback(i)); }
    }

    @Test
    void aMixedLossEnsembleTrainsEachMemberWithItsLossIsTheMedianOfAllAndSurvivesTheFolder(@TempDir Path dir) throws Exception {
        List<double[]> train = family(20, 30, 5);
        NBeatsConfig.Builder b = NBeatsConfig.builder(3, 12).lookbacks(2, 3).blocks(1).width(8).layers(1).batchSize(16).steps(20).stepsPerEpoch(10);
        NBeatsForecaster smape = NBeatsForecaster.train(train, b.loss(NBeatsConfig.Loss.SMAPE).build(), null);
        NBeatsForecaster mixed = NBeatsForecaster.train(train, b.losses(NBeatsConfig.Loss.SMAPE, NBeatsConfig.Loss.MASE).build(), null);
        List<NBeats> ms = smape.network().members(), mm = mixed.network().members();
        assertEquals(4, mm.size());
        double[] hist = train.get(1);
        for (int k = 0; k < 4; k++) assertEquals(k % 2 == 0 ? 6 : 9, mm.get(k).lookback());   // 2H, 3H per loss
        // the sMAPE members are those of the sMAPE-only ensemble; the MASE members (same lookbacks) are trained otherwise
        for (int k = 0; k < 2; k++) assertArrayEquals(member(ms.get(k), hist), member(mm.get(k), hist), 1e-6);
        assertFalse(java.util.Arrays.equals(member(mm.get(0), hist), member(mm.get(2), hist)), "a MASE member differs from the sMAPE one");
        // the forecast is the median of all four members: with an even count, the mean of the middle two
        double[] fc = mixed.forecast(hist);
        for (int a = 0; a < 3; a++) {
            double[] v = new double[4];
            for (int k = 0; k < 4; k++) v[k] = member(mm.get(k), hist)[a];
            java.util.Arrays.sort(v);
            assertEquals((v[1] + v[2]) / 2, fc[a], 1e-4);
            assertNotEquals(java.util.Arrays.stream(v).average().orElseThrow(), fc[a], 1e-9);
        }
        mixed.save(dir);
        NBeatsForecaster back = NBeatsForecaster.load(dir);
        assertArrayEquals(new NBeatsConfig.Loss[]{NBeatsConfig.Loss.SMAPE, NBeatsConfig.Loss.MASE}, back.config().losses());
        assertEquals(4, back.config().members());
        assertArrayEquals(fc, back.forecast(hist), 1e-9);
        // a selection by loss: the sMAPE members of the mixed folder forecast as the sMAPE-only ensemble
        assertArrayEquals(smape.forecast(hist), back.select(NBeatsConfig.Loss.SMAPE).forecast(hist), 1e-9);
        NBeatsForecaster masePart = back.select(NBeatsConfig.Loss.MASE);
        assertEquals(2, masePart.network().members().size());
        assertArrayEquals(member(mm.get(2), hist), member(masePart.network().members().get(0), hist), 1e-9);
        NBeatsForecaster both = back.select(NBeatsConfig.Loss.MASE, NBeatsConfig.Loss.SMAPE);
        masePart.save(dir.resolve("mase"));
        assertEquals("mase", NBeatsForecaster.load(dir.resolve("mase")).config().lossNames());
        assertArrayEquals(masePart.forecast(hist), NBeatsForecaster.load(dir.resolve("mase")).forecast(hist), 1e-9);
        assertArrayEquals(fc, both.forecast(hist), 1e-9);   // the same four members, in another order
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> back.select(NBeatsConfig.Loss.MAPE));
        assertTrue(none.getMessage().contains("no members trained with this loss") && none.getMessage().contains("mape"), none.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NBeatsForecaster.lossesOf("smape,msa"));
        assertTrue(e.getMessage().contains("msa"), e.getMessage());
    }

    /** One member's forecast of the last lookback of {@code hist}, on the series' scale (as the forecaster scales it). */
    private static double[] member(NBeats m, double[] hist) {
        int lb = m.lookback();
        double level = NBeatsForecaster.level(hist, hist.length, lb);
        double[] x = new double[lb];
        for (int a = 0; a < lb; a++) x[a] = hist[hist.length - lb + a] / level;
        double[] f = m.forward(Tensor.of(x, 1, lb)).toDoubleArray();
        for (int a = 0; a < f.length; a++) f[a] *= level;
        return f;
    }

    @Test
    void basesArePolynomialsAndFourierTermsOnOneTimeAxis() {
        double[] trend = NBeatsBlock.basis(NBeatsBlock.Kind.TREND, 3, 4, 2, false); // (3, H = 2): 1, t/H, (t/H)²
        assertArrayEquals(new double[]{1, 1, 0, 0.5, 0, 0.25}, trend, 1e-12);
        double[] back = NBeatsBlock.basis(NBeatsBlock.Kind.SEASONALITY, 3, 4, 4, true);  // (3, L = 4), τ = (t − 4)/4
        assertEquals(1, back[0], 1e-12);
        assertEquals(Math.cos(2 * Math.PI * -1), back[4], 1e-12);     // cos at τ = −1
        assertEquals(Math.sin(2 * Math.PI * -0.25), back[8 + 3], 1e-12); // sin at τ = −1/4
    }

    @Test
    void shapesAreCheckedOnTheFirstLine() {
        NBeats n = new NBeats(NBeats.Stacks.GENERIC, 6, 3, 1, 4, 1, 2, 1);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> n.forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("NBeats.forward") && e.getMessage().contains("[2, 5]"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> NBeatsConfig.builder(6, 12).lookbacks(2, 0).build());
        assertTrue(c.getMessage().contains("lookback multiples") && c.getMessage().contains("got 0"), c.getMessage());
    }

    /** A family of seasonal series with random level, trend and phase; {@code n} points each. */
    static List<double[]> family(int count, int n, long seed) {
        Generator g = new Generator(seed);
        List<double[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double level = 50 + 100 * g.nextDouble(), slope = (g.nextDouble() - 0.3) * 0.01, amp = 0.1 + 0.2 * g.nextDouble(), phase = 12 * g.nextDouble();
            double[] y = new double[n];
            for (int t = 0; t < n; t++) y[t] = level * (1 + slope * t) * (1 + amp * Math.sin(2 * Math.PI * (t + phase) / 12)) * (1 + 0.02 * g.nextGaussian());
            out.add(y);
        }
        return out;
    }

    @Test
    void learnsAFamilyOfSeasonalSeriesAndForecastsNewOnes(@TempDir Path dir) throws Exception {
        int h = 6;
        List<double[]> train = family(60, 48, 1), test = family(30, 48 + h, 2);
        NBeatsConfig cfg = NBeatsConfig.builder(h, 12).lookbacks(4).blocks(2).width(32).layers(2).batchSize(64).steps(300).stepsPerEpoch(50).build();
        NBeatsForecaster f = NBeatsForecaster.train(train, cfg, null);
        double model = 0, naive = 0;
        List<double[]> hist = new ArrayList<>();
        for (double[] y : test) hist.add(java.util.Arrays.copyOf(y, 48));
        List<double[]> fc = f.forecastAll(hist);
        for (int i = 0; i < test.size(); i++) {
            double[] y = test.get(i), actual = java.util.Arrays.copyOfRange(y, 48, 48 + h), last = new double[h];
            java.util.Arrays.fill(last, y[47]);
            model += ForecastMetrics.smape(actual, fc.get(i)) / test.size();
            naive += ForecastMetrics.smape(actual, last) / test.size();
        }
        assertTrue(model < naive / 2, "N-BEATS sMAPE " + model + " should be under half the naive forecast's " + naive);
        // the saved folder forecasts the same
        f.save(dir);
        NBeatsForecaster back = NBeatsForecaster.load(dir);
        assertArrayEquals(fc.get(3), back.forecastAll(hist).get(3), 1e-9);
        assertArrayEquals(fc.get(3), back.forecast(hist.get(3)), 1e-3);
        assertEquals(h, back.horizon());
    }

    @Test
    void anEnsembleIsTheMedianOfItsMembersAndShortHistoriesArePadded() {
        List<double[]> train = family(20, 30, 3);
        NBeatsConfig cfg = NBeatsConfig.builder(3, 12).lookbacks(2, 4).ensemble(2).loss(NBeatsConfig.Loss.SMAPE).blocks(1).width(8).layers(1).batchSize(16).steps(20).stepsPerEpoch(10).build();
        NBeatsForecaster f = NBeatsForecaster.train(train, cfg, null);
        assertEquals(4, f.network().members().size());
        assertEquals(3, f.forecast(new double[]{5, 6}).length);   // shorter than every lookback
        // a history longer than every lookback: the folder's module (raw windows) and the forecaster agree, each member on its own level
        double[] hist = train.get(0), raw = java.util.Arrays.copyOfRange(hist, 30 - 12, 30);
        assertArrayEquals(f.forecast(hist), f.network().forward(Tensor.of(raw, 1, 12)).toDoubleArray(), 1e-4);
        for (int k = 0; k < 4; k++) assertEquals(k < 2 ? 6 : 12, f.network().members().get(k).lookback());   // 2H, 2H, 4H, 4H
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(new double[]{1, Double.NaN}));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> NBeatsForecaster.train(List.of(new double[]{1, 2, 3}), cfg, null));
        assertTrue(s.getMessage().contains("longer than the horizon"), s.getMessage());
    }

    @Test
    void theCatalogueForecastsWithATrainedGlobalModelAndRefusesNbeatsWithoutOne() {
        List<double[]> train = family(20, 30, 4);
        NBeatsForecaster f = NBeatsForecaster.train(train, NBeatsConfig.builder(4, 12).lookbacks(2).blocks(1).width(8).layers(1).batchSize(16).steps(10).build(), null);
        double[] y = train.get(0);
        io.sequoia.timeseries.ForecasterCatalog cat = io.sequoia.timeseries.ForecasterCatalog.builder(3, 12).transform(io.sequoia.timeseries.Transform.LOG).global(f).build();
        double[] mean = cat.fit(io.sequoia.timeseries.ModelKind.NBEATS, y, null, null).forecast(null).mean();
        assertArrayEquals(java.util.Arrays.copyOf(f.forecast(y), 3), mean, 1e-9);   // on the series' own scale, whatever the transform
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.sequoia.timeseries.ForecasterCatalog.builder(3, 12).build().fit(io.sequoia.timeseries.ModelKind.NBEATS, y, null, null));
        assertTrue(e.getMessage().contains("nbeats is trained across many series"), e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> io.sequoia.timeseries.ForecasterCatalog.builder(6, 12).global(f).build());
        assertTrue(h.getMessage().contains("at least the catalogue's horizon"), h.getMessage());
    }
}
