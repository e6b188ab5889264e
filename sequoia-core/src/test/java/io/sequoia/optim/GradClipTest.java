package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.grad;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** clip_grad_norm_ and clip_grad_value_, computed by hand. */
class GradClipTest {
    private static final double TOL = 1e-12;

    /** Gradients [3, 4] and [12] (2-norm 13, 1-norm 19, inf-norm 12), plus a parameter without one. */
    private static List<Parameter> params() {
        Parameter a = of(0, 0), b = of(0), none = of(0);
        grad(a, 3, 4);
        grad(b, 12);
        return list(a, b, none);
    }

    private static double[] grads(List<Parameter> ps) {
        double[] a = ps.get(0).gradData().toDoubleArray();
        return new double[]{a[0], a[1], ps.get(1).gradData().getDouble(0)};
    }

    @Test
    void twoNormScalesEveryGradient() {
        List<Parameter> ps = params();
        assertEquals(13, GradClip.clipGradNorm(ps, 6.5), TOL);   // √(9 + 16 + 144) = 13
        double c = 6.5 / (13 + 1e-6);                              // ≈ 0.5
        assertArrayEquals(new double[]{3 * c, 4 * c, 12 * c}, grads(ps), TOL);
        assertEquals(6.5, Math.sqrt(9 + 16 + 144) * c, 1e-6);
    }

    @Test
    void infNormAndOneNorm() {
        List<Parameter> ps = params();
        assertEquals(12, GradClip.clipGradNorm(ps, 3, Double.POSITIVE_INFINITY), TOL);   // max |g| = 12
        double c = 3 / (12 + 1e-6);
        assertArrayEquals(new double[]{3 * c, 4 * c, 12 * c}, grads(ps), TOL);
        assertEquals(19, GradClip.clipGradNorm(params(), 100, 1), TOL);                 // 3 + 4 + 12
    }

    @Test
    void belowTheThresholdNothingChanges() {
        List<Parameter> ps = params();
        assertEquals(13, GradClip.clipGradNorm(ps, 20), TOL);   // coef = 20/(13 + 1e-6) > 1: no scaling
        assertArrayEquals(new double[]{3, 4, 12}, grads(ps), 0);
        assertEquals(0, GradClip.clipGradNorm(list(of(1)), 1), 0);   // no gradients at all
    }

    @Test
    void nonFiniteNorm() {
        Parameter p = of(0, 0);
        grad(p, Double.POSITIVE_INFINITY, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(list(p), 1, 2, true));
        assertTrue(e.getMessage().contains("Infinity") && e.getMessage().contains("order 2.0"), e.getMessage());
        assertEquals(1, p.gradData().getDouble(1));                    // left unchanged
        assertEquals(Double.POSITIVE_INFINITY, GradClip.clipGradNorm(list(p), 1, 2));
        assertArrayEquals(new double[]{Double.NaN, 0}, p.gradData().toDoubleArray());   // scaled by 1/inf = 0, as PyTorch
    }

    @Test
    void clipValue() {
        Parameter p = of(0, 0, 0);
        grad(p, -3, 0.5, 2);
        GradClip.clipGradValue(list(p), 1);
        assertArrayEquals(new double[]{-1, 0.5, 1}, p.gradData().toDoubleArray());
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertArgError(() -> GradClip.clipGradNorm(params(), -1), "clipGradNorm", "maxNorm", "-1.0");
        assertArgError(() -> GradClip.clipGradNorm(params(), 1, Double.NaN), "normType", "NaN");
        assertArgError(() -> GradClip.clipGradValue(params(), -0.5), "clipValue", "-0.5");
    }
}
