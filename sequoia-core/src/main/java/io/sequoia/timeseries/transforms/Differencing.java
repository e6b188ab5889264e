package io.sequoia.timeseries.transforms;

import io.sequoia.tensor.Errors;

import java.util.Arrays;

/**
 * Differencing {@code order} times at {@code lag} ({@code lag = 1} ordinary, {@code lag = s}
 * seasonal): {@code w_t = y_t - y_{t-lag}} applied {@code order} times. {@link #apply} drops the
 * first {@code lag·order} points; {@link #integrate} undoes it exactly given those points.
 */
public record Differencing(int lag, int order) {

    public Differencing {
        if (lag < 1) throw Errors.arg("Differencing", "lag must be at least 1", ">= 1", lag, null);
        if (order < 0) throw Errors.arg("Differencing", "order must be non-negative", ">= 0", order, null);
    }

    /** Points lost at the start. */
    public int loss() { return lag * order; }

    /** The differenced series, {@code y.length - loss()} long. */
    public double[] apply(double[] y) {
        if (y.length <= loss()) throw Errors.arg("Differencing.apply", "series must be longer than lag·order", "> " + loss(), y.length, "lag " + lag + ", order " + order);
        double[] w = y.clone();
        int len = y.length;
        for (int k = 0; k < order; k++) {
            double[] d = new double[len - lag];
            for (int t = 0; t < d.length; t++) d[t] = w[t + lag] - w[t];
            w = d;
            len = d.length;
        }
        return w;
    }

    /**
     * Undoes {@link #apply}: {@code history} is the series up to the first differenced point (at
     * least {@code loss()} values, its last {@code loss()} used), {@code w} the differences that follow;
     * returns the {@code w.length} reconstructed values.
     */
    public double[] integrate(double[] history, double[] w) {
        if (history.length < loss()) throw Errors.arg("Differencing.integrate", "history must hold at least lag·order values", ">= " + loss(), history.length, null);
        // the differencing polynomial (1 - B^lag)^order applied as a recursion on y
        double[] coef = polynomial();
        double[] y = Arrays.copyOf(Arrays.copyOfRange(history, history.length - loss(), history.length), loss() + w.length);
        for (int t = 0; t < w.length; t++) {
            int i = loss() + t;
            double v = w[t];
            for (int k = 1; k < coef.length; k++) v -= coef[k] * y[i - k];
            y[i] = v;
        }
        return Arrays.copyOfRange(y, loss(), y.length);
    }

    /** Coefficients of {@code (1 - B^lag)^order} by power of B: index 0 is 1. */
    public double[] polynomial() {
        double[] p = {1};
        for (int k = 0; k < order; k++) {
            double[] q = new double[p.length + lag];
            for (int i = 0; i < p.length; i++) { q[i] += p[i]; q[i + lag] -= p[i]; }
            p = q;
        }
        return p;
    }
}
