package io.sequoia.timeseries.classical;

/**
 * The exact Gaussian likelihood of a zero-mean ARMA process through the Kalman filter, in Harvey's
 * state-space form (state dimension {@code r = max(p, q + 1)}, companion transition, stationary
 * initial covariance from the Lyapunov equation), with σ² concentrated out as R's {@code arima}
 * does: {@code σ̂² = Σ v²/F / n} and {@code loglik = −½(n log(2π σ̂²) + Σ log F + n)}.
 * <p>Speed: the initial covariance solves {@code P = T P Tᵀ + R Rᵀ} through the companion structure
 * of T (an r×r linear system for the first row, then one pass along the diagonals: O(r³) with a
 * small constant, instead of dense doubling); each step costs O(r²) on flat work arrays allocated
 * once per object (only the upper triangle of P is kept, and the filtered-then-predicted covariance is a
 * shift of P, see {@link #run}); once the gain has converged (the first column of P changes by less than
 * 1e-12 relative) the remaining steps run the steady-state recursion in O(r).
 */
final class ArmaLikelihood {
    /** Relative change of the first column of P below which the filter is taken as converged. */
    static final double STEADY_TOL = 1e-12;

    final double[] phi, theta;
    final int r;
    double sigma2, loglik;
    /** State prediction and covariance after the last observation (for forecasting). */
    double[] aNext;
    double[][] pNext;
    private final double[] rv, p, a, p0;

    ArmaLikelihood(double[] phi, double[] theta) {
        this.phi = phi;
        this.theta = theta;
        this.r = Math.max(phi.length, theta.length + 1);
        rv = new double[r];
        rv[0] = 1;
        for (int i = 1; i < r; i++) rv[i] = i - 1 < theta.length ? theta[i - 1] : 0;
        p = new double[r * r];
        a = new double[r];
        p0 = new double[r];
    }

    double[][] transition() {
        double[][] t = new double[r][r];
        for (int i = 0; i < r; i++) {
            if (i < phi.length) t[i][0] = phi[i];
            if (i + 1 < r) t[i][i + 1] = 1;
        }
        return t;
    }

    double[] rVector() { return rv.clone(); }

    private double ph(int i) { return i < phi.length ? phi[i] : 0; }

    /**
     * The stationary covariance {@code P = T P Tᵀ + R Rᵀ} for the companion T, into {@code out} (row-major r×r).
     * With {@code u_j = P_{0j}}: {@code P_ij = Q_ij + φ_iφ_j u_0 + φ_i u_{j+1} + φ_j u_{i+1} + P_{i+1,j+1}};
     * unrolling along the diagonal gives r linear equations in u, then the diagonals fill P from the bottom right.
     * Returns false when the system is singular (a unit root).
     */
    boolean stationaryCovariance(double[] out) {
        double[][] aMat = new double[r][r];
        double[] b = new double[r];
        for (int j = 0; j < r; j++) {
            aMat[j][j] += 1;
            for (int k = 0; j + k < r; k++) {
                b[j] += rv[k] * rv[j + k];
                double pk = ph(k), pjk = ph(j + k);
                aMat[j][0] -= pk * pjk;
                if (j + k + 1 < r) aMat[j][j + k + 1] -= pk;
                if (k + 1 < r) aMat[j][k + 1] -= pjk;
            }
        }
        double[] u = Matrices.solve(aMat, b);
        for (double v : u) if (!Double.isFinite(v)) return false;
        for (int i = r - 1; i >= 0; i--) {
            for (int j = r - 1; j >= i; j--) {
                double v = rv[i] * rv[j] + ph(i) * ph(j) * u[0] + ph(i) * (j + 1 < r ? u[j + 1] : 0) + ph(j) * (i + 1 < r ? u[i + 1] : 0)
                        + (i + 1 < r && j + 1 < r ? out[(i + 1) * r + j + 1] : 0);
                out[i * r + j] = v;
                out[j * r + i] = v;
            }
        }
        return true;
    }

    /** Runs the filter over {@code w}; returns the concentrated log-likelihood (NaN if the filter breaks down). */
    double run(double[] w) {
        if (!stationaryCovariance(p)) return Double.NaN;
        java.util.Arrays.fill(a, 0);
        double ssq = 0, sumlog = 0, fPrev = Double.NaN;
        int nu = 0, t = 0, np = phi.length;
        boolean steady = false;
        for (; t < w.length && !steady; t++) {
            double f = p[0];
            if (!(f > 0)) return Double.NaN;
            double v = w[t] - a[0];
            ssq += v * v / f;
            sumlog += Math.log(f);
            nu++;
            System.arraycopy(p, 0, p0, 0, r);
            // With Z = e₁ and no observation noise the filtered covariance P − P[:,0]P[0,:]/F has a zero
            // first row and column, so T P_filtered Tᵀ is P_filtered shifted up-left by one: φ drops out and
            // P_{t+1}[i][j] = P[i+1][j+1] − P[0][i+1]P[0][j+1]/F + R_i R_j (upper triangle, in place).
            // The state: a_filtered[0] = w_t exactly, so a_{t+1}[i] = φ_i w_t + a[i+1] + P[0][i+1] v/F.
            double vf = v / f, wt = w[t];
            for (int i = 0; i < r - 1; i++) a[i] = (i < np ? phi[i] * wt : 0) + a[i + 1] + p0[i + 1] * vf;
            a[r - 1] = r - 1 < np ? phi[r - 1] * wt : 0;
            for (int i = 0; i < r - 1; i++) {
                double ci = p0[i + 1] / f, ri = rv[i];
                int row = i * r, next = (i + 1) * r + 1;
                for (int j = i; j < r - 1; j++) p[row + j] = p[next + j] - ci * p0[j + 1] + ri * rv[j];
                p[row + r - 1] = ri * rv[r - 1];
            }
            p[r * r - 1] = rv[r - 1] * rv[r - 1];
            double change = 0, size = 0;
            for (int i = 0; i < r; i++) {
                change = Math.max(change, Math.abs(p[i] - p0[i]));
                size = Math.max(size, Math.abs(p[i]));
            }
            steady = change <= STEADY_TOL * size && Math.abs(p[0] - fPrev) <= STEADY_TOL * p[0];
            fPrev = p[0];
        }
        if (t < w.length) {
            // steady state: the gain k = P[:,0]/F is fixed; a_{t+1} = T (a_t + k v_t)
            double f = p[0], logf = Math.log(f);
            double[] k = new double[r];
            for (int i = 0; i < r; i++) k[i] = p[i] / f;   // the first row (= column) of P
            for (; t < w.length; t++) {
                double v = w[t] - a[0];
                ssq += v * v / f;
                sumlog += logf;
                nu++;
                double a0 = a[0] + k[0] * v;
                for (int i = 0; i < r; i++) a[i] = (i < np ? phi[i] * a0 : 0) + (i + 1 < r ? a[i + 1] + k[i + 1] * v : 0);
            }
        }
        sigma2 = ssq / nu;
        loglik = -0.5 * (nu * Math.log(2 * Math.PI * sigma2) + sumlog + nu);
        aNext = a.clone();
        pNext = new double[r][r];
        for (int i = 0; i < r; i++) for (int j = i; j < r; j++) pNext[i][j] = pNext[j][i] = p[i * r + j];
        return loglik;
    }

    /**
     * The conditional sum of squares (R's {@code ARIMA_CSS}): residuals of the ARMA recursion with
     * the first {@code ncond} residuals taken as zero; returns {@code ½ log(Σe²/nu)} (NaN when nothing is left).
     */
    double css(double[] w, int ncond) {
        int n = w.length, q = theta.length, np = phi.length;
        double[] e = new double[n];
        double ssq = 0;
        int nu = 0;
        for (int t = ncond; t < n; t++) {
            double v = w[t];
            for (int j = 0; j < np && t - j - 1 >= 0; j++) v -= phi[j] * w[t - j - 1];
            for (int j = 0; j < q && t - j - 1 >= ncond; j++) v -= theta[j] * e[t - j - 1];
            e[t] = v;
            ssq += v * v;
            nu++;
        }
        return nu > 0 ? 0.5 * Math.log(ssq / nu) : Double.NaN;
    }
}
