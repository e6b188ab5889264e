package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seasonal ARIMA with exogenous regressors (regression with ARIMA errors), estimated like R's
 * {@code arima(method = "ML")}: {@code y_t = x_tᵀβ + u_t} with {@code u_t} ARIMA(p,d,q)(P,D,Q)s; the
 * differenced errors follow a stationary ARMA whose exact Gaussian likelihood comes from the Kalman
 * filter ({@link ArmaLikelihood}), σ² concentrated out, AR parts kept stationary by R's
 * {@code partrans}; as R's default {@code method = "CSS-ML"}, the conditional sum of squares gives the
 * starting values and the exact likelihood the estimates, both minimised by {@link Bfgs} (R's {@code optim}
 * BFGS), from OLS values for the regression part.
 * An intercept is included when there is no differencing (R's {@code include.mean}); a drift (a regressor
 * {@code 1, 2, …, n} continued as {@code n+1, …} in the forecasts, R's {@code include.drift}) can be asked for
 * when there is at most one difference in all ({@code d + D ≤ 1}).
 * Forecast intervals use the ψ-weights of the full (integrated) model.
 */
public final class Arima implements Forecaster {
    private final ArimaOrder order;
    private final boolean includeMean, drift;
    private int nFit;
    private final List<String> xregNames;
    private double[] phi, theta, sphi, stheta, beta;
    private double sigma2, loglik;
    private int nUsed;
    private double[] u;          // regression errors y - Xβ on the fitted data
    private ArmaLikelihood state;
    private int k;

    /** ARIMA of {@code order}; an intercept when {@code d = D = 0}; regressors named {@code xreg1, xreg2, ...}. */
    public Arima(ArimaOrder order) { this(order, order.d() + order.sd() == 0, null); }

    /** ARIMA with regressors named {@code xregNames} (R prints the column names) and an explicit intercept choice. */
    public Arima(ArimaOrder order, boolean includeMean, List<String> xregNames) { this(order, includeMean, false, xregNames); }

    /**
     * ARIMA with an explicit intercept and drift choice: the drift is a regression on the time index
     * {@code 1..n} (R's {@code Arima(include.drift = TRUE)}), identified only with {@code d + D ≤ 1}.
     */
    public Arima(ArimaOrder order, boolean includeMean, boolean drift, List<String> xregNames) {
        if (drift && order.d() + order.sd() > 1) {
            throw Errors.arg("Arima", "a drift is only identified with at most one difference", "d + D <= 1", order, "Hint: drop the drift or one difference");
        }
        if (includeMean && order.d() + order.sd() > 0) {
            throw Errors.arg("Arima", "an intercept is only identified without differencing", "d = D = 0", order, "Hint: drop the mean or the differencing");
        }
        this.order = order;
        this.includeMean = includeMean;
        this.drift = drift;
        this.xregNames = xregNames == null ? null : List.copyOf(xregNames);
    }

    public ArimaOrder order() { return order; }

    /**
     * A new, unfitted model of the same structure: this order, intercept, drift and regressor names (to re-estimate the
     * parameters on another stretch of the series without searching the order again).
     */
    public Arima unfitted() { return new Arima(order, includeMean, drift, xregNames); }

    /**
     * Whether the roots of the full AR polynomial {@code φ(z)Φ(z^s)} and of the full MA polynomial
     * {@code θ(z)Θ(z^s)} all have modulus at least {@code radius} (R's {@code auto.arima} rejects a model
     * whose smallest root is below 1.01: near the unit circle the MA part cancels a difference, or the AR
     * part is one, and the intervals stop growing as they should).
     */
    public boolean rootsOutside(double radius) {
        checkFitted("Arima.rootsOutside");
        return Polynomials.rootsOutside(state.phi, -1, radius) && Polynomials.rootsOutside(state.theta, 1, radius);
    }

    /** Whether the model has a drift term (a linear trend in the regression part). */
    public boolean drift() { return drift; }

    @Override public String name() { return order.seasonal() ? "sarima" : "arima"; }

    @Override public Arima fit(double[] y, double[][] xreg) {
        String where = "Arima.fit";
        k = xreg == null ? 0 : xreg[0].length;
        if (xreg != null && xreg.length != y.length) throw Errors.arg(where, "xreg must have one row per observation", y.length, xreg.length, null);
        if (xregNames != null && xregNames.size() != k) throw Errors.arg(where, "one name per regressor", k, xregNames.size(), "names " + xregNames);
        int nb = k + (includeMean ? 1 : 0) + (drift ? 1 : 0);
        nFit = y.length;
        double[][] x = design(xreg, y.length, 0);
        double[] delta = Polynomials.differencing(order.d(), order.sd(), order.s());
        double[] wy = Polynomials.apply(delta, y);
        int minN = order.armaCount() + nb + 2;
        if (wy.length < minN) {
            throw Errors.arg(where, "too few observations after differencing", ">= " + minN, wy.length, order + " on " + y.length + " points");
        }
        double[][] wx = new double[wy.length][nb];
        for (int j = 0; j < nb; j++) {
            double[] col = new double[y.length];
            for (int t = 0; t < y.length; t++) col[t] = x[t][j];
            double[] dc = Polynomials.apply(delta, col);
            for (int t = 0; t < wy.length; t++) wx[t][j] = dc[t];
        }
        double[] b0 = new double[nb], scale = new double[nb];
        if (nb > 0) {
            double[] stats = new double[nb + 1];
            b0 = Matrices.ols(wx, wy, stats);
            for (int j = 0; j < nb; j++) scale[j] = 10 * (stats[j + 1] > 0 ? stats[j + 1] : 1);
        }
        int na = order.armaCount();
        final double[] start = b0;
        int nw = wy.length;
        java.util.function.ToDoubleFunction<double[]> nll = par -> {
            unpack(par, start, scale);
            double ll = likelihood().run(residualSeries(wy, wx, beta));
            return Double.isFinite(ll) ? -ll / nw : Double.POSITIVE_INFINITY;
        };
        int ncond = order.p() + order.sp() * order.s();
        java.util.function.ToDoubleFunction<double[]> css = par -> {
            unpack(par, start, scale);
            double v = likelihood().css(residualSeries(wy, wx, beta), ncond);
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        };
        // R's method "CSS-ML": conditional sum of squares for starting values, then the exact likelihood, both by BFGS
        double[] x0 = new double[na + nb];
        if (na > 0 && ncond < nw) {
            Bfgs.Result c = Bfgs.minimize(css, x0);
            if (Double.isFinite(c.value()) && Double.isFinite(nll.applyAsDouble(c.x()))) x0 = c.x();
        }
        Bfgs.Result best = Bfgs.minimize(nll, x0);
        unpack(best.x(), start, scale);
        state = likelihood();
        state.run(residualSeries(wy, wx, beta));
        sigma2 = state.sigma2;
        loglik = state.loglik;
        nUsed = wy.length;
        u = new double[y.length];
        for (int t = 0; t < y.length; t++) u[t] = y[t] - Matrices.dot(x[t], beta);
        return this;
    }

    /** Design rows for times {@code offset+1 .. offset+n}: intercept, drift (the time index), regressors. */
    private double[][] design(double[][] xreg, int n, int offset) {
        int nb = k + (includeMean ? 1 : 0) + (drift ? 1 : 0);
        double[][] x = new double[n][nb];
        for (int t = 0; t < n; t++) {
            int j = 0;
            if (includeMean) x[t][j++] = 1;
            if (drift) x[t][j++] = offset + t + 1;
            for (int c = 0; c < k; c++) x[t][j++] = xreg[t][c];
        }
        return x;
    }

    private static double[] residualSeries(double[] wy, double[][] wx, double[] b) {
        double[] w = wy.clone();
        if (b.length > 0) for (int t = 0; t < w.length; t++) w[t] -= Matrices.dot(wx[t], b);
        return w;
    }

    private ArmaLikelihood likelihood() {
        return new ArmaLikelihood(Polynomials.expand(phi, sphi, order.s(), -1), Polynomials.expand(theta, stheta, order.s(), 1));
    }

    private void unpack(double[] par, double[] b0, double[] scale) {
        int i = 0;
        phi = Polynomials.stationaryAr(par, i, order.p()); i += order.p();
        theta = java.util.Arrays.copyOfRange(par, i, i + order.q()); i += order.q();
        sphi = Polynomials.stationaryAr(par, i, order.sp()); i += order.sp();
        stheta = java.util.Arrays.copyOfRange(par, i, i + order.sq()); i += order.sq();
        beta = new double[b0.length];
        for (int j = 0; j < b0.length; j++) beta[j] = b0[j] + scale[j] * par[i + j];
    }

    private void checkFitted(String where) {
        if (beta == null) throw Errors.state(where, "the model has not been fitted", "call fit(y, xreg) first");
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        String where = "Arima.forecast";
        checkFitted(where);
        if (h < 1) throw Errors.arg(where, "horizon must be at least 1", ">= 1", h, null);
        if (k > 0 && (futureXreg == null || futureXreg.length != h)) {
            throw Errors.arg(where, "future regressors are needed for every forecast step", h + " rows", futureXreg == null ? "none" : futureXreg.length + " rows", "a model with " + k + " regressors");
        }
        // forecast the differenced errors w with the Kalman state, then integrate to u
        double[] a = state.aNext.clone();
        double[] phiFull = state.phi;
        double[] wf = new double[h];
        for (int i = 0; i < h; i++) {
            wf[i] = a[0];
            double a0 = a[0];
            for (int j = 0; j < a.length; j++) a[j] = (j < phiFull.length ? phiFull[j] * a0 : 0) + (j + 1 < a.length ? a[j + 1] : 0);
        }
        double[] delta = Polynomials.differencing(order.d(), order.sd(), order.s());
        int lost = delta.length - 1;
        double[] uf = new double[lost + h];
        System.arraycopy(u, u.length - lost, uf, 0, lost);
        for (int i = 0; i < h; i++) {
            double v = wf[i];
            for (int j = 1; j < delta.length; j++) v -= delta[j] * uf[lost + i - j];
            uf[lost + i] = v;
        }
        double[][] fx = design(futureXreg, h, nFit);
        double[] mean = new double[h], sd = new double[h];
        double[] arPoly = new double[phiFull.length + 1];
        arPoly[0] = 1;
        for (int j = 0; j < phiFull.length; j++) arPoly[j + 1] = -phiFull[j];
        double[] maPoly = new double[state.theta.length + 1];
        maPoly[0] = 1;
        System.arraycopy(state.theta, 0, maPoly, 1, state.theta.length);
        double[] psi = Polynomials.psi(Polynomials.multiply(arPoly, delta), maPoly, h);
        double cum = 0;
        for (int i = 0; i < h; i++) {
            mean[i] = uf[lost + i] + Matrices.dot(fx[i], beta);
            cum += psi[i] * psi[i];
            sd[i] = Math.sqrt(sigma2 * cum);
        }
        return Forecast.gaussian(mean, sd, level);
    }

    /** Coefficients, sigma2, loglik, aic, aicc, bic under R's names. */
    @Override public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (beta == null) return m;
        for (int i = 0; i < phi.length; i++) m.put("ar" + (i + 1), phi[i]);
        for (int i = 0; i < theta.length; i++) m.put("ma" + (i + 1), theta[i]);
        for (int i = 0; i < sphi.length; i++) m.put("sar" + (i + 1), sphi[i]);
        for (int i = 0; i < stheta.length; i++) m.put("sma" + (i + 1), stheta[i]);
        int j = 0;
        if (includeMean) m.put("intercept", beta[j++]);
        if (drift) m.put("drift", beta[j++]);
        for (int c = 0; c < k; c++) m.put(xregNames == null ? (k == 1 ? "xreg" : "xreg" + (c + 1)) : xregNames.get(c), beta[j++]);
        m.put("sigma2", sigma2);
        m.put("loglik", loglik);
        m.put("aic", aic());
        int npar = coefficientCount() + 1;
        m.put("aicc", aic() + 2.0 * npar * (npar + 1) / Math.max(1, nUsed - npar - 1));
        m.put("bic", -2 * loglik + Math.log(nUsed) * npar);
        return m;
    }

    private int coefficientCount() { return order.armaCount() + beta.length; }

    public double loglik() { checkFitted("Arima.loglik"); return loglik; }
    public double sigma2() { checkFitted("Arima.sigma2"); return sigma2; }
    /** R's AIC: {@code −2 loglik + 2 (number of coefficients + 1)}. */
    public double aic() { checkFitted("Arima.aic"); return -2 * loglik + 2 * (coefficientCount() + 1); }
    /** Observations after differencing (R's {@code nobs}). */
    public int nobs() { return nUsed; }

    /** Names of the fitted coefficients in R's order (for display). */
    public List<String> coefficientNames() { return new ArrayList<>(parameters().keySet()).subList(0, coefficientCount()); }
}
