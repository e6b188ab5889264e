package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimisation by the Nelder–Mead simplex (standard coefficients 1, 2, 0.5, 0.5),
 * restarted from the best point until a restart no longer improves, which guards against the
 * simplex collapsing early. Non-finite objective values count as +∞.
 */
public final class NelderMead {
    private NelderMead() {}

    /** The minimiser's result. */
    public record Result(double[] x, double value, int evaluations) {}

    /** Minimises {@code f} from {@code x0} with initial step {@code step} in every coordinate. */
    public static Result minimize(ToDoubleFunction<double[]> f, double[] x0, double step, double tol, int maxEval) {
        if (x0.length == 0) return new Result(x0.clone(), safe(f, x0), 1);
        if (!(step > 0)) throw Errors.arg("NelderMead.minimize", "step must be positive", "> 0", step, null);
        Result r = run(f, x0, step, tol, maxEval);
        int evals = r.evaluations;
        for (int restart = 0; restart < 5 && evals < maxEval; restart++) {
            Result again = run(f, r.x, step / 4, tol, maxEval - evals);
            evals += again.evaluations;
            boolean improved = again.value < r.value - tol * (Math.abs(r.value) + tol);
            if (again.value < r.value) r = again;
            if (!improved) break;
        }
        return new Result(r.x, r.value, evals);
    }

    private static double safe(ToDoubleFunction<double[]> f, double[] x) {
        double v = f.applyAsDouble(x);
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }

    private static Result run(ToDoubleFunction<double[]> f, double[] x0, double step, double tol, int maxEval) {
        int n = x0.length, evals = 0;
        double[][] s = new double[n + 1][];
        double[] v = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            s[i] = x0.clone();
            if (i > 0) s[i][i - 1] += step;
            v[i] = safe(f, s[i]);
            evals++;
        }
        int[] idx = new int[n + 1];
        double[][] s2 = new double[n + 1][];
        double[] v2 = new double[n + 1];
        double[] c = new double[n];
        while (evals < maxEval) {
            // the vertices in increasing order of value, ties in their current order (a stable insertion sort, as the
            // stable sort of Double.compare it replaces: the same order, no boxing)
            for (int i = 0; i <= n; i++) {
                int k = i;
                double vi = v[i];
                while (k > 0 && Double.compare(v[idx[k - 1]], vi) > 0) { idx[k] = idx[k - 1]; k--; }
                idx[k] = i;
            }
            for (int i = 0; i <= n; i++) { s2[i] = s[idx[i]]; v2[i] = v[idx[i]]; }
            double[][] ts = s; s = s2; s2 = ts;
            double[] tv = v; v = v2; v2 = tv;
            double spread = 0;
            for (int i = 1; i <= n; i++) for (int j = 0; j < n; j++) spread = Math.max(spread, Math.abs(s[i][j] - s[0][j]));
            if (Math.abs(v[n] - v[0]) <= tol * (Math.abs(v[0]) + tol) && spread <= Math.sqrt(tol)) break;
            Arrays.fill(c, 0);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[j] += s[i][j] / n;
            double[] xr = along(c, s[n], -1);
            double fr = safe(f, xr); evals++;
            if (fr < v[0]) {
                double[] xe = along(c, s[n], -2);
                double fe = safe(f, xe); evals++;
                if (fe < fr) { s[n] = xe; v[n] = fe; } else { s[n] = xr; v[n] = fr; }
            } else if (fr < v[n - 1]) {
                s[n] = xr; v[n] = fr;
            } else {
                boolean outside = fr < v[n];
                double[] xc = along(c, s[n], outside ? -0.5 : 0.5);
                double fc = safe(f, xc); evals++;
                if (fc < (outside ? fr : v[n])) { s[n] = xc; v[n] = fc; }
                else {
                    for (int i = 1; i <= n; i++) {
                        s[i] = along(s[0], s[i], 0.5);
                        v[i] = safe(f, s[i]); evals++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) if (v[i] < v[best]) best = i;
        return new Result(s[best].clone(), v[best], evals);
    }

    /** {@code c + t·(p − c)}. */
    private static double[] along(double[] c, double[] p, double t) {
        double[] o = new double[c.length];
        for (int j = 0; j < c.length; j++) o[j] = c[j] + t * (p[j] - c[j]);
        return o;
    }
}
