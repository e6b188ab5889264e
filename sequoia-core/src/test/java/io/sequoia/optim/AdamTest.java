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
 * Adam and AdamW against PyTorch's formula, computed by hand. Shared arithmetic (lr 0.1, betas
 * (0.9, 0.999), eps 1e-8, gradients 2 then −1):
 * step 1: m = 0.2, v = 0.004, 1 − β1 = 0.1, 1 − β2 = 0.001, so m̂ = 2, √v̂ = 2.
 * step 2: m = 0.18 − 0.1 = 0.08, v = 0.003996 + 0.001 = 0.004996, 1 − β1² = 0.19, 1 − β2² = 0.001999,
 *         m̂ = 0.08/0.19 = 0.4210526316, √v̂ = √(0.004996/0.001999) = 1.5809015228.
 */
class AdamTest {
    private static final double TOL = 1e-12;
    private static final double[] BETAS = {0.9, 0.999};

    @Test
    void biasCorrectedSteps() {
        Parameter p = of(1);
        Adam opt = new Adam(list(p), 0.1);
        step(opt, p, 2);    // p = 1 − 0.1·2/(2 + 1e-8) = 0.9000000005
        assertValues(p, TOL, 1 - 0.1 * 2 / (2 + 1e-8));
        step(opt, p, -1);   // p = 0.9000000005 − (0.1/0.19)·0.08/(1.5809015228 + 1e-8) = 0.8733662967
        assertValues(p, TOL, 0.8733662967024315);
    }

    @Test
    void coupledWeightDecay() {
        Parameter p = of(1);
        Adam opt = new Adam(list(p), 0.1, BETAS, 1e-8, 0.1, false);
        step(opt, p, 2);    // g = 2 + 0.1·1 = 2.1; m̂ = 2.1, √v̂ = 2.1; p = 1 − 0.1·2.1/(2.1 + 1e-8) = 0.9000000004762
        assertValues(p, TOL, 1 - 0.1 * 2.1 / (2.1 + 1e-8));
        step(opt, p, -1);   // g = −1 + 0.09 = −0.91; m = 0.189 − 0.091 = 0.098; v = 0.999·0.00441 + 0.001·0.8281
                            //   = 0.00523369; p = 0.9 − (0.1/0.19)·0.098/(√(0.00523369/0.001999) + 1e-8) = 0.8681231892
        assertValues(p, TOL, 0.8681231891743804);
    }

    @Test
    void adamWDecaysTheWeightsNotTheGradient() {
        Parameter p = of(1);
        AdamW opt = new AdamW(list(p), 0.1, BETAS, 1e-8, 0.1, false);
        step(opt, p, 2);    // p = 1·(1 − 0.1·0.1) − 0.1·2/(2 + 1e-8) = 0.99 − 0.0999999995 = 0.8900000005
        assertValues(p, TOL, 0.99 - 0.1 * 2 / (2 + 1e-8));
        step(opt, p, -1);   // p = 0.8900000005·0.99 − (0.1/0.19)·0.08/(1.5809015228 + 1e-8) = 0.8544662967
        assertValues(p, TOL, 0.8544662966974315);
    }

    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        Parameter ams = of(1), plain = of(1);
        Adam a = new Adam(list(ams), 0.1, BETAS, 1e-8, 0, true), b = new Adam(list(plain), 0.1);
        step(a, ams, 2);
        step(b, plain, 2);
        step(a, ams, 0);     // m = 0.18, v = 0.999·0.004 = 0.003996 < vMax = 0.004;
        step(b, plain, 0);   // amsgrad: √(0.004/0.001999) = 1.4145672484; plain: √(0.003996/0.001999) = 1.4138597879
        assertValues(ams, TOL, 0.9000000005 - (0.1 / 0.19) * 0.18 / (1.4145672484014862 + 1e-8));   // 0.8330276869
        assertValues(plain, TOL, 0.9000000005 - (0.1 / 0.19) * 0.18 / (1.4138597878679138 + 1e-8)); // 0.8329941756
    }

    @Test
    void float32() {
        Parameter p = Params.of32(1f);
        Adam opt = new Adam(list(p), 0.1);
        step(opt, p, 2);
        step(opt, p, -1);   // as biasCorrectedSteps, to float precision
        assertValues(p, 1e-6, 0.8733662967024315);
    }

    @Test
    void defaults() {
        Adam adam = new Adam(list(of(1)));
        AdamW adamW = new AdamW(list(of(1)));
        assertEquals(1e-3, adam.lr());
        assertEquals(1e-3, adamW.lr());
        assertEquals(0.01, AdamW.DEFAULT_WEIGHT_DECAY);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertArgError(() -> new Adam(list(of(1)), -1), "Adam", "lr", "-1.0");
        assertArgError(() -> new Adam(list(of(1)), 0.1, new double[]{1.0, 0.999}, 1e-8, 0, false), "betas[0]", "1.0");
        assertArgError(() -> new Adam(list(of(1)), 0.1, new double[]{0.9, -0.1}, 1e-8, 0, false), "betas[1]", "-0.1");
        assertArgError(() -> new Adam(list(of(1)), 0.1, new double[]{0.9}, 1e-8, 0, false), "betas", "got 1");
        assertArgError(() -> new Adam(list(of(1)), 0.1, BETAS, -1e-8, 0, false), "eps", "-1.0E-8");
        assertArgError(() -> new AdamW(list(of(1)), 0.1, BETAS, 1e-8, -0.01, false), "AdamW", "weightDecay", "-0.01");
    }
}
