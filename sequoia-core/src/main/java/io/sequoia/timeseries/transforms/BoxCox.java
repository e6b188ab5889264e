package io.sequoia.timeseries.transforms;

import io.sequoia.tensor.Errors;

/**
 * The Box-Cox transform {@code (v^λ - 1) / λ}, and {@code log v} at {@code λ = 0}; defined for
 * positive values only. {@link #log()} is {@code λ = 0}; {@link #fitLambda} chooses λ by maximum
 * likelihood of a normal model for the transformed training values.
 */
public record BoxCox(double lambda) implements PointTransform {

    public static BoxCox log() { return new BoxCox(0); }

    @Override public double forward(double v) {
        if (!(v > 0)) throw Errors.arg("BoxCox.forward", "values must be positive", "v > 0", v, "lambda " + lambda + ". Hint: use --transform none for series with zeros or negatives");
        return lambda == 0 ? Math.log(v) : (Math.pow(v, lambda) - 1) / lambda;
    }

    @Override public double inverse(double v) {
        if (lambda == 0) return Math.exp(v);
        double b = lambda * v + 1;
        return b <= 0 ? 0 : Math.pow(b, 1 / lambda);
    }

    /** The λ in [-1, 2] (grid of 0.01) maximising the Box-Cox profile log-likelihood on {@code train}. */
    public static BoxCox fitLambda(double[] train) {
        double logSum = 0;
        for (double v : train) {
            if (!(v > 0)) throw Errors.arg("BoxCox.fitLambda", "values must be positive", "v > 0", v, null);
            logSum += Math.log(v);
        }
        double best = 1, bestLl = Double.NEGATIVE_INFINITY;
        int n = train.length;
        for (int i = -100; i <= 200; i++) {
            BoxCox b = new BoxCox(i / 100.0);
            double[] z = b.forward(train);
            double m = 0, s = 0;
            for (double v : z) m += v;
            m /= n;
            for (double v : z) s += (v - m) * (v - m);
            double ll = -0.5 * n * Math.log(s / n) + (b.lambda - 1) * logSum;
            if (ll > bestLl) { bestLl = ll; best = b.lambda; }
        }
        return new BoxCox(best);
    }
}
