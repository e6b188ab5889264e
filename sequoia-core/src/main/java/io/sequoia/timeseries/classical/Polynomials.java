package io.sequoia.timeseries.classical;

/** Lag polynomials of ARIMA models, as coefficient arrays indexed by power of B (index 0 is the constant). */
final class Polynomials {
    private Polynomials() {}

    static double[] multiply(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
        return c;
    }

    /** {@code 1 + sign·Σ c_i B^(i·step)}. */
    static double[] lag(double[] c, int step, double sign) {
        double[] p = new double[c.length * step + 1];
        p[0] = 1;
        for (int i = 0; i < c.length; i++) p[(i + 1) * step] = sign * c[i];
        return p;
    }

    /**
     * Full AR coefficients {@code φ} of {@code (1 − Σφ_i B^i)(1 − ΣΦ_j B^{sj})} written as {@code 1 − Σ φ_k B^k};
     * with {@code sign = +1} the MA product {@code (1 + Σθ_i B^i)(1 + ΣΘ_j B^{sj})} as {@code 1 + Σ θ_k B^k}.
     */
    static double[] expand(double[] nonSeasonal, double[] seasonal, int s, double sign) {
        double[] p = multiply(lag(nonSeasonal, 1, sign), lag(seasonal, s, sign));
        double[] out = new double[p.length - 1];
        for (int k = 1; k < p.length; k++) out[k - 1] = sign * p[k];
        return out;
    }

    /** {@code (1 − B)^d (1 − B^s)^D}. */
    static double[] differencing(int d, int sd, int s) {
        double[] p = {1};
        for (int i = 0; i < d; i++) p = multiply(p, new double[]{1, -1});
        for (int i = 0; i < sd; i++) p = multiply(p, lag(new double[]{1}, s, -1));
        return p;
    }

    /** Applies the polynomial {@code delta} to {@code y}: {@code w_t = Σ δ_k y_{t−k}}, dropping the first {@code delta.length − 1} points. */
    static double[] apply(double[] delta, double[] y) {
        int lost = delta.length - 1;
        double[] w = new double[Math.max(0, y.length - lost)];
        for (int t = 0; t < w.length; t++) {
            double v = 0;
            for (int k = 0; k < delta.length; k++) v += delta[k] * y[t + lost - k];
            w[t] = v;
        }
        return w;
    }

    /** ψ-weights of {@code θ(B)/φ(B)} where {@code ar} is the full polynomial {@code φ(B)} (index 0 = 1) and {@code ma} is {@code 1 + Σθ_k B^k}. */
    static double[] psi(double[] ar, double[] ma, int h) {
        double[] psi = new double[h];
        for (int j = 0; j < h; j++) {
            double v = j < ma.length ? ma[j] : 0;
            for (int k = 1; k <= j && k < ar.length; k++) v -= ar[k] * psi[j - k];
            psi[j] = v;
        }
        return psi;
    }

    /** R's {@code partrans}: maps unconstrained values to the coefficients of a stationary AR polynomial (via tanh to partial autocorrelations). */
    static double[] stationaryAr(double[] raw, int from, int p) {
        double[] work = new double[p], out = new double[p];
        for (int j = 0; j < p; j++) work[j] = out[j] = Math.tanh(raw[from + j]);
        for (int j = 1; j < p; j++) {
            double a = out[j];
            for (int k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
            System.arraycopy(work, 0, out, 0, j);
        }
        return out;
    }

    /** Inverse of {@link #stationaryAr} (Durbin–Levinson backwards), for starting values; clamps partial autocorrelations to ±0.99. */
    static double[] stationaryArInverse(double[] phi) {
        int p = phi.length;
        double[] a = phi.clone(), raw = new double[p];
        for (int j = p - 1; j >= 0; j--) {
            double pacf = Math.max(-0.99, Math.min(0.99, a[j]));
            raw[j] = 0.5 * Math.log((1 + pacf) / (1 - pacf));
            double[] prev = new double[j];
            for (int k = 0; k < j; k++) prev[k] = (a[k] + pacf * a[j - k - 1]) / (1 - pacf * pacf);
            System.arraycopy(prev, 0, a, 0, j);
        }
        return raw;
    }

    /**
     * Whether every root of {@code 1 + sign·(c[0] z + c[1] z² + …)} has modulus above {@code radius}, as R's
     * {@code auto.arima} checks with {@code abs(polyroot(...)) >= 1.01}: the roots of the polynomial in
     * {@code w = z / radius}, reversed, must lie inside the unit circle (Schur–Cohn, {@link Ets#rootsInsideUnitCircle}).
     */
    static boolean rootsOutside(double[] c, double sign, double radius) {
        int k = c.length;
        while (k > 0 && Math.abs(c[k - 1]) <= 1e-8) k--;
        if (k == 0) return true;
        double[] rev = new double[k + 1];
        double pow = 1;
        rev[k] = 1;
        for (int j = 1; j <= k; j++) { pow *= radius; rev[k - j] = sign * c[j - 1] * pow; }
        return Ets.rootsInsideUnitCircle(rev);
    }
}
