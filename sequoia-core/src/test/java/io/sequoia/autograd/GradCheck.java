package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite-difference gradient check in float64: central differences, relative error with an
 * absolute floor. The scalar checked is {@code Σ f(inputs) ⊙ G} for a fixed random G.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double EPS = 1e-6, RTOL = 1e-5, ATOL = 1e-7;

    /** Checks {@code f} at the given float64 inputs; every input that requires grad is checked. */
    public static void check(String op, Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.FLOAT64) throw new IllegalArgumentException("GradCheck: inputs must be float64");
        }
        Tensor out0 = f.apply(inputs);
        NDArray gSeed = NDArray.randn(DType.FLOAT64, new Generator(7), out0.shape());
        Tensor seed = new Tensor(gSeed);
        for (Tensor t : inputs) t.zeroGrad();
        Tensor out = f.apply(inputs);
        if (!out.requiresGrad()) fail(op + ": output does not require grad");
        out.backward(seed);
        for (int a = 0; a < inputs.length; a++) {
            Tensor t = inputs[a];
            if (!t.requiresGrad()) continue;
            NDArray analytic = t.gradData();
            double[] x = t.data().doubleData();
            for (int i = 0; i < x.length; i++) {
                double orig = x[i];
                x[i] = orig + EPS;
                double fp = dot(f, inputs, gSeed);
                x[i] = orig - EPS;
                double fm = dot(f, inputs, gSeed);
                x[i] = orig;
                double numeric = (fp - fm) / (2 * EPS);
                double an = analytic == null ? 0 : analytic.getDouble(i);
                double tol = ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(an));
                if (!(Math.abs(numeric - an) <= tol)) {
                    fail(op + ": gradient of argument " + a + " at flat index " + i + ": analytic " + an
                            + ", numeric " + numeric + " (difference " + Math.abs(numeric - an) + ")");
                }
            }
        }
    }

    private static double dot(Function<Tensor[], Tensor> f, Tensor[] inputs, NDArray g) {
        try (var ng = GradMode.noGrad()) {
            Tensor o = f.apply(inputs);
            double s = 0;
            for (int i = 0; i < o.numel(); i++) s += o.data().getDouble(i) * g.getDouble(i);
            return s;
        }
    }

    /** A float64 leaf requiring grad, values from N(0,1) with the given seed. */
    public static Tensor randn(long seed, int... shape) {
        return new Tensor(NDArray.randn(DType.FLOAT64, new Generator(seed), shape)).requiresGrad(true);
    }

    /** A float64 leaf requiring grad, values uniform in [lo, hi). */
    public static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return new Tensor(NDArray.uniform(DType.FLOAT64, new Generator(seed), lo, hi, shape)).requiresGrad(true);
    }
}
