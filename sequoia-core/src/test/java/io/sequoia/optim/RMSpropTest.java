package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import org.junit.jupiter.api.Test;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.assertValues;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static io.sequoia.optim.Params.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RMSprop against PyTorch's formula, computed by hand: lr 0.01, alpha 0.99, eps 1e-8, gradients 2
 * then 1, so v = 0.01·4 = 0.04 after step 1 and v = 0.99·0.04 + 0.01·1 = 0.0496 after step 2.
 */
class RMSpropTest {
    private static final double TOL = 1e-12;
    private static final double EPS = 1e-8;

    @Test
    void plain() {
        Parameter p = of(1);
        RMSprop opt = new RMSprop(list(p));
        assertEquals(0.01, opt.lr());
        step(opt, p, 2);   // p = 1 − 0.01·2/(√0.04 + 1e-8) = 0.900000005
        assertValues(p, TOL, 1 - 0.01 * 2 / (0.2 + EPS));
        step(opt, p, 1);   // p = 0.900000005 − 0.01·1/(√0.0496 = 0.2227105745 + 1e-8) = 0.8550986815
        assertValues(p, TOL, 0.855098681509435);
    }

    @Test
    void centered() {
        Parameter p = of(1);
        RMSprop opt = new RMSprop(list(p), 0.01, 0.99, EPS, 0, 0, true);
        step(opt, p, 2);   // gAvg = 0.02; √(0.04 − 0.0004) = 0.1989974874; p = 1 − 0.02/0.1989974974 = 0.8994962235
        assertValues(p, TOL, 0.8994962235245836);
        step(opt, p, 1);   // gAvg = 0.0198 + 0.01 = 0.0298; √(0.0496 − 0.00088804) = 0.2207078612;
        assertValues(p, TOL, 0.8541874633740489);   // p = 0.8994962235 − 0.01/0.2207078712 = 0.8541874634
    }

    @Test
    void momentum() {
        Parameter p = of(1);
        RMSprop opt = new RMSprop(list(p), 0.01, 0.99, EPS, 0, 0.9, false);
        step(opt, p, 2);   // b = 2/(0.2 + 1e-8) = 9.9999995; p = 1 − 0.099999995 = 0.900000005
        step(opt, p, 1);   // b = 0.9·9.9999995 + 1/(0.2227105745 + 1e-8) = 13.4901318991; p = 0.900000005 − 0.134901319
        assertValues(p, TOL, 0.7650986860094348);
    }

    @Test
    void weightDecay() {
        Parameter p = of(1);
        RMSprop opt = new RMSprop(list(p), 0.01, 0.99, EPS, 0.5, 0, false);
        step(opt, p, 2);   // g = 2 + 0.5·1 = 2.5; v = 0.01·6.25 = 0.0625; p = 1 − 0.01·2.5/(0.25 + 1e-8) = 0.900000004
        assertValues(p, TOL, 1 - 0.01 * 2.5 / (0.25 + EPS));
    }

    @Test
    void float32Centered() {
        Parameter p = Params.of32(1f);
        RMSprop opt = new RMSprop(list(p), 0.01, 0.99, EPS, 0, 0, true);
        step(opt, p, 2);
        step(opt, p, 1);   // as centered, to float precision
        assertValues(p, 1e-6, 0.8541874633740489);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertArgError(() -> new RMSprop(list(of(1)), 0.01, -0.5, EPS, 0, 0, false), "RMSprop", "alpha", "-0.5");
        assertArgError(() -> new RMSprop(list(of(1)), 0.01, 0.99, EPS, 0, -0.9, false), "momentum", "-0.9");
        assertArgError(() -> new RMSprop(list(of(1)), 0.01, 0.99, -1, 0, 0, false), "eps", "-1.0");
    }
}
