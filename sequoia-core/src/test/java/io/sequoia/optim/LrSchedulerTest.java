package io.sequoia.optim;

import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each scheduler's lr over several epochs against hand-computed values (index = epoch). */
class LrSchedulerTest {
    private static final double TOL = 1e-12;

    private static Optimizer sgd(double lr) { return new SGD(list(of(1)), lr); }

    /** lastLr at epoch 0 (construction) and after each of {@code epochs} steps; checks the optimizer agrees. */
    private static double[] lrs(LrScheduler s, int epochs) {
        double[] out = new double[epochs + 1];
        for (int e = 0; e <= epochs; e++) {
            if (e > 0) s.step();
            out[e] = s.lastLr();
            assertEquals(out[e], s.optimizer().lr());
            assertEquals(e, s.lastEpoch());
        }
        return out;
    }

    @Test
    void stepLR() {   // 1·0.5^(epoch / 2)
        assertArrayEquals(new double[]{1, 1, 0.5, 0.5, 0.25, 0.25}, lrs(new StepLR(sgd(1), 2, 0.5), 5), TOL);
        assertArrayEquals(new double[]{1, 1, 1, 0.1}, lrs(new StepLR(sgd(1), 3), 3), TOL);   // default gamma 0.1
    }

    @Test
    void exponentialLR() {   // 0.8·0.5^epoch
        assertArrayEquals(new double[]{0.8, 0.4, 0.2, 0.1}, lrs(new ExponentialLR(sgd(0.8), 0.5), 3), TOL);
    }

    @Test
    void cosineAnnealingLR() {   // 0.1 + 1.0·(1 + cos(π·t/4))/2, cos(π/4) = 0.70710678: rises again after tMax
        double up = 0.1 + (1 + Math.sqrt(0.5)) / 2, down = 0.1 + (1 - Math.sqrt(0.5)) / 2;   // 0.9535534, 0.2464466
        assertArrayEquals(new double[]{1.1, up, 0.6, down, 0.1, down}, lrs(new CosineAnnealingLR(sgd(1.1), 4, 0.1), 5), TOL);
    }

    @Test
    void linearWarmup() {   // 1·(0.2 + 0.8·min(t, 4)/4)
        assertArrayEquals(new double[]{0.2, 0.4, 0.6, 0.8, 1, 1}, lrs(new LinearWarmup(sgd(1), 4, 0.2), 5), TOL);
    }

    @Test
    void lambdaLR() {   // 0.6/(t + 1)
        assertArrayEquals(new double[]{0.6, 0.3, 0.2, 0.15}, lrs(new LambdaLR(sgd(0.6), e -> 1.0 / (e + 1)), 3), TOL);
    }

    @Test
    void reduceOnPlateauMinRelWithCooldownAndMinLr() {
        Optimizer opt = sgd(1);
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "min", 0.5, 1, 0.1, "rel", 1, 0.3, 1e-8);
        double[] metrics = {10, 9.5, 9.4, 9.3, 9.2, 9.1, 5, 6, 7};
        // 10 best; 9.5 ≥ 10·0.9 bad 1; 9.4 bad 2 > 1 → lr 0.5, cooldown 1; 9.3 bad but in cooldown → 0;
        // 9.2 bad 1; 9.1 bad 2 → max(0.25, 0.3) = 0.3; 5 best; 6 bad 1; 7 bad 2 → max(0.15, 0.3) = 0.3, no change
        double[] expected = {1, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(expected[i], s.lastLr(), TOL, "epoch " + (i + 1));
            assertEquals(expected[i], opt.lr(), TOL);
        }
        assertEquals(5, s.best());
    }

    @Test
    void reduceOnPlateauMaxAbs() {
        Optimizer opt = sgd(1);
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "max", 0.1, 0, 0.5, "abs", 0, 0, 1e-8);
        // 1 best; 1.4 ≤ 1 + 0.5 bad 1 > 0 → 0.1; 2 > 1.5 best; 2.2 ≤ 2.5 bad → 0.01
        double[] metrics = {1, 1.4, 2, 2.2}, expected = {1, 0.1, 0.1, 0.01};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(expected[i], s.lastLr(), TOL, "epoch " + (i + 1));
        }
    }

    @Test
    void reduceOnPlateauDefaultsWaitTenEpochs() {
        Optimizer opt = sgd(1);
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt);
        for (int i = 0; i < 11; i++) s.step(1.0);   // first is best, then 10 bad epochs = patience: no change
        assertEquals(1, opt.lr());
        s.step(1.0);                               // 11 bad epochs > 10 → 0.1
        assertEquals(0.1, opt.lr(), TOL);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        Supplier<Optimizer> o = () -> sgd(1);
        assertArgError(() -> new StepLR(o.get(), 0), "StepLR", "stepSize", "got 0");
        assertArgError(() -> new CosineAnnealingLR(o.get(), 0), "tMax", "got 0");
        assertArgError(() -> new LinearWarmup(o.get(), 5, 0), "LinearWarmup", "startFactor", "got 0.0");
        assertArgError(() -> new LinearWarmup(o.get(), 5, 1.5), "startFactor", "got 1.5");
        assertArgError(() -> new ReduceLROnPlateau(o.get(), "minimum", 0.1, 10), "mode", "\"minimum\"");
        assertArgError(() -> new ReduceLROnPlateau(o.get(), "min", 1.0, 10), "factor", "got 1.0");
        assertArgError(() -> new ReduceLROnPlateau(o.get(), "min", 0.1, -1), "patience", "got -1");
        assertArgError(() -> new ReduceLROnPlateau(o.get(), "min", 0.1, 1, 1e-4, "relative", 0, 0, 1e-8),
                "thresholdMode", "\"relative\"");
        assertArgError(() -> new LambdaLR(o.get(), e -> -1.0), "lr", "-1.0");
    }
}
