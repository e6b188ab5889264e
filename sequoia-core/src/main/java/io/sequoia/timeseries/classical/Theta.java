package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Theta method on a (seasonally adjusted) series; wrap it in {@link SeasonalAdjustment.Adjusted}
 * for seasonal data, as R's {@code thetaf} does.
 * <ul>
 * <li>{@link Method#STANDARD}: Assimakopoulos &amp; Nikolopoulos (2000) as Hyndman &amp; Billah (2003)
 * showed it to be and R's {@code forecast::thetaf} computes it: simple exponential smoothing (α and the
 * initial level minimise the squared one-step errors) plus a drift of half the least-squares slope,
 * {@code ŷ_{n+h} = ℓ_n + b/2·(h − 1 + (1 − (1−α)^n)/α)}; intervals are SES's.</li>
 * <li>{@link Method#OPTIMISED} and {@link Method#DYNAMIC_OPTIMISED}: the optimised and dynamic optimised
 * Theta models of Fiorucci, Pellegrini, Louzada, Petropoulos &amp; Koehler (2016) in the state-space form
 * of their {@code forecTheta} package: θ, α and the initial level minimise the one-step squared
 * errors; the dynamic model updates the trend line's intercept and slope with every observation.
 * Intervals use the one-step residual variance with SES's growth {@code 1 + α²(h − 1)} (an approximation).</li>
 * </ul>
 */
public final class Theta implements Forecaster {
    /** Which Theta model. */
    public enum Method { STANDARD, OPTIMISED, DYNAMIC_OPTIMISED }

    /** Bounds of R's {@code ets} for α (standard Theta's SES). */
    static final double ALPHA_MIN = 1e-4, ALPHA_MAX = 0.9999;

    private final Method method;
    private double alpha, theta = 2, level0, sigma2, slope;
    private double[] y;
    private boolean fitted;

    public Theta(Method method) { this.method = method; }

    @Override public String name() {
        return switch (method) { case STANDARD -> "theta"; case OPTIMISED -> "otm"; case DYNAMIC_OPTIMISED -> "dotm"; };
    }

    @Override public Theta fit(double[] series, double[][] xreg) {
        if (series.length < 4) throw Errors.arg("Theta.fit", "series too short", ">= 4 points", series.length, name());
        for (double v : series) if (!Double.isFinite(v)) throw Errors.arg("Theta.fit", "values must be finite", "finite", v, name());
        y = series.clone();
        if (method == Method.STANDARD) fitStandard(); else fitOptimised();
        fitted = true;
        return this;
    }

    // ---- standard Theta: SES by least squares (closed-form initial level for each α), drift b/2

    private void fitStandard() {
        int n = y.length;
        double bestA = ALPHA_MIN, best = Double.POSITIVE_INFINITY;
        int grid = 40;
        for (int i = 0; i <= grid; i++) {
            double a = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * i / grid, s = sesSse(a);
            if (s < best) { best = s; bestA = a; }
        }
        double step = (ALPHA_MAX - ALPHA_MIN) / grid;
        double lo = Math.max(ALPHA_MIN, bestA - step), hi = Math.min(ALPHA_MAX, bestA + step);
        double g = (Math.sqrt(5) - 1) / 2, c = hi - g * (hi - lo), d = lo + g * (hi - lo), fc = sesSse(c), fd = sesSse(d);
        while (hi - lo > 1e-7) {
            if (fc < fd) { hi = d; d = c; fd = fc; c = hi - g * (hi - lo); fc = sesSse(c); }
            else { lo = c; c = d; fc = fd; d = lo + g * (hi - lo); fd = sesSse(d); }
        }
        double a = (lo + hi) / 2;
        if (sesSse(a) > best) a = bestA;
        alpha = a;
        double sse = sesSse(a);   // sets level0
        sigma2 = sse / Math.max(1, n - 3);   // R's ets: n minus (parameters + 1)
        double tm = (n - 1) / 2.0, sxy = 0, sxx = 0, ym = 0;
        for (double v : y) ym += v / n;
        for (int t = 0; t < n; t++) { sxy += (t - tm) * (y[t] - ym); sxx += (t - tm) * (t - tm); }
        slope = sxy / sxx;
    }

    /** SES sum of squared one-step errors at α with the best initial level (stored in {@code level0}). */
    private double sesSse(double a) {
        int n = y.length;
        double l = 0, w = 1, num = 0, den = 0;
        double[] c = new double[n];
        for (int t = 0; t < n; t++) {            // one-step forecasts with ℓ0 = 0: c_t; ℓ0's weight is (1−α)^t
            c[t] = l;
            num += (y[t] - c[t]) * w;
            den += w * w;
            l = a * y[t] + (1 - a) * l;
            w *= 1 - a;
        }
        level0 = num / den;
        double s = 0;
        w = 1;
        for (int t = 0; t < n; t++) { double e = y[t] - c[t] - w * level0; s += e * e; w *= 1 - a; }
        return s;
    }

    private double sesLevel() {
        double l = level0;
        for (double v : y) l = alpha * v + (1 - alpha) * l;
        return l;
    }

    // ---- optimised and dynamic optimised Theta (state space of Fiorucci et al.)

    private boolean dynamic() { return method == Method.DYNAMIC_OPTIMISED; }

    /** The states after each observation: level, mean of y, intercept A, slope B. */
    private static final class State {
        double level, mean, a, b;
        int i;   // index of the last observation absorbed
    }

    private State init(double l0, double a) {
        State s = new State();
        s.level = a * y[0] + (1 - a) * l0;
        s.mean = y[0];
        int n = y.length;
        if (dynamic()) { s.a = y[0]; s.b = 0; }
        else {
            double my = 0, mty = 0;
            for (int t = 0; t < n; t++) { my += y[t] / n; mty += (t + 1) * y[t] / n; }
            s.b = 6 * (2 * mty - (1 + n) * my) / ((double) n * n - 1);
            s.a = my - (n + 1) * s.b / 2;
        }
        return s;
    }

    /** The one-step forecast of observation {@code s.i + 1} from the states. */
    private double mu(State s, double a, double th) {
        int i = s.i + 1;
        return s.level + (1 - 1 / th) * (Math.pow(1 - a, i) * s.a + (1 - Math.pow(1 - a, i + 1)) / a * s.b);
    }

    private void update(State s, double a, double v) {
        int i = s.i + 1;
        double meanPrev = s.mean, bPrev = s.b;
        s.level = a * v + (1 - a) * s.level;
        s.mean = (i * meanPrev + v) / (i + 1);
        if (dynamic()) {
            s.b = ((i - 1) * bPrev + 6 * (v - meanPrev) / (i + 1)) / (i + 2);
            s.a = s.mean - s.b * (i + 2) / 2;
        }
        s.i = i;
    }

    /** Sum of squared one-step errors from the fourth observation on (the package's objective). */
    private double optimisedSse(double l0, double a, double th) {
        State s = init(l0, a);
        double sse = 0;
        for (int t = 1; t < y.length; t++) {
            double e = y[t] - mu(s, a, th);
            if (t >= 3) sse += e * e;
            update(s, a, y[t]);
        }
        return Double.isFinite(sse) ? sse : Double.POSITIVE_INFINITY;
    }

    private static double sigmoid(double u) { return 1 / (1 + Math.exp(-u)); }

    private void fitOptimised() {
        double scale = 0;
        for (double v : y) scale += Math.abs(v) / y.length;
        final double sc = Math.max(scale, 1e-8), start = y[0] / 2;
        java.util.function.ToDoubleFunction<double[]> f = p -> optimisedSse(start + sc * p[0], 0.1 + 0.89 * sigmoid(p[1]), 1 + Math.exp(p[2]));
        double[] x0 = {0, 0, 0};   // ℓ0 = y0/2, α = 0.545, θ = 2
        NelderMead.Result r = NelderMead.minimize(f, x0, 0.5, 1e-10, 2000);
        level0 = start + sc * r.x()[0];
        alpha = 0.1 + 0.89 * sigmoid(r.x()[1]);
        theta = 1 + Math.exp(r.x()[2]);
        sigma2 = optimisedSse(level0, alpha, theta) / Math.max(1, y.length - 3 - 3);
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        if (!fitted) throw Errors.state("Theta.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        if (h < 1) throw Errors.arg("Theta.forecast", "horizon must be at least 1", ">= 1", h, null);
        int n = y.length;
        double[] mean = new double[h], sd = new double[h];
        if (method == Method.STANDARD) {
            double l = sesLevel(), a = Math.max(1e-10, alpha), drift = slope / 2;
            for (int i = 0; i < h; i++) mean[i] = l + drift * (i + (1 - Math.pow(1 - a, n)) / a);
        } else {
            State s = init(level0, alpha);
            for (int t = 1; t < n; t++) update(s, alpha, y[t]);
            for (int i = 0; i < h; i++) {
                mean[i] = mu(s, alpha, theta);
                update(s, alpha, mean[i]);
            }
        }
        for (int i = 0; i < h; i++) sd[i] = Math.sqrt(sigma2 * (1 + alpha * alpha * i));
        return Forecast.gaussian(mean, sd, level);
    }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (!fitted) return p;
        p.put("alpha", alpha);
        p.put("theta", theta);
        p.put("l0", level0);
        if (method == Method.STANDARD) p.put("drift", slope / 2);
        p.put("sigma2", sigma2);
        return p;
    }
}
