package io.sequoia.timeseries.classical;

/** Small dense matrix operations for the state-space code ({@code double[rows][cols]}). */
final class Matrices {
    private Matrices() {}

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) for (int l = 0; l < k; l++) {
            double v = a[i][l];
            if (v == 0) continue;
            for (int j = 0; j < m; j++) c[i][j] += v * b[l][j];
        }
        return c;
    }

    static double[] mul(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < x.length; j++) y[i] += a[i][j] * x[j];
        return y;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) c[i][j] = a[i][j] + b[i][j];
        return c;
    }

    /** {@code A X Aᵀ}. */
    static double[][] sandwich(double[][] a, double[][] x) { return mul(mul(a, x), transpose(a)); }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Solves {@code P = T P Tᵀ + Q} for a stable {@code T} by doubling ({@code P = Σ Tᵏ Q Tᵏᵀ}). */
    static double[][] lyapunov(double[][] t, double[][] q) {
        double[][] p = copy(q), a = copy(t);
        for (int it = 0; it < 60; it++) {
            double[][] next = add(p, sandwich(a, p));
            a = mul(a, a);
            double diff = 0, size = 0;
            for (int i = 0; i < p.length; i++) for (int j = 0; j < p.length; j++) {
                diff = Math.max(diff, Math.abs(next[i][j] - p[i][j]));
                size = Math.max(size, Math.abs(next[i][j]));
            }
            p = next;
            if (diff <= 1e-13 * Math.max(size, 1e-300)) break;
            if (!Double.isFinite(size)) break;
        }
        return p;
    }

    /** Solves the symmetric positive definite system {@code A x = b} (normal equations) by Gaussian elimination with pivoting. */
    /**
     * {@link #solve} on a row-major {@code n × n} matrix, overwriting {@code a} and {@code b}: the same elimination
     * (partial pivoting, zero pivots skipped) without copies, for hot loops. Returns a new solution vector.
     */
    static double[] solveInPlace(double[] a, double[] b, int n) {
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
            if (piv != c) {
                for (int k = 0; k < n; k++) { double t = a[c * n + k]; a[c * n + k] = a[piv * n + k]; a[piv * n + k] = t; }
                double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            }
            double pc = a[c * n + c];
            if (pc == 0) continue;
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / pc;
                for (int k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
            x[r] = a[r * n + r] == 0 ? 0 : s / a[r * n + r];
        }
        return x;
    }

    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = copy(a0);
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] tr = a[c]; a[c] = a[piv]; a[piv] = tr;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            if (a[c][c] == 0) continue;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = a[r][r] == 0 ? 0 : s / a[r][r];
        }
        return x;
    }

    /** Least squares {@code argmin |y − X b|²} through the normal equations; also returns the residual variance in {@code out[0]} if non-null. */
    static double[] ols(double[][] x, double[] y, double[] residualVariance) {
        int k = x[0].length, n = y.length;
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        for (int t = 0; t < n; t++) for (int i = 0; i < k; i++) {
            xty[i] += x[t][i] * y[t];
            for (int j = 0; j < k; j++) xtx[i][j] += x[t][i] * x[t][j];
        }
        double[] b = solve(xtx, xty);
        if (residualVariance != null) {
            double s = 0;
            for (int t = 0; t < n; t++) { double e = y[t] - dot(x[t], b); s += e * e; }
            residualVariance[0] = s / Math.max(1, n - k);
            double[][] inv = new double[k][];
            for (int i = 0; i < k; i++) { double[] e = new double[k]; e[i] = 1; inv[i] = solve(xtx, e); }
            for (int i = 0; i < k && i + 1 < residualVariance.length; i++) residualVariance[i + 1] = Math.sqrt(Math.max(0, inv[i][i] * residualVariance[0]));
        }
        return b;
    }
}
