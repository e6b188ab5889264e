package io.sequoia.timeseries.classical;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The local level model against closed-form answers for filtering (s = t), prediction (s > t) and smoothing (s < t). */
class KalmanFilterTest {
    static final double EPS = 2.0, ETA = 0.5, KAPPA = 1e9;

    @Test void twoObservationsMatchWeightedMeans() {
        double y1 = 3.0, y2 = 5.0;
        KalmanFilter.Result r = KalmanFilter.filter(StateSpace.localLevel(EPS, ETA, 0, KAPPA), new double[]{y1, y2}, 1);
        // filtering: μ1 | y1 = y1 with variance σε²; μ2 | y1, y2 combines y2 (var σε²) and y1 (var σε² + ση²)
        assertEquals(y1, r.filtered()[0][0], 1e-6);
        assertEquals(EPS, r.filteredVar()[0][0][0], 1e-6);
        double w1 = 1 / (EPS + ETA), w2 = 1 / EPS;
        double mu2 = (w1 * y1 + w2 * y2) / (w1 + w2), v2 = 1 / (w1 + w2);
        assertEquals(mu2, r.filtered()[1][0], 1e-6);
        assertEquals(v2, r.filteredVar()[1][0][0], 1e-6);
        // prediction: μ3 | y1, y2 = μ2 | y1, y2 with variance v2 + ση²; y3 adds σε²
        assertEquals(mu2, r.predicted()[2][0], 1e-6);
        assertEquals(v2 + ETA, r.predictedVar()[2][0][0], 1e-6);
        KalmanFilter.Prediction f = KalmanFilter.forecast(r, 3);
        assertEquals(mu2, f.mean()[2], 1e-6);
        assertEquals(v2 + 3 * ETA + EPS, f.variance()[2], 1e-6);
        // smoothing: μ1 | y1, y2 mirrors μ2 | y1, y2
        KalmanFilter.Smoothed s = KalmanFilter.smooth(r);
        double mu1 = (w2 * y1 + w1 * y2) / (w1 + w2);
        assertEquals(mu1, s.state()[0][0], 1e-6);
        assertEquals(v2, s.var()[0][0][0], 1e-6);
        assertEquals(mu2, s.state()[1][0], 1e-6);
        // likelihood of y2 given y1: N(y1, σε² + σε² + ση²)
        double f2 = 2 * EPS + ETA, v = y2 - y1;
        assertEquals(-0.5 * (Math.log(2 * Math.PI) + Math.log(f2) + v * v / f2), r.loglik(), 1e-6);
    }

    @Test void varianceConvergesToTheRiccatiSteadyState() {
        double[] y = new double[200];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < y.length; i++) y[i] = rnd.nextGaussian();
        KalmanFilter.Result r = KalmanFilter.filter(StateSpace.localLevel(EPS, ETA, 0, KAPPA), y, 1);
        double q = ETA / EPS, pBar = EPS * (q + Math.sqrt(q * q + 4 * q)) / 2;
        assertEquals(pBar, r.predictedVar()[y.length][0][0], 1e-9);
        // in steady state the filter is simple exponential smoothing with α = P̄/(P̄ + σε²)
        double alpha = pBar / (pBar + EPS), n = y.length;
        double expected = r.filtered()[(int) n - 2][0] + alpha * (y[(int) n - 1] - r.filtered()[(int) n - 2][0]);
        assertEquals(expected, r.filtered()[(int) n - 1][0], 1e-9);
    }

    @Test void missingObservationSkipsTheUpdate() {
        KalmanFilter.Result r = KalmanFilter.filter(StateSpace.localLevel(EPS, ETA, 0, KAPPA), new double[]{3, Double.NaN, 5}, 1);
        assertEquals(r.predicted()[1][0], r.filtered()[1][0], 1e-12);
        assertEquals(r.predictedVar()[1][0][0] + ETA, r.predictedVar()[2][0][0], 1e-9);
    }

    @Test void stateSpaceRejectsMismatchedDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StateSpace(new double[]{1, 0}, new double[][]{{1}}, 1, new double[][]{{1}}, new double[]{0}, new double[][]{{1}}));
        assertEquals("StateSpace: T, Q, a1 and P1 must match the state dimension of Z; expected 2, got T 1, Q 1, a1 1, P1 1", e.getMessage());
    }

    @Test void structuralLocalLevelRecoversVariances() {
        java.util.Random rnd = new java.util.Random(7);
        double[] y = new double[400];
        double mu = 10;
        for (int i = 0; i < y.length; i++) { y[i] = mu + Math.sqrt(EPS) * rnd.nextGaussian(); mu += Math.sqrt(ETA) * rnd.nextGaussian(); }
        StructuralModel m = new StructuralModel(StructuralModel.Kind.LEVEL, 1).fit(y, null);
        assertEquals(EPS, m.parameters().get("epsilon"), 0.6);
        assertEquals(ETA, m.parameters().get("level"), 0.3);
        Forecast f = m.forecast(5, null, 0.95);
        assertTrue(f.upper()[4] - f.lower()[4] > f.upper()[0] - f.lower()[0]);
    }
}
