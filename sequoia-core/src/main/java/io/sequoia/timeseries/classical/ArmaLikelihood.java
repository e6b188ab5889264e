package io.sequoia.timeseries.classical;

/**
 * The exact Gaussian likelihood of a zero-mean ARMA process through the Kalman filter, in Harvey's
 * state-space form (state dimension {@code r = max(p, q + 1)}, companion transition, stationary
 * initial covariance from the Lyapunov equation), with σ² concentrated out as R's {@code arima}
 * does: {@code σ̂² = Σ v²/F / n} and {@code loglik = −½(n log(2π σ̂²) + Σ log F + n)}.
 * Each step costs O(r²) by using the companion structure of T.
 */
final class ArmaLikelihood {
    final double[] phi, theta;
    final int r;
    double sigma2, loglik;
    /** State prediction and covariance after the last observation (for forecasting). */
    double[] aNext;
    double[][] pNext;

    ArmaLikelihood(double[] phi, double[] theta) {
        this.phi = phi;
        this.theta = theta;
        this.r = Math.max(phi.length, theta.length + 1);
    }

    double[][] transition() {
        double[][] t = new double[r][r];
        for (int i = 0; i < r; i++) {
            if (i < phi.length) t[i][0] = phi[i];
            if (i + 1 < r) t[i][i + 1] = 1;
        }
        return t;
    }

    double[] rVector() {
        double[] rv = new double[r];
        rv[0] = 1;
        for (int i = 1; i < r; i++) rv[i] = i - 1 < theta.length ? theta[i - 1] : 0;
        return rv;
    }

    /** Runs the filter over {@code w}; returns the concentrated log-likelihood (NaN if the filter breaks down). */
    double run(double[] w) {
        double[] rv = rVector();
        double[][] rr = new double[r][r];
        for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) rr[i][j] = rv[i] * rv[j];
        double[][] p = Matrices.lyapunov(transition(), rr);
        double[] a = new double[r];
        double[][] m = new double[r][r];
        double ssq = 0, sumlog = 0;
        int nu = 0;
        for (double y : w) {
            double f = p[0][0];
            if (!(f > 0)) return Double.NaN;
            double v = y - a[0];
            ssq += v * v / f;
            sumlog += Math.log(f);
            nu++;
            double[] p0 = p[0].clone();
            // filtered: a += P[:,0] v / F ; P -= P[:,0] P[0,:] / F
            for (int i = 0; i < r; i++) {
                a[i] += p0[i] * v / f;
                for (int j = 0; j < r; j++) p[i][j] -= p0[i] * p0[j] / f;
            }
            // predict: a = T a ; P = T P Tᵀ + R Rᵀ
            double a0 = a[0];
            for (int i = 0; i < r; i++) a[i] = (i < phi.length ? phi[i] * a0 : 0) + (i + 1 < r ? a[i + 1] : 0);
            for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) m[i][j] = (i < phi.length ? phi[i] * p[0][j] : 0) + (i + 1 < r ? p[i + 1][j] : 0);
            for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) p[i][j] = (j < phi.length ? phi[j] * m[i][0] : 0) + (j + 1 < r ? m[i][j + 1] : 0) + rr[i][j];
        }
        sigma2 = ssq / nu;
        loglik = -0.5 * (nu * Math.log(2 * Math.PI * sigma2) + sumlog + nu);
        aNext = a;
        pNext = p;
        return loglik;
    }
}
