package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import org.junit.jupiter.api.Test;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.assertValues;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static io.sequoia.optim.Params.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adagrad against PyTorch's formula, computed by hand (lr 0.1, eps 1e-10, gradients 3 then 4). */
class AdagradTest {
    private static final double TOL = 1e-12;
    private static final double EPS = 1e-10;

    @Test
    void plain() {
        Parameter p = of(1);
        Adagrad opt = new Adagrad(list(p), 0.1);
        step(opt, p, 3);   // s = 9; p = 1 − 0.1·3/(3 + 1e-10) = 0.9000000000033
        assertValues(p, TOL, 1 - 0.1 * 3 / (3 + EPS));
        step(opt, p, 4);   // s = 9 + 16 = 25; p = 0.9 − 0.1·4/(5 + 1e-10) = 0.82
        assertValues(p, TOL, 1 - 0.1 * 3 / (3 + EPS) - 0.1 * 4 / (5 + EPS));
    }

    @Test
    void lrDecay() {
        Parameter p = of(1);
        Adagrad opt = new Adagrad(list(p), 0.1, 0.5, 0, 0, EPS);
        step(opt, p, 3);   // clr = 0.1/(1 + 0·0.5) = 0.1; p = 0.9 (as plain)
        step(opt, p, 4);   // clr = 0.1/(1 + 1·0.5) = 0.0666667; p = 0.9 − 0.0666667·0.8 = 0.8466666667
        assertValues(p, TOL, 0.8466666666710667);
    }

    @Test
    void initialAccumulatorAndWeightDecay() {
        Parameter a = of(1), b = of(1);
        step(new Adagrad(list(a), 0.1, 0, 0, 16, EPS), a, 3);   // s = 16 + 9 = 25; p = 1 − 0.1·3/5 = 0.94
        step(new Adagrad(list(b), 0.1, 0, 1, 0, EPS), b, 3);    // g = 3 + 1·1 = 4; s = 16; p = 1 − 0.1·4/4 = 0.9
        assertValues(a, TOL, 1 - 0.1 * 3 / (5 + EPS));
        assertValues(b, TOL, 1 - 0.1 * 4 / (4 + EPS));
    }

    @Test
    void float32() {
        Parameter p = Params.of32(1f, -1f);
        Adagrad opt = new Adagrad(list(p));
        assertEquals(0.01, opt.lr());
        step(opt, p, 3, -3);
        step(opt, p, 4, -4);   // p = ±(1 − 0.01·3/3 − 0.01·4/5) = ±0.982
        assertValues(p, 1e-6, 0.982, -0.982);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertArgError(() -> new Adagrad(list(of(1)), 0.1, -1, 0, 0, EPS), "Adagrad", "lrDecay", "-1.0");
        assertArgError(() -> new Adagrad(list(of(1)), 0.1, 0, 0, -0.1, EPS), "initialAccumulatorValue", "-0.1");
        assertArgError(() -> new Adagrad(list(of(1)), 0.1, 0, -2, 0, EPS), "weightDecay", "-2.0");
    }
}
