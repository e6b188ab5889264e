package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import org.junit.jupiter.api.Test;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.assertValues;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static io.sequoia.optim.Params.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SGD against PyTorch's formula, computed by hand. */
class SGDTest {
    private static final double TOL = 1e-12;

    @Test
    void plain() {
        Parameter p = of(1, -2);
        SGD opt = new SGD(list(p), 0.1);
        step(opt, p, 0.5, -1);   // p = [1 − 0.05, −2 + 0.1] = [0.95, −1.9]
        assertValues(p, TOL, 0.95, -1.9);
        step(opt, p, 1, 2);      // p = [0.95 − 0.1, −1.9 − 0.2] = [0.85, −2.1]
        assertValues(p, TOL, 0.85, -2.1);
    }

    @Test
    void momentumBufferStartsAsTheFirstGradient() {
        Parameter p = of(1);
        SGD opt = new SGD(list(p), 0.1, 0.9);
        step(opt, p, 1);   // b = g = 1; p = 1 − 0.1 = 0.9
        step(opt, p, 2);   // b = 0.9·1 + 2 = 2.9; p = 0.9 − 0.29 = 0.61
        step(opt, p, 0);   // b = 0.9·2.9 + 0 = 2.61; p = 0.61 − 0.261 = 0.349
        assertValues(p, TOL, 0.349);
    }

    @Test
    void dampeningIsSkippedOnTheFirstStep() {
        Parameter p = of(1);
        SGD opt = new SGD(list(p), 0.1, 0.9, 0.5, 0, false);
        step(opt, p, 1);   // b = g = 1 (no dampening yet); p = 0.9
        assertValues(p, TOL, 0.9);
        step(opt, p, 2);   // b = 0.9·1 + (1 − 0.5)·2 = 1.9; p = 0.9 − 0.19 = 0.71
        assertValues(p, TOL, 0.71);
    }

    @Test
    void nesterov() {
        Parameter p = of(1);
        SGD opt = new SGD(list(p), 0.1, 0.9, 0, 0, true);
        step(opt, p, 1);   // b = 1; g = 1 + 0.9·1 = 1.9; p = 1 − 0.19 = 0.81
        assertValues(p, TOL, 0.81);
        step(opt, p, 2);   // b = 0.9 + 2 = 2.9; g = 2 + 0.9·2.9 = 4.61; p = 0.81 − 0.461 = 0.349
        assertValues(p, TOL, 0.349);
    }

    @Test
    void weightDecay() {
        Parameter p = of(2);
        SGD opt = new SGD(list(p), 0.1, 0, 0, 0.1, false);
        step(opt, p, 1);   // g = 1 + 0.1·2 = 1.2; p = 2 − 0.12 = 1.88
        step(opt, p, 1);   // g = 1 + 0.1·1.88 = 1.188; p = 1.88 − 0.1188 = 1.7612
        assertValues(p, TOL, 1.7612);
    }

    @Test
    void float32Momentum() {
        Parameter p = Params.of32(1f, -1f);
        SGD opt = new SGD(list(p), 0.1, 0.9);
        step(opt, p, 1, -1);   // as momentumBufferStartsAsTheFirstGradient, element 1 mirrored
        step(opt, p, 2, -2);
        step(opt, p, 0, 0);
        assertValues(p, 1e-6, 0.349, -0.349);
        assertEquals(DType.FLOAT32, opt.stateDict().get("0.momentum_buffer").dtype());
        assertValues(opt.stateDict().get("0.momentum_buffer"), 1e-6, 2.61, -2.61);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertArgError(() -> new SGD(list(of(1)), -0.1), "SGD", "lr", "-0.1");
        assertArgError(() -> new SGD(list(of(1)), 0.1, -0.5), "momentum", "-0.5");
        assertArgError(() -> new SGD(list(of(1)), 0.1, 0, 0, -1e-3, false), "weightDecay", "-0.001");
        assertArgError(() -> new SGD(list(of(1)), 0.1, 0, 0, 0, true), "nesterov", "momentum 0.0");
        assertArgError(() -> new SGD(list(of(1)), 0.1, 0.9, 0.1, 0, true), "nesterov", "dampening 0.1");
    }
}
