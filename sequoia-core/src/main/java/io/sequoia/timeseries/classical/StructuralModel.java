package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structural time-series models as in R's {@code StructTS}: local level, local linear trend, and
 * the basic structural model (trend plus dummy seasonal of period s). The variances (R's names
 * {@code level}, {@code slope}, {@code seas}, {@code epsilon}) maximise the Gaussian likelihood from
 * the {@link KalmanFilter}; the initial state is diffuse-like ({@code P1 = 10⁶·var(y)}) and the first
 * m innovations (m = state dimension) are left out of the likelihood.
 */
public final class StructuralModel implements Forecaster {
    /** Which components. */
    public enum Kind { LEVEL, TREND, BSM }

    private final Kind kind;
    private final int period;
    private double[] variances; // epsilon, level, slope?, seas?
    private KalmanFilter.Result result;
    private double loglik;

    public StructuralModel(Kind kind, int period) {
        if (kind == Kind.BSM && period < 2) throw Errors.arg("StructuralModel", "the seasonal model needs period >= 2", ">= 2", period, null);
        this.kind = kind;
        this.period = kind == Kind.BSM ? period : 1;
    }

    @Override public String name() { return "kalman"; }

    private int stateDim() { return 1 + (kind != Kind.LEVEL ? 1 : 0) + (kind == Kind.BSM ? period - 1 : 0); }

    /** The model's state space for variances {@code (epsilon, level, slope, seas)}. */
    public StateSpace stateSpace(double[] var, double a1Level, double kappa) {
        int k = stateDim();
        double[] z = new double[k];
        double[][] t = new double[k][k], q = new double[k][k], p1 = new double[k][k];
        z[0] = 1;
        t[0][0] = 1;
        q[0][0] = var[1];
        int i = 1;
        if (kind != Kind.LEVEL) { t[0][1] = 1; t[1][1] = 1; q[1][1] = var[2]; i = 2; }
        if (kind == Kind.BSM) {
            z[i] = 1;
            for (int j = 0; j < period - 1; j++) t[i][i + j] = -1;
            for (int j = 1; j < period - 1; j++) t[i + j][i + j - 1] = 1;
            q[i][i] = var[3];
        }
        for (int j = 0; j < k; j++) p1[j][j] = kappa;
        double[] a1 = new double[k];
        a1[0] = a1Level;
        return new StateSpace(z, t, var[0], q, a1, p1);
    }

    @Override public StructuralModel fit(double[] y, double[][] xreg) {
        int k = stateDim();
        if (y.length < k + 3) throw Errors.arg("StructuralModel.fit", "series too short for the model", ">= " + (k + 3), y.length, kind.toString());
        double mean = 0, var = 0;
        for (double v : y) mean += v / y.length;
        for (double v : y) var += (v - mean) * (v - mean) / y.length;
        final double vy = Math.max(var, 1e-12), kappa = 1e6 * vy, a1 = y[0];
        int nv = 2 + (kind != Kind.LEVEL ? 1 : 0) + (kind == Kind.BSM ? 1 : 0);
        java.util.function.ToDoubleFunction<double[]> nll = p -> {
            double[] v = expand(p, vy);
            double ll = KalmanFilter.filter(stateSpace(v, a1, kappa), y, k).loglik();
            return Double.isFinite(ll) ? -ll : Double.POSITIVE_INFINITY;
        };
        double[] x0 = new double[nv];
        java.util.Arrays.fill(x0, Math.log(0.1));
        NelderMead.Result r = NelderMead.minimize(nll, x0, 1.0, 1e-10, 2000 * nv);
        variances = expand(r.x(), vy);
        result = KalmanFilter.filter(stateSpace(variances, a1, kappa), y, k);
        loglik = result.loglik();
        return this;
    }

    private double[] expand(double[] p, double vy) {
        double[] v = new double[4];
        int i = 0;
        v[0] = vy * Math.exp(p[i++]);
        v[1] = vy * Math.exp(p[i++]);
        if (kind != Kind.LEVEL) v[2] = vy * Math.exp(p[i++]);
        if (kind == Kind.BSM) v[3] = vy * Math.exp(p[i]);
        return v;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        if (result == null) throw Errors.state("StructuralModel.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        if (h < 1) throw Errors.arg("StructuralModel.forecast", "horizon must be at least 1", ">= 1", h, null);
        KalmanFilter.Prediction p = KalmanFilter.forecast(result, h);
        double[] sd = new double[h];
        for (int i = 0; i < h; i++) sd[i] = Math.sqrt(p.variance()[i]);
        return Forecast.gaussian(p.mean(), sd, level);
    }

    /** The filter result on the fitted data (for smoothing or inspection). */
    public KalmanFilter.Result filterResult() { return result; }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (variances == null) return m;
        m.put("level", variances[1]);
        if (kind != Kind.LEVEL) m.put("slope", variances[2]);
        if (kind == Kind.BSM) m.put("seas", variances[3]);
        m.put("epsilon", variances[0]);
        m.put("loglik", loglik);
        int np = 2 + (kind != Kind.LEVEL ? 1 : 0) + (kind == Kind.BSM ? 1 : 0);
        m.put("aic", -2 * loglik + 2 * np);
        return m;
    }
}
