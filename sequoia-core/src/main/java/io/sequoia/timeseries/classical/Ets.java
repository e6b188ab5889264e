package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.ExponentialSmoothing.Season;
import io.sequoia.timeseries.classical.ExponentialSmoothing.Trend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential smoothing state space models fitted by maximum likelihood, as R's {@code forecast::ets}
 * (Hyndman, Koehler, Ord &amp; Snyder 2008): additive or multiplicative errors, trend none / additive /
 * damped, seasonality none / additive / multiplicative.
 * <ul>
 * <li>The recursions are R's error-correction form (level, growth and season updated from the
 * one-step forecast {@code q} and the deseasonalised observation); the criterion is R's
 * {@code n·log(Σe²) + 2·Σlog|ŷ|} (the last term only for multiplicative errors, where {@code e} is the
 * relative error), minimised over the smoothing parameters and the initial states by Nelder–Mead.</li>
 * <li>Parameter space: R's default {@code bounds = "both"}: α ∈ [1e-4, 0.9999], β ∈ [1e-4, α],
 * γ ∈ [1e-4, 1 − α], φ ∈ [0.8, 0.98], intersected with the admissible region of Hyndman, Akram &amp;
 * Archibald (2008) (for seasonal models: every root of their characteristic polynomial inside the unit
 * circle, checked by the Schur–Cohn recursion), multiplicative seasonal states positive.</li>
 * <li>Initial states as R's {@code initstate}: a classical decomposition (or, for fewer than three
 * seasons, a regression on a trend and one Fourier pair) gives the seasonal states; a regression on
 * the first max(10, 2m) adjusted values gives the level and slope.</li>
 * <li>{@link #auto} fits every model R's {@code ets(y)} would (no multiplicative trend, and R's
 * {@code restrict}: no additive error with multiplicative seasonality; multiplicative errors only for
 * positive data) and keeps the smallest AICc.</li>
 * <li>Forecast means and variances are the model's own formulas: class 1 (additive errors), class 2
 * (multiplicative errors, additive or no season) and class 3 (multiplicative errors and season) of
 * Hyndman et al. (2008, ch. 6), in {@link EtsVariance}; every model {@link #auto} can choose is in one
 * of these classes, so no simulation is needed. The interval is the mean ± z·sd.</li>
 * </ul>
 */
public final class Ets implements Forecaster {
    /** Error component. */
    public enum Error { ADDITIVE, MULTIPLICATIVE }

    /** R's default bounds of the usual region: α, β, γ lower/upper and φ's. */
    static final double LOWER = 1e-4, UPPER = 0.9999, PHI_LOWER = 0.8, PHI_UPPER = 0.98;
    /** R's {@code maxit} for its Nelder–Mead. */
    static final int MAX_EVALUATIONS = 2000;
    /** Largest seasonal period R's ets models (larger periods are fitted without seasonality). */
    public static final int MAX_PERIOD = 24;
    private static final double TOL = 1e-10, HUGE = 1e10;

    private final Error error;
    private final Trend trend;
    private final Season season;
    private final int m;
    private double alpha, beta, gamma, phi = 1;
    private double[] initial;            // l0, b0?, s (newest first, m values) as R's initstate + extra
    private double lik, sigma2;
    private int n, nParams;
    private double level, slope;
    private double[] seasonal;           // newest first: seasonal[m-1] is used by the next forecast
    private boolean fitted;

    public Ets(Error error, Trend trend, Season season, int period) {
        String w = "Ets";
        if (error == null || trend == null || season == null) throw Errors.arg(w, "error, trend and season must be given", "non-null", error + "," + trend + "," + season, null);
        if (season != Season.NONE && (period < 2 || period > MAX_PERIOD)) throw Errors.arg(w, "a seasonal model needs 2 <= period <= " + MAX_PERIOD, "2.." + MAX_PERIOD, period, label(error, trend, season));
        if (error == Error.ADDITIVE && season == Season.MULTIPLICATIVE) {
            throw Errors.arg(w, "additive errors with multiplicative seasonality have infinite forecast variance (R's restrict)", "ETS(M,*,M) or ETS(A,*,A)", label(error, trend, season), null);
        }
        this.error = error;
        this.trend = trend;
        this.season = season;
        this.m = season == Season.NONE ? 1 : period;
    }

    /**
     * R's {@code ets(y)}: every admissible combination (errors A/M, trend N/A/Ad, season N/A/M with R's
     * restrictions) fitted, the smallest AICc kept. Seasonal models need {@code 2 <= period <= 24} and more
     * than one season of data.
     */
    public static Ets auto(double[] y, int period) {
        check(y, "Ets.auto");
        boolean positive = true;
        for (double v : y) positive &= v > 0;
        boolean seasonalOk = period >= 2 && period <= MAX_PERIOD && y.length > period;
        Ets best = null;
        for (Error e : Error.values()) for (Trend t : Trend.values()) for (Season s : Season.values()) {
            if (e == Error.MULTIPLICATIVE && !positive) continue;
            if (s != Season.NONE && !seasonalOk) continue;
            if (e == Error.ADDITIVE && s == Season.MULTIPLICATIVE) continue;
            Ets c = new Ets(e, t, s, period);
            if (y.length <= c.parameterCount() + 4) continue;   // R fits no optimised model to so few points
            c.fit(y, null);
            if (Double.isFinite(c.aicc()) && (best == null || c.aicc() < best.aicc())) best = c;
        }
        if (best == null) {   // too short for every optimised model: simple exponential smoothing anyway
            best = new Ets(Error.ADDITIVE, Trend.NONE, Season.NONE, 1);
            best.fit(y, null);
        }
        return best;
    }

    private static void check(double[] y, String where) {
        if (y == null || y.length < 3) throw Errors.arg(where, "series too short", ">= 3 points", y == null ? "null" : y.length + " points", null);
        for (int i = 0; i < y.length; i++) if (!Double.isFinite(y[i])) throw Errors.arg(where, "values must be finite", "finite", y[i], "index " + i);
    }

    @Override public String name() { return "ets"; }

    /** R's label, e.g. {@code ETS(M,Ad,M)}. */
    public String label() { return label(error, trend, season); }

    private static String label(Error e, Trend t, Season s) {
        String tt = switch (t) { case NONE -> "N"; case ADDITIVE -> "A"; case DAMPED -> "Ad"; };
        String ss = switch (s) { case NONE -> "N"; case ADDITIVE -> "A"; case MULTIPLICATIVE -> "M"; };
        return "ETS(" + (e == Error.ADDITIVE ? "A" : "M") + "," + tt + "," + ss + ")";
    }

    /** Estimated parameters: smoothing parameters plus initial states (m − 1 free seasonal states), R's {@code length(par)}. */
    int parameterCount() {
        return 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? 1 : 0) + (trend == Trend.DAMPED ? 1 : 0)
                + 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? m - 1 : 0);
    }

    @Override public Ets fit(double[] y, double[][] xreg) {
        String w = "Ets.fit";
        check(y, w);
        if (error == Error.MULTIPLICATIVE || season == Season.MULTIPLICATIVE) {
            for (int i = 0; i < y.length; i++) if (!(y[i] > 0)) throw Errors.arg(w, "multiplicative components need positive values", "> 0", y[i], label() + ", index " + i);
        }
        if (season != Season.NONE && y.length <= m) throw Errors.arg(w, "a seasonal model needs more than one season", "> " + m + " points", y.length, label());
        int np = parameterCount();
        if (np >= y.length - 1) throw Errors.arg(w, "series too short for the model's parameters", "> " + (np + 1) + " points", y.length, label());
        n = y.length;
        double[] init = initialStates(y);
        int ns = init.length, nSmooth = np - ns;
        // R's starting values (initparam), in the unbounded coordinates of toSmoothing
        double a0 = LOWER + 0.2 * (UPPER - LOWER) / m;
        alpha = a0;
        beta = LOWER + 0.1 * (Math.min(UPPER, a0) - LOWER);
        gamma = LOWER + 0.05 * (Math.min(UPPER, 1 - a0) - LOWER);
        phi = PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER);
        double[] u0 = fromSmoothing(nSmooth);
        double[] seas = new double[m];
        double[] par = new double[np];
        boolean linear = season != Season.MULTIPLICATIVE;
        // stage 1: Nelder–Mead over the smoothing parameters alone. The initial states are the least-squares
        // solution at those parameters where the states evolve linearly (no multiplicative season): exact for
        // additive errors, weighted by 1/y² for multiplicative errors (relative errors), an approximation that
        // stage 2 refines. With a multiplicative season the states stay at R's initstate until stage 2.
        java.util.function.ToDoubleFunction<double[]> outer = u -> {
            toSmoothing(u, par);
            if (!inBounds()) return Double.POSITIVE_INFINITY;
            double[] st = linear ? profileStates(y) : init;
            if (st == null) return Double.POSITIVE_INFINITY;
            System.arraycopy(st, 0, par, nSmooth, ns);
            return criterionAt(par, nSmooth, y, seas);   // the bounds were checked just now
        };
        NelderMead.Result r1 = NelderMead.minimize(outer, u0, 1.0, TOLERANCE, MAX_EVALUATIONS / 4);
        // a second start in the other usual basin (fast level, slow season and slope): keep the better
        alpha = 0.5;
        beta = LOWER + 0.1 * (alpha - LOWER);
        gamma = LOWER + 0.01 * (1 - alpha - LOWER);
        phi = PHI_LOWER + 0.9 * (PHI_UPPER - PHI_LOWER);
        NelderMead.Result r2 = NelderMead.minimize(outer, fromSmoothing(nSmooth), 1.0, TOLERANCE, MAX_EVALUATIONS / 4);
        if (r2.value() < r1.value()) r1 = r2;
        double[] best = new double[np];
        double bestValue = outer.applyAsDouble(r1.x());
        System.arraycopy(par, 0, best, 0, np);
        if (!Double.isFinite(bestValue)) {   // R's own starting point: its parameters and initstate
            toSmoothing(u0, best);
            System.arraycopy(init, 0, best, nSmooth, ns);
            bestValue = objective(best, nSmooth, y, seas);
        }
        // stage 2, where the profile is approximate: every parameter together, smoothing parameters in the
        // unbounded coordinates, states scaled so that one simplex step is a comparable change
        if (!(linear && error == Error.ADDITIVE)) {
            double mean = 0, var = 0;
            for (double v : y) mean += v / n;
            for (double v : y) var += (v - mean) * (v - mean) / n;
            double sd = Math.max(Math.sqrt(var), 1e-8 * Math.max(1, Math.abs(mean)));
            double[] scale = new double[ns];
            for (int i = 0; i < ns; i++) {
                if (i == 0) scale[i] = sd;
                else if (trend != Trend.NONE && i == 1) scale[i] = sd / Math.max(10, m);
                else scale[i] = season == Season.MULTIPLICATIVE ? 1 : sd;
            }
            setSmoothing(best);
            double[] us = fromSmoothing(nSmooth);
            double[] x0 = new double[np];
            System.arraycopy(us, 0, x0, 0, nSmooth);
            for (int i = 0; i < ns; i++) x0[nSmooth + i] = best[nSmooth + i] / scale[i];
            double[] work = new double[np];
            java.util.function.ToDoubleFunction<double[]> f = x -> {
                toSmoothing(x, work);
                for (int i = 0; i < ns; i++) work[nSmooth + i] = x[nSmooth + i] * scale[i];
                return objective(work, nSmooth, y, seas);
            };
            NelderMead.Result r = NelderMead.minimize(f, x0, 0.1, TOLERANCE, STAGE2_EVALUATIONS);
            if (r.value() < bestValue) {
                f.applyAsDouble(r.x());
                System.arraycopy(work, 0, best, 0, np);
            }
        }
        setSmoothing(best);
        initial = fullStates(best, nSmooth);
        lik = run(y, initial, true, seas);
        nParams = np;
        sigma2 = sumSquares / (n - np);
        fitted = Double.isFinite(lik);
        if (!fitted) throw Errors.arg(w, "no admissible parameters give a finite likelihood", "a finite likelihood", lik, label());
        return this;
    }

    /** Evaluations of the joint Nelder–Mead (stage 2 of {@link #fit}). */
    static final int STAGE2_EVALUATIONS = 1000;
    /** Relative tolerance of both Nelder–Mead stages on the criterion. */
    static final double TOLERANCE = 1e-6;

    private static double sigmoid(double u) { return 1 / (1 + Math.exp(-u)); }
    private static double logit(double p) { p = Math.min(Math.max(p, 1e-12), 1 - 1e-12); return Math.log(p / (1 - p)); }

    /**
     * Unbounded coordinates → smoothing parameters inside R's usual region, written to {@code par[0..]}:
     * α ∈ [1e-4, 0.9999], β ∈ [1e-4, α], γ ∈ [1e-4, 1 − α], φ ∈ [0.8, 0.98] (β and γ relative to α, as
     * the traditional β* and γ*, so that the box does not depend on the other coordinates).
     */
    private void toSmoothing(double[] u, double[] par) {
        int k = 0;
        alpha = LOWER + (UPPER - LOWER) * sigmoid(u[k]);
        par[k++] = alpha;
        if (trend != Trend.NONE) { beta = LOWER + (Math.min(UPPER, alpha) - LOWER) * sigmoid(u[k]); par[k++] = beta; } else beta = 0;
        if (season != Season.NONE) { gamma = LOWER + (Math.min(UPPER, 1 - alpha) - LOWER) * sigmoid(u[k]); par[k++] = gamma; } else gamma = 0;
        if (trend == Trend.DAMPED) { phi = PHI_LOWER + (PHI_UPPER - PHI_LOWER) * sigmoid(u[k]); par[k] = phi; } else phi = 1;
    }

    /** The inverse of {@link #toSmoothing} at the current parameters. */
    private double[] fromSmoothing(int nSmooth) {
        double[] u = new double[nSmooth];
        int k = 0;
        u[k++] = logit((alpha - LOWER) / (UPPER - LOWER));
        if (trend != Trend.NONE) u[k++] = logit((beta - LOWER) / (Math.min(UPPER, alpha) - LOWER));
        if (season != Season.NONE) u[k++] = logit((gamma - LOWER) / (Math.min(UPPER, 1 - alpha) - LOWER));
        if (trend == Trend.DAMPED) u[k] = logit((phi - PHI_LOWER) / (PHI_UPPER - PHI_LOWER));
        return u;
    }

    private double sumSquares;

    /** Workspace of {@link #profileStates}, sized on first use: normal equations (row-major), right side, one design row, seasonal buffers. */
    private double[] normal, rhs, row, sens, zero;

    /**
     * The initial states (level, slope, m − 1 seasonal) minimising the squared one-step errors at the current
     * smoothing parameters, for models whose states evolve linearly in them (no multiplicative season). The
     * states follow {@code z_t = D z_{t−1} + g y_t} with {@code D = F − g w'}, so forecast t is
     * {@code r_t·z₀ + c_t} with {@code r_t = w'D^t}: the row {@code r} is carried forward ({@code r ← r D}, O(1)
     * per step: the seasonal part only rotates, three entries change) and {@code c_t} is the forecast of a run
     * from zero states. Multiplicative errors weight step t by 1/y_t² (their errors are relative). Null if the
     * normal equations are singular. Allocation-free after the first call.
     */
    private double[] profileStates(double[] y) {
        boolean tr = trend != Trend.NONE, se = season != Season.NONE;
        int first = tr ? 2 : 1, free = first + (se ? m - 1 : 0);
        if (normal == null || rhs.length != free) {
            normal = new double[free * free];
            rhs = new double[free];
            row = new double[free];
            sens = new double[m];
            zero = new double[m];
        }
        java.util.Arrays.fill(normal, 0);
        java.util.Arrays.fill(rhs, 0);
        java.util.Arrays.fill(sens, 0);
        java.util.Arrays.fill(zero, 0);
        double ph = tr ? phi : 0;
        // r = (rl, rb, seasonal u_1 (newest) … u_m (oldest)), the seasonal part circular: u_k at sens[(o + k − 1) mod m]
        double rl = 1, rb = ph;
        if (se) sens[m - 1] = 1;
        int o = 0;
        // the run from zero states, its seasonal buffer as run's: zero[pos] is the oldest state, used now
        double cl = 0, cb = 0;
        int pos = 0;
        boolean weighted = error == Error.MULTIPLICATIVE;
        double[] ne = normal, rh = rhs, d = row;
        for (int t = 0; t < y.length; t++) {
            d[0] = rl;
            if (tr) d[1] = rb;
            double cq = cl + ph * cb, cs = 0;
            if (se) {
                double last = sens[o == 0 ? m - 1 : o - 1];
                for (int j = 0, k = o; j < m - 1; j++, k = k + 1 == m ? 0 : k + 1) d[first + j] = sens[k] - last;
                cs = zero[pos];
            }
            double e = y[t] - (cq + cs);            // the zero run's error: the least-squares target
            double w = weighted ? 1 / (y[t] * y[t]) : 1;
            for (int i = 0, base = 0; i < free; i++, base += free) {
                double di = w * d[i];
                rh[i] += di * e;
                for (int j = 0; j <= i; j++) ne[base + j] += di * d[j];
            }
            // the zero run's update
            cl = cq + alpha * e;
            if (tr) cb = ph * cb + beta * e;
            if (se) {
                zero[pos] = cs + gamma * e;
                pos = pos + 1 == m ? 0 : pos + 1;
            }
            // r ← r F − (r·g) w'
            double k = alpha * rl + (tr ? beta * rb : 0) + (se ? gamma * sens[o] : 0);
            double nb = ph * (rl + rb - k);
            rl -= k;
            rb = nb;
            if (se) {
                sens[o] -= k;
                o = o + 1 == m ? 0 : o + 1;
            }
        }
        for (int i = 0; i < free; i++) for (int j = i + 1; j < free; j++) ne[i * free + j] = ne[j * free + i];
        double[] x = Matrices.solveInPlace(ne, rh, free);
        for (double v : x) if (!Double.isFinite(v)) return null;
        return x;
    }

    /** The least-squares initial states of {@link #profileStates} at the given smoothing parameters (for tests). */
    double[] profiledStates(double[] y, double a, double b, double g, double p) {
        alpha = a; beta = b; gamma = g; phi = p;
        return profileStates(y);
    }

    /** The criterion at the given smoothing parameters and free initial states (level, slope?, m − 1 seasonal), +∞ outside the space (for tests). */
    double criterionAt(double[] y, double a, double b, double g, double p, double[] states) {
        int nSmooth = parameterCount() - states.length;
        double[] par = new double[nSmooth + states.length];
        int k = 0;
        par[k++] = a;
        if (trend != Trend.NONE) par[k++] = b;
        if (season != Season.NONE) par[k++] = g;
        if (trend == Trend.DAMPED) par[k] = p;
        System.arraycopy(states, 0, par, nSmooth, states.length);
        return objective(par, nSmooth, y, new double[m]);
    }

    /** The criterion at {@code par} (smoothing parameters then free states), +∞ outside the parameter space. */
    private double objective(double[] par, int nSmooth, double[] y, double[] seas) {
        setSmoothing(par);
        if (!inBounds()) return Double.POSITIVE_INFINITY;
        return criterionAt(par, nSmooth, y, seas);
    }

    /** {@link #objective} where the smoothing parameters are already set and known to be inside the parameter space. */
    private double criterionAt(double[] par, int nSmooth, double[] y, double[] seas) {
        double[] x = fullStates(par, nSmooth);
        if (season == Season.MULTIPLICATIVE) {
            int first = trend != Trend.NONE ? 2 : 1;
            for (int i = first; i < x.length; i++) if (x[i] < 0) return Double.POSITIVE_INFINITY;
        }
        double v = run(y, x, false, seas);
        if (Double.isNaN(v)) return Double.POSITIVE_INFINITY;
        return Math.max(v, -1e10);   // R: avoid perfect fits
    }

    private void setSmoothing(double[] par) {
        int k = 0;
        alpha = par[k++];
        beta = trend != Trend.NONE ? par[k++] : 0;
        gamma = season != Season.NONE ? par[k++] : 0;
        phi = trend == Trend.DAMPED ? par[k] : 1;
    }

    /** R's "both" bounds: the usual region and the admissible region. */
    boolean inBounds() {
        if (alpha < LOWER || alpha > UPPER) return false;
        if (trend != Trend.NONE && (beta < LOWER || beta > alpha || beta > UPPER)) return false;
        if (trend == Trend.DAMPED && (phi < PHI_LOWER || phi > PHI_UPPER)) return false;
        if (season != Season.NONE && (gamma < LOWER || gamma > 1 - alpha || gamma > UPPER)) return false;
        if (poly == null) poly = new double[3][m + 2];
        return admissible(alpha, trend != Trend.NONE ? beta : 0, season != Season.NONE ? gamma : Double.NaN, phi, m, poly);
    }

    /** Workspace of {@link #inBounds}: the characteristic polynomial and the Schur–Cohn recursion's two rows. */
    private double[][] poly;

    /**
     * The admissible region of Hyndman, Akram &amp; Archibald (2008) as R's {@code admissible}: for seasonal
     * models ({@code gamma} not NaN) the simple tests, then every root of
     * {@code φ(1−α−γ) + (α+β−αφ+γ−1)z + (α+β−αφ)(z² + … + z^{m−1}) + (α+β−φ)z^m + z^{m+1}} inside the unit circle.
     */
    static boolean admissible(double alpha, double beta, double gamma, double phi, int m) {
        return admissible(alpha, beta, gamma, phi, m, new double[3][m + 2]);
    }

    /** {@link #admissible} in the workspace {@code work} (three arrays of at least m + 2). */
    private static boolean admissible(double alpha, double beta, double gamma, double phi, int m, double[][] work) {
        if (phi < 0 || phi > 1 + 1e-8) return false;
        if (Double.isNaN(gamma)) {
            if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
            return !(beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha));
        }
        if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
        if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
        double[] p = work[0];
        p[0] = phi * (1 - alpha - gamma);
        p[1] = alpha + beta - alpha * phi + gamma - 1;
        for (int j = 2; j < m; j++) p[j] = alpha + beta - alpha * phi;
        p[m] = alpha + beta - phi;
        p[m + 1] = 1;
        return rootsInsideUnitCircle(p, m + 2, work[1], work[2]);
    }

    /**
     * Schur–Cohn: the real polynomial {@code Σ p[k] z^k} has every root strictly inside the unit circle
     * (up to 1e-10 on the modulus, as R's {@code max(abs(polyroot(P))) > 1 + 1e-10} test) iff at each step
     * {@code |a_0| < |a_d|} and the reduced polynomial {@code (a_d p(z) − a_0 p*(z))/z} passes too.
     */
    static boolean rootsInsideUnitCircle(double[] p) {
        return rootsInsideUnitCircle(p, p.length, new double[p.length], new double[p.length]);
    }

    /** {@link #rootsInsideUnitCircle(double[])} on {@code p[0..len)} in the workspace {@code a}, {@code b} (each at least {@code len}). */
    private static boolean rootsInsideUnitCircle(double[] p, int len, double[] a, double[] b) {
        int d = len - 1;
        while (d > 0 && p[d] == 0) d--;
        System.arraycopy(p, 0, a, 0, d + 1);
        // roots of p(z) scaled by 1/(1 + 1e-10): test p((1 + 1e-10) z) for the tolerance on the modulus
        double r = 1 + 1e-10, pow = 1;
        for (int k = 0; k <= d; k++) { a[k] *= pow; pow *= r; }
        while (d > 0) {
            double a0 = a[0], ad = a[d];
            if (Math.abs(a0) >= Math.abs(ad)) return false;
            for (int k = 1; k <= d; k++) b[k - 1] = ad * a[k] - a0 * a[d - k];
            double norm = Math.abs(b[d - 1]);
            if (norm > 0) for (int k = 0; k < d; k++) b[k] /= norm;
            double[] swap = a;
            a = b;
            b = swap;
            d--;
        }
        return true;
    }

    /** The full initial state vector: level, slope, then m seasonal states newest first (the last one implied). */
    private double[] fullStates(double[] par, int nSmooth) {
        int ns = par.length - nSmooth;
        double[] x = new double[ns + (season != Season.NONE ? 1 : 0)];
        System.arraycopy(par, nSmooth, x, 0, ns);
        if (season != Season.NONE) {
            int first = trend != Trend.NONE ? 2 : 1;
            double sum = 0;
            for (int i = first; i < ns; i++) sum += x[i];
            x[ns] = (season == Season.MULTIPLICATIVE ? m : 0) - sum;
        }
        return x;
    }

    /**
     * Runs the recursions from states {@code x} (level, slope, seasonal newest first); returns R's criterion
     * ({@code NaN} when a forecast is not finite) and, if {@code keep}, stores the final states.
     */
    private double run(double[] y, double[] x, boolean keep, double[] seas) {
        double l = x[0], b = trend != Trend.NONE ? x[1] : 0;
        int first = trend != Trend.NONE ? 2 : 1;
        // circular seasonal buffer, oldest at pos: seas[pos] is s_{t−m}, used by observation t
        if (season != Season.NONE) for (int k = 0; k < m; k++) seas[k] = x[first + m - 1 - k];
        int pos = 0;
        double sse = 0, logs = 0;
        boolean mult = error == Error.MULTIPLICATIVE;
        for (int t = 0; t < y.length; t++) {
            double phib = trend == Trend.NONE ? 0 : phi * b;
            double q = l + phib;
            double s = season == Season.NONE ? 0 : seas[pos];
            double f = switch (season) { case NONE -> q; case ADDITIVE -> q + s; case MULTIPLICATIVE -> q * s; };
            if (!Double.isFinite(f)) return Double.NaN;
            double e = mult ? (y[t] - f) / f : y[t] - f;
            sse += e * e;
            if (mult) logs += Math.log(Math.abs(f));
            double p = switch (season) {
                case NONE -> y[t];
                case ADDITIVE -> y[t] - s;
                case MULTIPLICATIVE -> Math.abs(s) < TOL ? HUGE : y[t] / s;
            };
            double lNew = q + alpha * (p - q);
            if (trend != Trend.NONE) b = phib + beta * (p - q);
            if (season != Season.NONE) {
                double target = season == Season.ADDITIVE ? y[t] - q : (Math.abs(q) < TOL ? HUGE : y[t] / q);
                seas[pos] = s + gamma * (target - s);
                pos = pos + 1 == m ? 0 : pos + 1;
            }
            l = lNew;
        }
        if (keep) {
            level = l;
            slope = b;
            seasonal = new double[m];
            if (season != Season.NONE) for (int j = 0; j < m; j++) seasonal[j] = seas[Math.floorMod(pos - 1 - j, m)];
            sumSquares = sse;
        }
        double v = y.length * Math.log(sse);
        return mult ? v + 2 * logs : v;
    }

    /** R's {@code initstate}: level, slope (if any) and the first m − 1 seasonal states, newest first. */
    double[] initialStates(double[] y) {
        int nn = y.length;
        double[] sa = y;
        double[] init = new double[(trend != Trend.NONE ? 2 : 1) + (season != Season.NONE ? m - 1 : 0)];
        int first = trend != Trend.NONE ? 2 : 1;
        if (season != Season.NONE) {
            boolean mult = season == Season.MULTIPLICATIVE;
            double[] seasonalAt = new double[nn];
            if (nn >= 3 * m) {
                double[] fig = SeasonalAdjustment.figure(y, m, mult);
                for (int t = 0; t < nn; t++) seasonalAt[t] = fig[t % m];
            } else {
                // a linear trend and one Fourier pair by least squares; the seasonal part is the rest
                double[][] xr = new double[nn][];
                for (int t = 0; t < nn; t++) {
                    double u = 2 * Math.PI * (t + 1) / m;
                    xr[t] = new double[] {1, t + 1, Math.sin(u), Math.cos(u)};
                }
                double[] c = Matrices.ols(xr, y, null);
                for (int t = 0; t < nn; t++) {
                    double tr = c[0] + c[1] * (t + 1);
                    seasonalAt[t] = mult ? y[t] / tr : y[t] - tr;
                }
            }
            double[] s = new double[m - 1];
            for (int j = 0; j < m - 1; j++) s[j] = seasonalAt[m - 1 - j];   // rev(seasonal[2:m])
            sa = new double[nn];
            if (mult) {
                double sum = 0;
                for (int j = 0; j < m - 1; j++) { s[j] = Math.max(s[j], 1e-2); sum += s[j]; }
                if (sum > m) { double d = sum + 1e-2 * (m - 1); for (int j = 0; j < m - 1; j++) s[j] /= d; }
                for (int t = 0; t < nn; t++) sa[t] = y[t] / Math.max(seasonalAt[t], 1e-2);
            } else {
                for (int t = 0; t < nn; t++) sa[t] = y[t] - seasonalAt[t];
            }
            System.arraycopy(s, 0, init, first, m - 1);
        }
        int maxn = Math.min(Math.max(10, 2 * m), nn);
        if (trend == Trend.NONE) {
            double l0 = 0;
            for (int t = 0; t < maxn; t++) l0 += sa[t] / maxn;
            init[0] = l0;
        } else {
            double mt = (maxn + 1) / 2.0, my = 0, sxy = 0, sxx = 0;
            for (int t = 0; t < maxn; t++) my += sa[t] / maxn;
            for (int t = 0; t < maxn; t++) { sxy += (t + 1 - mt) * (sa[t] - my); sxx += (t + 1 - mt) * (t + 1 - mt); }
            double b0 = sxy / sxx, l0 = my - b0 * mt;
            if (Math.abs(l0 + b0) < 1e-8) { l0 *= 1 + 1e-3; b0 *= 1 - 1e-3; }
            init[0] = l0;
            init[1] = b0;
        }
        return init;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level95) {
        if (!fitted) throw Errors.state("Ets.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        if (h < 1) throw Errors.arg("Ets.forecast", "horizon must be at least 1", ">= 1", h, null);
        EtsVariance.Moments mv = EtsVariance.moments(error == Error.MULTIPLICATIVE, trend, season, m, alpha, beta, gamma, phi,
                level, slope, seasonal, sigma2, h);
        double[] sd = new double[h];
        for (int i = 0; i < h; i++) sd[i] = Math.sqrt(Math.max(0, mv.variance()[i]));
        return Forecast.gaussian(mv.mean(), sd, level95);
    }

    /** R's criterion {@code n·log(Σe²) (+ 2Σlog|ŷ|)}; the log-likelihood R reports is −½ of it. */
    public double criterion() { return lik; }
    public double loglik() { return -0.5 * lik; }
    public double aic() { return lik + 2 * (nParams + 1); }
    public double bic() { return lik + Math.log(n) * (nParams + 1); }
    public double aicc() {
        int k = nParams + 1;
        return aic() + 2.0 * k * (k + 1) / (n - k - 1);
    }
    public double sigma2() { return sigma2; }
    public Error error() { return error; }
    public Trend trend() { return trend; }
    public Season season() { return season; }

    /** A new, unfitted model of the same structure (error, trend, season and period), to re-estimate on other data without a new selection. */
    public Ets unfitted() { return new Ets(error, trend, season, m); }
    /** The fitted initial states: level, slope (if any), then m seasonal states newest first (R's {@code initstate}). */
    public double[] initialStates() { return initial == null ? null : initial.clone(); }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (!fitted) return p;
        p.put("alpha", alpha);
        if (trend != Trend.NONE) p.put("beta", beta);
        if (season != Season.NONE) p.put("gamma", gamma);
        if (trend == Trend.DAMPED) p.put("phi", phi);
        p.put("l", initial[0]);
        if (trend != Trend.NONE) p.put("b", initial[1]);
        p.put("sigma2", sigma2);
        p.put("loglik", loglik());
        p.put("aic", aic());
        p.put("aicc", aicc());
        p.put("bic", bic());
        return p;
    }
}
