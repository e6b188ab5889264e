package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.List;

/**
 * Gradient clipping in place, PyTorch's {@code torch.nn.utils.clip_grad_norm_} and
 * {@code clip_grad_value_}. Parameters without a gradient are skipped.
 */
public final class GradClip {
    /** The p of the default norm. */
    public static final double DEFAULT_NORM_TYPE = 2.0;
    /** Added to the total norm before dividing, as in PyTorch. */
    public static final double NORM_EPS = 1e-6;

    private GradClip() {}

    /** {@link #clipGradNorm(List, double, double)} with the 2-norm. */
    public static double clipGradNorm(List<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, DEFAULT_NORM_TYPE, false);
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that is below 1, where total is
     * the p-norm of all gradients together ({@code normType} may be any real or
     * {@link Double#POSITIVE_INFINITY} for the largest magnitude). As in PyTorch with
     * {@code error_if_nonfinite=False}, a non-finite total is not an error: an infinite one scales
     * the gradients by 0 and a NaN one makes them NaN.
     *
     * @return the total norm before clipping (0 when no parameter has a gradient)
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * As {@link #clipGradNorm(List, double, double)}; with {@code errorIfNonfinite}, a NaN or
     * infinite total norm throws {@link IllegalStateException} and leaves the gradients unchanged.
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        String where = "GradClip.clipGradNorm";
        Check.nonNegative(where, "maxNorm", maxNorm);
        if (Double.isNaN(normType)) throw Errors.arg(where, "normType must be a number", "a real or infinity", normType, null);
        int count = 0;
        for (Parameter p : params) if (p.gradBuffer() != null) count++;
        if (count == 0) return 0.0;
        // PyTorch's order: the norm of each gradient, then the norm of those norms.
        double[] norms = new double[count];
        int k = 0;
        for (Parameter p : params) if (p.gradBuffer() != null) norms[k++] = norm(p.gradBuffer(), normType);
        double total = norm(NDArray.wrap(norms, count), normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw Errors.state(where, "the total norm of order " + normType + " of the gradients is " + total
                    + ", so they cannot be clipped", "pass errorIfNonfinite = false to scale by it anyway");
        }
        double coef = maxNorm / (total + NORM_EPS);
        if (!(coef >= 1.0)) { // also NaN, which PyTorch's clamp(max=1) passes through
            for (Parameter p : params) if (p.gradBuffer() != null) p.gradBuffer().scaleInPlace(coef);
        }
        return total;
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static void clipGradValue(List<Parameter> params, double clipValue) {
        Check.nonNegative("GradClip.clipGradValue", "clipValue", clipValue);
        for (Parameter p : params) {
            NDArray g = p.gradBuffer();
            if (g == null) continue;
            for (int i = 0, n = g.numel(); i < n; i++) {
                g.setDouble(i, Math.max(-clipValue, Math.min(clipValue, g.getDouble(i))));
            }
        }
    }

    /** PyTorch's {@code vector_norm(x, ord)}: max/min magnitude for ±inf, count of non-zeros for 0. */
    static double norm(NDArray x, double ord) {
        int n = x.numel();
        if (Double.isInfinite(ord)) {
            double best = ord > 0 ? 0 : Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double a = Math.abs(x.getDouble(i));
                if (Double.isNaN(a)) return Double.NaN;
                best = ord > 0 ? Math.max(best, a) : Math.min(best, a);
            }
            return best;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(x.getDouble(i));
            if (ord == 0) sum += a != 0 ? 1 : 0;
            else if (ord == 1) sum += a;
            else if (ord == 2) sum += a * a;
            else sum += Math.pow(a, ord);
        }
        if (ord == 0 || ord == 1) return sum;
        return ord == 2 ? Math.sqrt(sum) : Math.pow(sum, 1 / ord);
    }
}
