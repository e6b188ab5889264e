package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exponential smoothing in Holt–Winters error-correction form: simple (no trend), Holt (additive
 * trend), damped trend, and Holt–Winters with additive or multiplicative seasonality. Smoothing
 * parameters ({@code alpha}, {@code beta}, {@code gamma} in R's HoltWinters scaling, {@code phi})
 * and the initial level and slope minimise the in-sample one-step squared error; seasonal states start
 * from the first season. {@link #auto} picks the form with the smallest AIC of the Gaussian additive-error
 * likelihood (ETS-style). Intervals use the additive-error variance formula (Hyndman et al. 2008, class 1);
 * for multiplicative seasonality they are scaled by the seasonal factor, an approximation.
 */
public final class ExponentialSmoothing implements Forecaster {
    /** Trend component. */
    public enum Trend { NONE, ADDITIVE, DAMPED }
    /** Seasonal component. */
    public enum Season { NONE, ADDITIVE, MULTIPLICATIVE }

    private final Trend trend;
    private final Season season;
    private final int m;
    private double alpha, beta, gamma, phi = 1, sse, sigma2;
    private double level, slope;
    private double[] seasonal; // states for the next m steps, index 0 = next step
    private int n;
    private boolean fitted;

    public ExponentialSmoothing(Trend trend, Season season, int period) {
        if (season != Season.NONE && period < 2) throw Errors.arg("ExponentialSmoothing", "a seasonal model needs period >= 2", ">= 2", period, season.toString());
        this.trend = trend;
        this.season = season;
        this.m = season == Season.NONE ? 1 : period;
    }

    /** Simple exponential smoothing. */
    public static ExponentialSmoothing simple() { return new ExponentialSmoothing(Trend.NONE, Season.NONE, 1); }

    /** Fits every applicable form and returns the one with the smallest AIC. */
    public static ExponentialSmoothing auto(double[] y, int period) {
        boolean positive = true;
        for (double v : y) positive &= v > 0;
        List<ExponentialSmoothing> cands = new ArrayList<>();
        for (Trend t : Trend.values()) for (Season s : Season.values()) {
            if (s != Season.NONE && (period < 2 || y.length < 2 * period + 2)) continue;
            if (s == Season.MULTIPLICATIVE && !positive) continue;
            cands.add(new ExponentialSmoothing(t, s, period));
        }
        ExponentialSmoothing best = null;
        for (ExponentialSmoothing c : cands) {
            c.fit(y, null);
            if (best == null || c.aic() < best.aic()) best = c;
        }
        return best;
    }

    @Override public String name() {
        if (season != Season.NONE) return "holt-winters-" + (season == Season.ADDITIVE ? "additive" : "multiplicative") + (trend == Trend.DAMPED ? "-damped" : "");
        return switch (trend) { case NONE -> "ses"; case ADDITIVE -> "holt"; case DAMPED -> "damped"; };
    }

    /** ETS-style label, e.g. {@code ETS(A,Ad,M)}. */
    public String label() {
        String t = switch (trend) { case NONE -> "N"; case ADDITIVE -> "A"; case DAMPED -> "Ad"; };
        String s = switch (season) { case NONE -> "N"; case ADDITIVE -> "A"; case MULTIPLICATIVE -> "M"; };
        return "ETS(A," + t + "," + s + ")";
    }

    private int smoothingCount() { return 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? 1 : 0) + (trend == Trend.DAMPED ? 1 : 0); }

    @Override public ExponentialSmoothing fit(double[] y, double[][] xreg) {
        int need = season == Season.NONE ? 3 : 2 * m;
        if (y.length < need) throw Errors.arg("ExponentialSmoothing.fit", "series too short for " + label(), ">= " + need, y.length, null);
        if (season == Season.MULTIPLICATIVE) for (double v : y) {
            if (!(v > 0)) throw Errors.arg("ExponentialSmoothing.fit", "multiplicative seasonality needs positive values", "> 0", v, null);
        }
        n = y.length;
        double l0 = 0, b0 = 0, sd = 0, mean = 0;
        int first = Math.min(m == 1 ? 1 : m, n);
        for (int i = 0; i < first; i++) l0 += y[i] / first;
        if (trend != Trend.NONE) {
            if (m > 1) { double l1 = 0; for (int i = m; i < 2 * m; i++) l1 += y[i] / m; b0 = (l1 - l0) / m; }
            else b0 = y[1] - y[0];
        }
        double[] s0 = new double[m];
        if (season != Season.NONE) for (int i = 0; i < m; i++) {
            double base = l0 + b0 * (i - (m - 1) / 2.0);
            s0[i] = season == Season.ADDITIVE ? y[i] - base : y[i] / base;
        }
        for (double v : y) mean += v / n;
        for (double v : y) sd += (v - mean) * (v - mean) / n;
        final double scale = Math.max(Math.sqrt(sd), 1e-8), fl0 = l0, fb0 = b0;
        int ns = smoothingCount();
        int dims = ns + 1 + (trend != Trend.NONE ? 1 : 0);
        double[] x0 = new double[dims];
        x0[0] = logit(0.3);
        if (trend != Trend.NONE) x0[1] = logit(0.1);
        if (season != Season.NONE) x0[trend != Trend.NONE ? 2 : 1] = logit(0.1);
        java.util.function.ToDoubleFunction<double[]> f = p -> { setParams(p, fl0, fb0, scale); return run(y, s0.clone(), false); };
        NelderMead.Result r = NelderMead.minimize(f, x0, 0.5, 1e-10, 3000 * dims);
        setParams(r.x(), fl0, fb0, scale);
        sse = run(y, s0.clone(), true);
        sigma2 = sse / Math.max(1, n - ns - 1);
        fitted = true;
        return this;
    }

    private static double logit(double p) { return Math.log(p / (1 - p)); }
    private static double sigmoid(double u) { return 1 / (1 + Math.exp(-u)); }

    private void setParams(double[] p, double l0, double b0, double scale) {
        int i = 0;
        alpha = sigmoid(p[i++]);
        beta = trend != Trend.NONE ? sigmoid(p[i++]) : 0;
        gamma = season != Season.NONE ? sigmoid(p[i++]) : 0;
        phi = trend == Trend.DAMPED ? 0.8 + 0.18 * sigmoid(p[i++]) : 1;
        level = l0 + scale * p[i++];
        slope = trend != Trend.NONE ? b0 + scale * 0.1 * p[i] : 0;
    }

    /** Runs the recursions from the current initial level/slope; returns the SSE; keeps the final states if {@code keep}. */
    private double run(double[] y, double[] s, boolean keep) {
        double l = level, b = trend == Trend.NONE ? 0 : slope, ss = 0;
        for (int t = 0; t < y.length; t++) {
            double st = s[t % m], trendPart = l + phi * b;
            double yhat = switch (season) { case NONE -> trendPart; case ADDITIVE -> trendPart + st; case MULTIPLICATIVE -> trendPart * st; };
            double e = y[t] - yhat;
            ss += e * e;
            double deseason = switch (season) { case NONE -> y[t]; case ADDITIVE -> y[t] - st; case MULTIPLICATIVE -> y[t] / st; };
            double lNew = alpha * deseason + (1 - alpha) * trendPart;
            if (trend != Trend.NONE) b = beta * (lNew - l) + (1 - beta) * phi * b;
            if (season == Season.ADDITIVE) s[t % m] = gamma * (y[t] - lNew) + (1 - gamma) * st;
            else if (season == Season.MULTIPLICATIVE) s[t % m] = gamma * (y[t] / lNew) + (1 - gamma) * st;
            l = lNew;
            if (!Double.isFinite(l)) return Double.POSITIVE_INFINITY;
        }
        if (keep) {
            level = l;
            slope = b;
            seasonal = new double[m];
            for (int i = 0; i < m; i++) seasonal[i] = s[(y.length + i) % m];
        }
        return ss;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level95) {
        if (!fitted) throw Errors.state("ExponentialSmoothing.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        if (h < 1) throw Errors.arg("ExponentialSmoothing.forecast", "horizon must be at least 1", ">= 1", h, null);
        double[] mean = new double[h], sd = new double[h];
        double phiSum = 0, varSum = 0;
        for (int i = 0; i < h; i++) {
            int step = i + 1;
            phiSum += Math.pow(phi, step);
            double trendPart = level + (trend == Trend.NONE ? 0 : phiSum * slope);
            double st = season == Season.NONE ? 0 : seasonal[i % m];
            mean[i] = switch (season) { case NONE -> trendPart; case ADDITIVE -> trendPart + st; case MULTIPLICATIVE -> trendPart * st; };
            if (i > 0) {
                double phiJ = phiSum - Math.pow(phi, step); // φ + … + φ^j with j = step − 1
                double cj = alpha + alpha * beta * (trend == Trend.NONE ? 0 : phiJ) + ((i % m == 0 && season != Season.NONE) ? (1 - alpha) * gamma : 0);
                varSum += cj * cj;
            }
            double s = Math.sqrt(sigma2 * (1 + varSum));
            sd[i] = season == Season.MULTIPLICATIVE ? s * st : s;
        }
        return Forecast.gaussian(mean, sd, level95);
    }

    /** Gaussian AIC {@code n log(SSE/n) + 2(k + 1)} with k smoothing parameters plus initial states. */
    public double aic() {
        int k = smoothingCount() + 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? m - 1 : 0);
        return n * Math.log(sse / n) + 2 * (k + 1);
    }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (!fitted) return p;
        p.put("alpha", alpha);
        if (trend != Trend.NONE) p.put("beta", beta);
        if (season != Season.NONE) p.put("gamma", gamma);
        if (trend == Trend.DAMPED) p.put("phi", phi);
        p.put("sigma2", sigma2);
        p.put("aic", aic());
        return p;
    }
}
