package io.sequoia.timeseries.classical;

import io.sequoia.timeseries.classical.ExponentialSmoothing.Season;
import io.sequoia.timeseries.classical.ExponentialSmoothing.Trend;

/**
 * Forecast means and variances of the ETS models (Hyndman, Koehler, Ord &amp; Snyder 2008, ch. 6), as
 * R's {@code forecast.ets} computes them:
 * <ul>
 * <li>class 1 (additive errors; trend N/A/Ad, season N/A): {@code v_h = σ²(1 + Σ_{j<h} c_j²)} with
 * {@code c_j = w'F^{j−1}g};</li>
 * <li>class 2 (multiplicative errors; season N/A): {@code v_h = (1 + σ²)θ_h − μ_h²},
 * {@code θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}};</li>
 * <li>class 3 (multiplicative errors and season): the level/slope block {@code x} and the seasonal block
 * {@code z} evolve as {@code x_t = (F₁ + G₁ε)x_{t−1}}, {@code z_t = (F₂ + G₂ε)z_{t−1}}; the first two moments
 * of {@code x z'} are propagated exactly (Kronecker form), the mean includes its σ² term.</li>
 * </ul>
 * Unlike R's code, the seasonal smoothing weight {@code γ} sits on the newest seasonal state in class 1/2
 * also when there is no trend, and the damped class-3 model uses φ in the level's row ({@code ℓ + φb}),
 * which is the model {@link Ets} fits.
 */
final class EtsVariance {
    private EtsVariance() {}

    /** Forecast means and variances for steps 1..h. */
    record Moments(double[] mean, double[] variance) {}

    static Moments moments(boolean multError, Trend trend, Season season, int m, double alpha, double beta, double gamma, double phi,
                           double level, double slope, double[] seasonal, double sigma2, int h) {
        if (multError && season == Season.MULTIPLICATIVE) return class3(trend, m, alpha, beta, gamma, phi, level, slope, seasonal, sigma2, h);
        // linear state x = (l, b?, s_1..s_m newest first), w picks the one-step mean, F moves it, g carries the error
        boolean tr = trend != Trend.NONE, se = season != Season.NONE;
        double ph = trend == Trend.DAMPED ? phi : 1;
        int p = 1 + (tr ? 1 : 0) + (se ? m : 0), sOff = tr ? 2 : 1;
        double[] x = new double[p], g = new double[p], w = new double[p];
        x[0] = level;
        w[0] = 1;
        g[0] = alpha;
        if (tr) { x[1] = slope; w[1] = ph; g[1] = beta; }
        if (se) {
            System.arraycopy(seasonal, 0, x, sOff, m);
            w[p - 1] = 1;
            g[sOff] = gamma;
        }
        double[] mean = new double[h], c = new double[h];
        double[] fx = x.clone(), fg = g.clone(), tmp = new double[p];
        for (int i = 0; i < h; i++) {
            mean[i] = dot(w, fx);
            c[i] = dot(w, fg);                 // c_{i+1} = w'F^i g
            step(fx, tmp, tr, se, ph, sOff, m);
            step(fg, tmp, tr, se, ph, sOff, m);
        }
        double[] var = new double[h];
        if (!multError) {
            double cum = 0;
            for (int i = 0; i < h; i++) {
                var[i] = sigma2 * (1 + cum);
                cum += c[i] * c[i];
            }
            return new Moments(mean, var);
        }
        double[] theta = new double[h];
        for (int j = 0; j < h; j++) {
            double s = 0;
            for (int i = 0; i < j; i++) s += c[i] * c[i] * theta[j - 1 - i];
            theta[j] = mean[j] * mean[j] + sigma2 * s;
            var[j] = (1 + sigma2) * theta[j] - mean[j] * mean[j];
        }
        return new Moments(mean, var);
    }

    /** {@code v ← F v}: level += φ·slope, slope ·= φ, seasonal states shift (the oldest becomes the newest). */
    private static void step(double[] v, double[] tmp, boolean tr, boolean se, double ph, int sOff, int m) {
        System.arraycopy(v, 0, tmp, 0, v.length);
        if (tr) { v[0] = tmp[0] + ph * tmp[1]; v[1] = ph * tmp[1]; }
        if (se) {
            v[sOff] = tmp[sOff + m - 1];
            for (int k = 1; k < m; k++) v[sOff + k] = tmp[sOff + k - 1];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static Moments class3(Trend trend, int m, double alpha, double beta, double gamma, double phi,
                                  double level, double slope, double[] seasonal, double sigma2, int h) {
        int k = trend == Trend.NONE ? 1 : 2;
        double ph = trend == Trend.DAMPED ? phi : 1;
        double[][] f1, g1;
        double[] h1;
        if (k == 1) {
            f1 = new double[][] {{1}};
            g1 = new double[][] {{alpha}};
            h1 = new double[] {1};
        } else {
            f1 = new double[][] {{1, ph}, {0, ph}};
            g1 = new double[][] {{alpha, alpha * ph}, {beta, beta * ph}};
            h1 = new double[] {1, ph};
        }
        double[][] f2 = new double[m][m], g2 = new double[m][m];
        f2[0][m - 1] = 1;
        for (int i = 1; i < m; i++) f2[i][i - 1] = 1;
        g2[0][m - 1] = gamma;
        double[] h2 = new double[m];
        h2[m - 1] = 1;
        double[] xs = k == 1 ? new double[] {level} : new double[] {level, slope};
        double[][] mh = new double[k][m];
        for (int i = 0; i < k; i++) for (int j = 0; j < m; j++) mh[i][j] = xs[i] * seasonal[j];
        int km = k * m;
        double[][] vh = new double[km][km];
        double[] h21 = kron(h2, h1);
        double[][] f21 = kron(f2, f1), g21 = kron(g2, g1);
        double[][] kk = Matrices.add(kron(g2, f1), kron(f2, g1));
        double[] mean = new double[h], var = new double[h];
        for (int i = 0; i < h; i++) {
            double mu = 0;
            for (int a = 0; a < k; a++) for (int b = 0; b < m; b++) mu += h1[a] * mh[a][b] * h2[b];
            mean[i] = mu;
            var[i] = (1 + sigma2) * quad(h21, vh) + sigma2 * mu * mu;
            double[] vec = new double[km];          // column-major vec(M)
            for (int b = 0; b < m; b++) for (int a = 0; a < k; a++) vec[b * k + a] = mh[a][b];
            double[][] outer = new double[km][km];
            for (int a = 0; a < km; a++) for (int b = 0; b < km; b++) outer[a][b] = vec[a] * vec[b];
            double[][] fv = Matrices.mul(f21, vh);
            double[][] cross = Matrices.add(Matrices.mul(fv, Matrices.transpose(g21)), Matrices.mul(Matrices.mul(g21, vh), Matrices.transpose(f21)));
            double[][] kpart = Matrices.sandwich(kk, Matrices.add(vh, outer));
            double[][] inner = new double[km][km];
            for (int a = 0; a < km; a++) for (int b = 0; b < km; b++) inner[a][b] = 3 * vh[a][b] + 2 * outer[a][b];
            double[][] gpart = Matrices.sandwich(g21, inner);
            double[][] next = Matrices.mul(fv, Matrices.transpose(f21));
            for (int a = 0; a < km; a++) for (int b = 0; b < km; b++) {
                next[a][b] += sigma2 * (cross[a][b] + kpart[a][b] + sigma2 * gpart[a][b]);
            }
            vh = next;
            double[][] a1 = Matrices.mul(Matrices.mul(f1, mh), Matrices.transpose(f2));
            double[][] a2 = Matrices.mul(Matrices.mul(g1, mh), Matrices.transpose(g2));
            for (int a = 0; a < k; a++) for (int b = 0; b < m; b++) a1[a][b] += sigma2 * a2[a][b];
            mh = a1;
        }
        return new Moments(mean, var);
    }

    private static double quad(double[] v, double[][] a) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) continue;
            for (int j = 0; j < v.length; j++) s += v[i] * a[i][j] * v[j];
        }
        return s;
    }

    /** Kronecker product {@code a ⊗ b}. */
    static double[][] kron(double[][] a, double[][] b) {
        int ra = a.length, ca = a[0].length, rb = b.length, cb = b[0].length;
        double[][] o = new double[ra * rb][ca * cb];
        for (int i = 0; i < ra; i++) for (int j = 0; j < ca; j++) {
            if (a[i][j] == 0) continue;
            for (int p = 0; p < rb; p++) for (int q = 0; q < cb; q++) o[i * rb + p][j * cb + q] = a[i][j] * b[p][q];
        }
        return o;
    }

    private static double[] kron(double[] a, double[] b) {
        double[] o = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) for (int p = 0; p < b.length; p++) o[i * b.length + p] = a[i] * b[p];
        return o;
    }
}
