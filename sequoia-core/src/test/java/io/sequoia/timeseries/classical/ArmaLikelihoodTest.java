package io.sequoia.timeseries.classical;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ArmaLikelihoodTest {
    /** The companion-structure solution of P = T P Tᵀ + R Rᵀ equals dense doubling, for seasonal ARMA shapes. */
    @Test void stationaryCovarianceMatchesDoubling() {
        double[][][] cases = {
                {{0.5}, {}}, {{}, {0.4, -0.3}}, {{0.6, -0.2}, {0.3}},
                {Polynomials.expand(new double[]{0.5, 0.2}, new double[]{0.7}, 12, -1), Polynomials.expand(new double[]{-0.4}, new double[]{-0.6}, 12, 1)},
        };
        for (double[][] c : cases) {
            ArmaLikelihood l = new ArmaLikelihood(c[0], c[1]);
            double[] rv = l.rVector();
            double[][] q = new double[l.r][l.r];
            for (int i = 0; i < l.r; i++) for (int j = 0; j < l.r; j++) q[i][j] = rv[i] * rv[j];
            double[][] ref = Matrices.lyapunov(l.transition(), q);
            double[] fast = new double[l.r * l.r];
            assertTrue(l.stationaryCovariance(fast));
            for (int i = 0; i < l.r; i++) for (int j = 0; j < l.r; j++) assertEquals(ref[i][j], fast[i * l.r + j], 1e-9 * (1 + Math.abs(ref[i][j])), "P[" + i + "][" + j + "]");
        }
    }

    /** The steady-state shortcut changes the likelihood by rounding only (checked against a filter that never switches). */
    @Test void steadyStateSwitchKeepsTheLikelihood() {
        Random rnd = new Random(3);
        double[] w = new double[400];
        double e1 = 0;
        for (int t = 0; t < w.length; t++) { double e = rnd.nextGaussian(); w[t] = (t > 0 ? 0.5 * w[t - 1] : 0) + e + 0.3 * e1; e1 = e; }
        ArmaLikelihood fast = new ArmaLikelihood(new double[]{0.5}, new double[]{0.3});
        double ll = fast.run(w);
        // the exact filter written out densely with the same start
        ArmaLikelihood ref = new ArmaLikelihood(new double[]{0.5}, new double[]{0.3});
        double[][] t = ref.transition();
        double[] rv = ref.rVector();
        double[][] q = {{rv[0] * rv[0], rv[0] * rv[1]}, {rv[1] * rv[0], rv[1] * rv[1]}};
        StateSpace ss = new StateSpace(new double[]{1, 0}, t, 0, q, new double[2], Matrices.lyapunov(t, q));
        KalmanFilter.Result r = KalmanFilter.filter(ss, w, 0);
        double ssq = 0, sumlog = 0;
        for (int i = 0; i < w.length; i++) { ssq += r.v()[i] * r.v()[i] / r.f()[i]; sumlog += Math.log(r.f()[i]); }
        double s2 = ssq / w.length, expected = -0.5 * (w.length * Math.log(2 * Math.PI * s2) + sumlog + w.length);
        assertEquals(expected, ll, 1e-8);
        assertEquals(s2, fast.sigma2, 1e-10);
    }

    /** BFGS finds the minimum of a Rosenbrock valley as R's optim does (to its tolerance). */
    @Test void bfgsMinimisesRosenbrock() {
        Bfgs.Result r = Bfgs.minimize(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[]{-1.2, 1}, 1e-12, 1000);
        assertEquals(1, r.x()[0], 1e-3);
        assertEquals(1, r.x()[1], 2e-3);
    }
}
