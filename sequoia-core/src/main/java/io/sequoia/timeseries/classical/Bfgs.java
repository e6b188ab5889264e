package io.sequoia.timeseries.classical;

import java.util.function.ToDoubleFunction;

/**
 * Quasi-Newton minimisation as R's {@code optim(method = "BFGS")} (Nash's variable-metric
 * {@code vmmin}: backtracking line search with step reduction 0.2 and acceptance 1e-4, BFGS update of
 * the inverse Hessian, restart from the identity when the update fails), with R's central-difference
 * gradient of step {@code ndeps} (1e-3). Non-finite objective values count as +∞.
 */
public final class Bfgs {
    private Bfgs() {}

    /** R's defaults: {@code ndeps}, {@code reltol}, {@code maxit}. */
    public static final double NDEPS = 1e-3, RELTOL = 1e-8;
    public static final int MAXIT = 100;

    /** The minimiser's result. */
    public record Result(double[] x, double value, int evaluations) {}

    public static Result minimize(ToDoubleFunction<double[]> fn, double[] x0) { return minimize(fn, x0, RELTOL, MAXIT); }

    public static Result minimize(ToDoubleFunction<double[]> fn, double[] x0, double reltol, int maxit) {
        int n = x0.length;
        int[] evals = {0};
        ToDoubleFunction<double[]> f = x -> { evals[0]++; double v = fn.applyAsDouble(x); return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY; };
        double[] b = x0.clone();
        double fmin = f.applyAsDouble(b);
        if (n == 0 || !Double.isFinite(fmin)) return new Result(b, fmin, evals[0]);
        double[] g = new double[n], t = new double[n], xs = new double[n], c = new double[n];
        double[][] h = new double[n][n];
        gradient(f, b, g);
        int iter = 1, gradcount = 1, ilast = gradcount, count;
        final double stepredn = 0.2, acctol = 1e-4, reltest = 10.0;
        do {
            if (ilast == gradcount) for (int i = 0; i < n; i++) { java.util.Arrays.fill(h[i], 0); h[i][i] = 1; }
            System.arraycopy(b, 0, xs, 0, n);
            System.arraycopy(g, 0, c, 0, n);
            double gradproj = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s -= h[i][j] * g[j];
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0) {
                double steplength = 1, fv = fmin;
                boolean accpoint = false;
                do {
                    count = 0;
                    for (int i = 0; i < n; i++) {
                        b[i] = xs[i] + steplength * t[i];
                        if (reltest + xs[i] == reltest + b[i]) count++;
                    }
                    if (count < n) {
                        fv = f.applyAsDouble(b);
                        accpoint = Double.isFinite(fv) && fv <= fmin + gradproj * steplength * acctol;
                        if (!accpoint) steplength *= stepredn;
                    }
                } while (!(count == n || accpoint));
                boolean enough = Math.abs(fv - fmin) > reltol * (Math.abs(fmin) + reltol);
                if (!enough) { count = n; if (fv < fmin) fmin = fv; else System.arraycopy(xs, 0, b, 0, n); }
                if (count < n) {
                    fmin = fv;
                    gradient(f, b, g);
                    gradcount++;
                    iter++;
                    double d1 = 0;
                    for (int i = 0; i < n; i++) { t[i] *= steplength; c[i] = g[i] - c[i]; d1 += t[i] * c[i]; }
                    if (d1 > 0) {
                        double d2 = 0;
                        for (int i = 0; i < n; i++) {
                            double s = 0;
                            for (int j = 0; j < n; j++) s += h[i][j] * c[j];
                            xs[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1 + d2 / d1;
                        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h[i][j] += (d2 * t[i] * t[j] - xs[i] * t[j] - t[i] * xs[j]) / d1;
                    } else {
                        ilast = gradcount;
                    }
                } else if (ilast < gradcount) {
                    count = 0;
                    ilast = gradcount;
                }
            } else {
                count = 0;
                if (ilast == gradcount) count = n; else ilast = gradcount;
            }
            if (iter >= maxit) break;
            if (gradcount - ilast > 2 * n) ilast = gradcount;
        } while (count != n || ilast != gradcount);
        return new Result(b, fmin, evals[0]);
    }

    private static void gradient(ToDoubleFunction<double[]> f, double[] x, double[] g) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            x[i] = xi + NDEPS;
            double up = f.applyAsDouble(x);
            x[i] = xi - NDEPS;
            double down = f.applyAsDouble(x);
            x[i] = xi;
            g[i] = (up - down) / (2 * NDEPS);
            if (!Double.isFinite(g[i])) g[i] = 0;
        }
    }
}
