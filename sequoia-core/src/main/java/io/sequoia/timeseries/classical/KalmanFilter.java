package io.sequoia.timeseries.classical;

/**
 * The Kalman filter, predictor and fixed-interval smoother for a {@link StateSpace} model — the
 * three problems of estimating the state at time s from data up to time t: filtering (s = t),
 * prediction (s &gt; t) and smoothing (s &lt; t). Missing observations ({@code NaN}) skip the update.
 */
public final class KalmanFilter {
    private KalmanFilter() {}

    /**
     * Filter output. Index t runs over observations 0..n-1: {@code predicted[t]}/{@code predictedVar[t]}
     * are {@code a_{t|t-1}}, {@code P_{t|t-1}} (index n is the one-step prediction after the data);
     * {@code filtered}/{@code filteredVar} are {@code a_{t|t}}, {@code P_{t|t}}; {@code v}, {@code f}
     * the innovations and their variances; {@code loglik} the Gaussian log-likelihood skipping the
     * first {@code burn} observations (diffuse start).
     */
    public record Result(StateSpace model, double[][] predicted, double[][][] predictedVar, double[][] filtered,
                         double[][][] filteredVar, double[] v, double[] f, double loglik, int used) {}

    /** The smoothed states {@code a_{t|n}} and their variances. */
    public record Smoothed(double[][] state, double[][][] var) {}

    /** Runs the filter over {@code y}; the first {@code burn} innovations do not enter the likelihood. */
    public static Result filter(StateSpace m, double[] y, int burn) {
        int n = y.length, k = m.stateDim();
        double[][] a = new double[n + 1][], att = new double[n][];
        double[][][] p = new double[n + 1][][], ptt = new double[n][][];
        double[] v = new double[n], f = new double[n];
        a[0] = m.a1().clone();
        p[0] = Matrices.copy(m.p1());
        double ll = 0;
        int used = 0;
        for (int t = 0; t < n; t++) {
            double[] zp = Matrices.mul(p[t], m.z()); // P Zᵀ, (k)
            double ft = Matrices.dot(m.z(), zp) + m.h();
            if (Double.isNaN(y[t]) || ft <= 0) {
                att[t] = a[t].clone();
                ptt[t] = Matrices.copy(p[t]);
                v[t] = Double.NaN;
                f[t] = ft;
            } else {
                double vt = y[t] - Matrices.dot(m.z(), a[t]);
                v[t] = vt;
                f[t] = ft;
                att[t] = new double[k];
                ptt[t] = new double[k][k];
                for (int i = 0; i < k; i++) {
                    att[t][i] = a[t][i] + zp[i] * vt / ft;
                    for (int j = 0; j < k; j++) ptt[t][i][j] = p[t][i][j] - zp[i] * zp[j] / ft;
                }
                if (t >= burn) {
                    ll += -0.5 * (Math.log(2 * Math.PI) + Math.log(ft) + vt * vt / ft);
                    used++;
                }
            }
            a[t + 1] = Matrices.mul(m.t(), att[t]);
            p[t + 1] = Matrices.add(Matrices.sandwich(m.t(), ptt[t]), m.q());
        }
        return new Result(m, a, p, att, ptt, v, f, ll, used);
    }

    /** The fixed-interval smoother (de Jong's backward recursion) over a filter result. */
    public static Smoothed smooth(Result r) {
        StateSpace m = r.model();
        int n = r.v().length, k = m.stateDim();
        double[][] s = new double[n][];
        double[][][] sv = new double[n][][];
        double[] rr = new double[k];
        double[][] nn = new double[k][k];
        for (int t = n - 1; t >= 0; t--) {
            double[] zp = Matrices.mul(r.predictedVar()[t], m.z());
            double ft = r.f()[t];
            double[][] l = Matrices.copy(m.t());
            boolean observed = !Double.isNaN(r.v()[t]);
            if (observed) {
                double[] kg = Matrices.mul(m.t(), zp); // T P Zᵀ
                for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) l[i][j] -= kg[i] * m.z()[j] / ft;
            }
            double[][] lt = Matrices.transpose(l);
            double[] newR = Matrices.mul(lt, rr);
            double[][] newN = Matrices.mul(Matrices.mul(lt, nn), l);
            if (observed) {
                for (int i = 0; i < k; i++) {
                    newR[i] += m.z()[i] * r.v()[t] / ft;
                    for (int j = 0; j < k; j++) newN[i][j] += m.z()[i] * m.z()[j] / ft;
                }
            }
            rr = newR;
            nn = newN;
            double[][] pt = r.predictedVar()[t];
            double[] pr = Matrices.mul(pt, rr);
            s[t] = new double[k];
            for (int i = 0; i < k; i++) s[t][i] = r.predicted()[t][i] + pr[i];
            sv[t] = new double[k][k];
            double[][] pnp = Matrices.mul(Matrices.mul(pt, nn), pt);
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) sv[t][i][j] = pt[i][j] - pnp[i][j];
        }
        return new Smoothed(s, sv);
    }

    /** Predictions of the observation {@code 1..h} steps after the data: {@code mean[i]} and {@code variance[i]} (including H) for step i + 1. */
    public record Prediction(double[] mean, double[] variance) {}

    /** Predicts the observation {@code 1..h} steps after the data. */
    public static Prediction forecast(Result r, int h) {
        StateSpace m = r.model();
        int n = r.v().length;
        double[] a = r.predicted()[n].clone();
        double[][] p = Matrices.copy(r.predictedVar()[n]);
        double[] mean = new double[h], var = new double[h];
        for (int i = 0; i < h; i++) {
            mean[i] = Matrices.dot(m.z(), a);
            var[i] = Matrices.dot(m.z(), Matrices.mul(p, m.z())) + m.h();
            a = Matrices.mul(m.t(), a);
            p = Matrices.add(Matrices.sandwich(m.t(), p), m.q());
        }
        return new Prediction(mean, var);
    }
}
