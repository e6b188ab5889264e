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

    /** The shifted-covariance recursion and the steady-state shortcut give the dense Kalman filter's likelihood. */
    @Test void likelihoodMatchesTheDenseFilter() {
        double[][][] cases = {{{0.5}, {0.3}}, {{0.69}, {-0.58, 0.2}}, {{0.6, -0.2}, {}}, {{}, {-0.4}},
                {Polynomials.expand(new double[]{0.5}, new double[]{0.7}, 4, -1), Polynomials.expand(new double[]{-0.4}, new double[]{-0.6}, 4, 1)}};
        Random rnd = new Random(3);
        for (double[][] c : cases) for (int n : new int[]{30, 400}) {
            double[] w = new double[n];
            for (int t = 0; t < n; t++) w[t] = rnd.nextGaussian() + (t > 0 ? 0.4 * w[t - 1] : 0);
            ArmaLikelihood fast = new ArmaLikelihood(c[0], c[1]);
            double ll = fast.run(w);
            double[][] t = fast.transition();
            double[] rv = fast.rVector();
            int r = fast.r;
            double[][] q = new double[r][r];
            for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) q[i][j] = rv[i] * rv[j];
            double[] z = new double[r];
            z[0] = 1;
            KalmanFilter.Result res = KalmanFilter.filter(new StateSpace(z, t, 0, q, new double[r], Matrices.lyapunov(t, q)), w, 0);
            double ssq = 0, sumlog = 0;
            for (int i = 0; i < n; i++) { ssq += res.v()[i] * res.v()[i] / res.f()[i]; sumlog += Math.log(res.f()[i]); }
            double s2 = ssq / n, expected = -0.5 * (n * Math.log(2 * Math.PI * s2) + sumlog + n);
            assertEquals(expected, ll, 1e-8, "ARMA " + java.util.Arrays.toString(c[0]) + " " + java.util.Arrays.toString(c[1]) + ", n " + n);
            assertEquals(s2, fast.sigma2, 1e-10 * s2);
        }
    }

    /** BFGS finds the minimum of a Rosenbrock valley as R's optim does (to its tolerance). */
    @Test void bfgsMinimisesRosenbrock() {
        Bfgs.Result r = Bfgs.minimize(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[]{-1.2, 1}, 1e-12, 1000);
        assertEquals(1, r.x()[0], 1e-3);
        assertEquals(1, r.x()[1], 2e-3);
    }
}
