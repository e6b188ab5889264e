package io.sequoia.timeseries.global;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

/**
 * The distribution head of a {@link DeepAr} network: how its raw outputs become a distribution of the
 * next (scaled) value, its negative log-likelihood (composed from autograd primitives, so it needs no
 * backward code) and a sampler for the forecast's paths.
 * <p>Raw outputs {@code r} (P per step) and the previous scaled value {@code prev} give
 * <ul>
 * <li>the location μ = prev + r₀ (the forecast starts as the naive one),</li>
 * <li>the scale σ = softplus(r₁) + {@link #MIN_SCALE},</li>
 * <li>for Student-t, the degrees of freedom ν = 2 + softplus(r₂) (a finite variance).</li>
 * </ul>
 */
public enum Likelihood {
    GAUSSIAN(2), STUDENT_T(3);

    /** The smallest scale σ (on the series' scaled values, which are near 1). */
    public static final double MIN_SCALE = 1e-3;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI), LOG_PI = Math.log(Math.PI);

    private final int params;

    Likelihood(int params) { this.params = params; }

    /** Raw outputs per step. */
    public int params() { return params; }

    /**
     * The negative log-likelihood of {@code y} under the distribution of {@code raw}.
     * <pre>
     * raw  (..., P)
     * prev (...)     the previous scaled value (the location's baseline)
     * y    (...)
     * out  (...)
     * </pre>
     */
    public Tensor nll(Tensor raw, Tensor prev, Tensor y) {
        String w = "Likelihood.nll";
        if (raw.size(raw.dim() - 1) != params) throw Errors.shape(w, "raw.size(-1) must equal the head's parameters", params, raw.size(raw.dim() - 1), "raw shape " + raw.shapeString());
        if (!java.util.Arrays.equals(prev.shape(), y.shape()) || raw.dim() != y.dim() + 1) {
            throw Errors.shape(w, "prev and y must have raw's shape without its last dimension", "prev and y " + raw.shapeString() + " without the last", prev.shapeString() + ", " + y.shapeString(), null);
        }
        int last = raw.dim() - 1;
        Tensor mu = prev.add(raw.select(last, 0));
        Tensor sigma = raw.select(last, 1).softplus().add(MIN_SCALE);
        Tensor z = y.sub(mu).div(sigma);
        if (this == GAUSSIAN) return z.square().mul(0.5).add(sigma.log()).add(HALF_LOG_2PI);
        Tensor nu = raw.select(last, 2).softplus().add(2);
        Tensor half = nu.add(1).mul(0.5);
        return lgamma(nu.mul(0.5)).sub(lgamma(half)).add(nu.log().add(LOG_PI).mul(0.5)).add(sigma.log())
                .add(half.mul(z.square().div(nu).log1p()));
    }

    /**
     * log Γ(x) for x &gt; 0, composed from primitives: the recurrence Γ(x) = Γ(x + 6) / (x (x+1) … (x+5)) and
     * Stirling's series at x + 6 (error below 1e-8).
     */
    static Tensor lgamma(Tensor x) {
        Tensor prod = x;
        for (int k = 1; k < 6; k++) prod = prod.mul(x.add(k));
        Tensor z = x.add(6), z2 = z.square();
        Tensor series = z.reciprocal().mul(1.0 / 12).sub(z.mul(z2).reciprocal().mul(1.0 / 360)).add(z.mul(z2.square()).reciprocal().mul(1.0 / 1260));
        return z.sub(0.5).mul(z.log()).sub(z).add(HALF_LOG_2PI).add(series).sub(prod.log());
    }

    /** The location, scale (and degrees of freedom) of one step's raw outputs {@code raw[off .. off+P)}. */
    double[] parameters(float[] raw, int off, double prev) {
        double mu = prev + raw[off], sigma = softplus(raw[off + 1]) + MIN_SCALE;
        return this == GAUSSIAN ? new double[]{mu, sigma} : new double[]{mu, sigma, 2 + softplus(raw[off + 2])};
    }

    /** One draw from the distribution of {@link #parameters}. */
    double sample(double[] p, Generator g) {
        if (this == GAUSSIAN) return p[0] + p[1] * g.nextGaussian();
        double nu = p[2], chi2 = 2 * gamma(nu / 2, g);
        return p[0] + p[1] * g.nextGaussian() / Math.sqrt(chi2 / nu);
    }

    static double softplus(double x) { return x > 20 ? x : Math.log1p(Math.exp(x)); }

    /** A Gamma(shape, 1) draw, shape ≥ 1 (Marsaglia and Tsang 2000). */
    static double gamma(double shape, Generator g) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = g.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = g.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }
}
