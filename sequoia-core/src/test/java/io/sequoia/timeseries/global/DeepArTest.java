package io.sequoia.timeseries.global;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerTest;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DeepArTest {
    @Test
    void likelihoodHeadsPassGradientChecks() {
        for (Likelihood l : Likelihood.values()) {
            Tensor raw = GradCheck.randn(1, 2, 3, l.params()), prev = GradCheck.uniform(2, 0.5, 1.5, 2, 3), y = GradCheck.uniform(3, 0.5, 1.5, 2, 3);
            GradCheck.check("nll " + l, t -> l.nll(t[0], t[1], t[2]), raw, prev, y);
        }
        GradCheck.check("lgamma", t -> Likelihood.lgamma(t[0]), GradCheck.uniform(4, 0.3, 12, 7));
    }

    @Test
    void likelihoodsAreTheTextbookDensities() {
        // lgamma against exact values: Γ(1) = 1, Γ(1/2) = √π, Γ(5/2) = 3√π/4, Γ(10) = 9!
        double[] x = {1, 0.5, 2.5, 10}, expect = {0, 0.5 * Math.log(Math.PI), Math.log(0.75 * Math.sqrt(Math.PI)), Math.log(362880)};
        assertArrayEquals(expect, Likelihood.lgamma(Tensor.of(x, 4)).toDoubleArray(), 1e-8);
        // raw (r0, r1[, r2]) → μ = prev + r0, σ = softplus(r1) + 1e-3, ν = 2 + softplus(r2)
        double r0 = 0.3, r1 = -0.4, r2 = 0.7, prev = 1.1, yv = 1.9;
        double mu = prev + r0, sigma = Math.log1p(Math.exp(r1)) + Likelihood.MIN_SCALE, nu = 2 + Math.log1p(Math.exp(r2)), zz = (yv - mu) / sigma;
        double gauss = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI) + 0.5 * zz * zz;
        assertEquals(gauss, Likelihood.GAUSSIAN.nll(Tensor.of(new double[]{r0, r1}, 1, 2), Tensor.of(new double[]{prev}, 1), Tensor.of(new double[]{yv}, 1)).item(), 1e-9);
        // Student-t with ν = 3 written out: Γ(2) = 1, Γ(3/2) = √π/2
        double t3 = -Math.log(1) + Math.log(Math.sqrt(Math.PI) / 2) + 0.5 * Math.log(3 * Math.PI) + Math.log(sigma) + 2 * Math.log1p(zz * zz / 3);
        double r2for3 = Math.log(Math.expm1(1));   // softplus(r2) = 1
        assertEquals(t3, Likelihood.STUDENT_T.nll(Tensor.of(new double[]{r0, r1, r2for3}, 1, 3), Tensor.of(new double[]{prev}, 1), Tensor.of(new double[]{yv}, 1)).item(), 1e-8);
        assertTrue(nu > 2);
        // the samplers draw from those distributions: mean and variance of 40,000 draws (t with ν = 5: variance 5/3)
        Generator g = new Generator(9);
        double[] p = Likelihood.STUDENT_T.parameters(new float[]{0, (float) Math.log(Math.expm1(1 - Likelihood.MIN_SCALE)), (float) Math.log(Math.expm1(3))}, 0, 0);
        assertEquals(5, p[2], 1e-5);
        double s1 = 0, s2 = 0;
        int n = 40000;
        for (int i = 0; i < n; i++) { double d = Likelihood.STUDENT_T.sample(p, g); s1 += d; s2 += d * d; }
        assertEquals(0, s1 / n, 0.03);
        assertEquals(5.0 / 3, s2 / n, 0.12);
    }

    @Test
    void theNetworkPassesGradientChecksAndChecksShapes() {
        LayerTest.gradCheck("DeepAr lstm", new DeepAr(DeepAr.Cell.LSTM, 2, 3, 2, 0, Likelihood.STUDENT_T), GradCheck.randn(5, 2, 3, 2));
        LayerTest.gradCheck("DeepAr gru", new DeepAr(DeepAr.Cell.GRU, 2, 3, 1, 0, Likelihood.GAUSSIAN), GradCheck.randn(6, 2, 3, 2));
        DeepAr d = new DeepAr(DeepAr.Cell.LSTM, 2, 4, 1, 0, Likelihood.GAUSSIAN);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.forward(Tensor.zeros(2, 5, 3)));
        assertTrue(e.getMessage().contains("DeepAr.forward") && e.getMessage().contains("[2, 5, 3]"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> DeepArConfig.builder(6, 12).lags(1, 0).build());
        assertTrue(c.getMessage().contains("lags must be at least 1") && c.getMessage().contains("got 0"), c.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> DeepArConfig.builder(6, 12).samples(1).build());
        assertTrue(s.getMessage().contains("samples") && s.getMessage().contains("got 1"), s.getMessage());
    }

    static final double NOISE = 0.5;

    /** Sines of period 12 around 10 with random amplitude and phase, plus N(0, 0.5²) noise. */
    static List<double[]> sines(int count, int n, long seed) {
        Generator g = new Generator(seed);
        List<double[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double amp = 2 + 2 * g.nextDouble(), phase = 12 * g.nextDouble();
            double[] y = new double[n];
            for (int t = 0; t < n; t++) y[t] = 10 + amp * Math.sin(2 * Math.PI * (t + phase) / 12) + NOISE * g.nextGaussian();
            out.add(y);
        }
        return out;
    }

    static DeepArConfig small(int h) {
        return DeepArConfig.builder(h, 12).hiddenSize(16).numLayers(1).dropout(0).context(24).batchSize(32).steps(1000).stepsPerEpoch(100).lr(1e-2).samples(200).build();
    }

    @Test
    void learnsNoisySinesWithCalibratedIntervalsAndBeatsNaive(@TempDir Path dir) throws Exception {
        int h = 6, n = 60;
        DeepArForecaster f = DeepArForecaster.train(sines(40, n, 1), small(h), null);
        List<double[]> test = sines(40, n + h, 2);
        double model = 0, naive = 0, inside = 0, width = 0;
        for (double[] y : test) {
            double[] hist = Arrays.copyOf(y, n), actual = Arrays.copyOfRange(y, n, n + h), last = new double[h];
            Arrays.fill(last, y[n - 1]);
            Forecast fc = f.forecast(hist, h, 0.95);
            model += ForecastMetrics.smape(actual, fc.mean()) / test.size();
            naive += ForecastMetrics.smape(actual, last) / test.size();
            for (int k = 0; k < h; k++) {
                if (actual[k] >= fc.lower()[k] && actual[k] <= fc.upper()[k]) inside++;
                width += (fc.upper()[k] - fc.lower()[k]) / (test.size() * h);
            }
        }
        double coverage = inside / (test.size() * h), trueWidth = 2 * 1.959964 * NOISE;
        assertTrue(model < naive / 2, "DeepAR sMAPE " + model + " should be under half the naive forecast's " + naive);
        assertTrue(coverage >= 0.88 && coverage <= 0.99, "95 % intervals covered " + coverage);
        assertTrue(width > 0.8 * trueWidth && width < 1.6 * trueWidth, "mean interval width " + width + " against the noise's " + trueWidth);
        // the saved folder forecasts the same
        f.save(dir);
        DeepArForecaster back = DeepArForecaster.load(dir);
        double[] hist = Arrays.copyOf(test.get(3), n);
        assertArrayEquals(f.forecast(hist, h, 0.8).upper(), back.forecast(hist, h, 0.8).upper(), 1e-9);
        assertEquals(f.config().describe(), back.config().describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NBeatsForecaster.load(dir));
        assertTrue(e.getMessage().contains("N-BEATS"), e.getMessage());
    }

    @Test
    void aSeedRepeatsTheTrainingAndTheForecast() {
        List<double[]> train = sines(10, 30, 3);
        DeepArConfig cfg = small(4).toBuilder().steps(20).stepsPerEpoch(10).cell(DeepAr.Cell.GRU).likelihood(Likelihood.STUDENT_T).dropout(0.2).numLayers(2).build();
        DeepArForecaster a = DeepArForecaster.train(train, cfg, null), b = DeepArForecaster.train(train, cfg, null);
        DeepArForecaster c = DeepArForecaster.train(train, cfg.toBuilder().seed(7).build(), null);
        double[] hist = train.get(0);
        // the same seed: the same training, up to the last bits the JIT's tiers may change (docs/reliability.md); the same paths bit for bit
        double[] pa = a.samplePaths(hist, 4)[17], pb = b.samplePaths(hist, 4)[17], pc = c.samplePaths(hist, 4)[17];
        for (int k = 0; k < 4; k++) assertEquals(pa[k], pb[k], 1e-4 * Math.abs(pa[k]), "step " + k);
        assertArrayEquals(pa, a.samplePaths(hist, 4)[17]);
        assertTrue(Math.abs(pa[0] - pc[0]) > 1e-2 * Math.abs(pa[0]), "another seed, another model: " + pa[0] + " and " + pc[0]);
        assertEquals(3, a.forecast(new double[]{5, 6}, 3, 0.9).mean().length);   // shorter than the context and the lags
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.forecast(new double[]{1, Double.NaN}, 2, 0.9));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> a.forecast(hist, 5, 0.9));
        assertTrue(h.getMessage().contains("1..4") && h.getMessage().contains("got 5"), h.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> DeepArForecaster.train(List.of(new double[]{1, 2, 3}), cfg, null));
        assertTrue(s.getMessage().contains("longer than the horizon"), s.getMessage());
    }

    @Test
    void theCatalogueForecastsWithATrainedDeepArAndRefusesDeeparWithoutOne() {
        List<double[]> train = sines(10, 30, 4);
        DeepArForecaster f = DeepArForecaster.train(train, small(4).toBuilder().steps(10).build(), null);
        double[] y = train.get(0);
        ForecasterCatalog cat = ForecasterCatalog.builder(3, 12).level(0.8).transform(Transform.LOG).deepar(f).build();
        Forecast fc = cat.fit(ModelKind.DEEPAR, y, null, null).forecast(null);
        Forecast direct = f.forecast(y, 3, 0.8);
        assertArrayEquals(direct.mean(), fc.mean(), 1e-9);   // on the series' own scale, whatever the transform
        assertArrayEquals(direct.lower(), fc.lower(), 1e-9);
        assertEquals(0.8, fc.level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(3, 12).build().fit(ModelKind.DEEPAR, y, null, null));
        assertTrue(e.getMessage().contains("deepar is trained across many series"), e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> ForecasterCatalog.builder(6, 12).deepar(f).build());
        assertTrue(h.getMessage().contains("at least the catalogue's horizon"), h.getMessage());
    }
}
