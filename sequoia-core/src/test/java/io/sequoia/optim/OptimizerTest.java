package io.sequoia.optim;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.sequoia.optim.Params.assertArgError;
import static io.sequoia.optim.Params.grad;
import static io.sequoia.optim.Params.list;
import static io.sequoia.optim.Params.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every optimizer shares: skipping gradient-less parameters, state dicts, names, errors. */
class OptimizerTest {
    /** One of each, with every buffer in use. */
    private static final List<Function<List<Parameter>, Optimizer>> ALL = List.of(
            ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, true),
            ps -> new Adam(ps, 0.1, new double[]{0.9, 0.999}, 1e-8, 0.01, true),
            ps -> new AdamW(ps, 0.1),
            ps -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0.01, 0.9, true),
            ps -> new Adagrad(ps, 0.1, 0.01, 0.01, 0.1, 1e-10));

    @Test
    void parameterWithoutGradientIsUntouched() {
        for (Function<List<Parameter>, Optimizer> make : ALL) {
            Parameter a = of(1, 2), b = of(3, 4);
            Optimizer opt = make.apply(list(a, b));
            grad(a, 0.5, -0.5);
            opt.step();
            assertArrayEquals(new double[]{3, 4}, b.toDoubleArray(), opt.getClass().getSimpleName());
            assertFalse(opt.stateDict().containsKey("1.step"));
            assertTrue(a.get(0) < 1 && a.get(1) > 2);
        }
    }

    @Test
    void stateDictRoundTripResumesIdentically() {
        for (Function<List<Parameter>, Optimizer> make : ALL) {
            Parameter p = of(1, -2);
            Optimizer opt = make.apply(list(p));
            for (double g : new double[]{0.5, -1.5}) Params.step(opt, p, g, g * g);
            opt.setLr(0.05);
            Parameter copy = of(p.toDoubleArray());
            Optimizer resumed = make.apply(list(copy));
            resumed.loadStateDict(opt.stateDict());
            assertEquals(0.05, resumed.lr());
            for (double g : new double[]{2, 0.25, -1}) {
                Params.step(opt, p, g, -g);
                Params.step(resumed, copy, g, -g);
            }
            assertArrayEquals(p.toDoubleArray(), copy.toDoubleArray(), opt.getClass().getSimpleName());
        }
    }

    @Test
    void stateDictUsesPyTorchBufferNames() {
        Parameter p = of(1);
        Optimizer opt = ALL.get(1).apply(list(p));
        Params.step(opt, p, 1);
        assertEquals(List.of("lr", "0.step", "0.exp_avg", "0.exp_avg_sq", "0.max_exp_avg_sq"),
                new ArrayList<>(opt.stateDict().keySet()));
        assertEquals(1.0, opt.stateDict().get("0.step").item());
    }

    @Test
    void loadStateDictRejectsForeignState() {
        Parameter p = of(1, 2);
        Adam adam = new Adam(list(p));
        Map<String, NDArray> sgdState = Map.of("lr", NDArray.wrap(new double[]{0.1}), "0.step",
                NDArray.wrap(new double[]{1}), "0.momentum_buffer", NDArray.wrap(new double[]{1, 2}, 2));
        assertArgError(() -> adam.loadStateDict(sgdState), "Adam.loadStateDict", "unknown key", "0.momentum_buffer");
        Map<String, NDArray> wrongIndex = Map.of("lr", NDArray.wrap(new double[]{0.1}), "3.step", NDArray.wrap(new double[]{1}));
        assertArgError(() -> adam.loadStateDict(wrongIndex), "unknown key", "3.step");
        assertArgError(() -> adam.loadStateDict(Map.of()), "\"lr\"");
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Parameter a = of(1), b = of(2);
        Optimizer opt = new SGD(list(a, b), 0.1);
        grad(a, 1);
        grad(b, 1);
        opt.zeroGrad();
        assertNull(a.gradData());
        assertNull(b.gradData());
    }

    @Test
    void commonArgumentErrors() {
        Parameter p = of(1);
        assertArgError(() -> new Adam(List.of()), "Adam", "params must not be empty");
        assertArgError(() -> new Adam(list(p, of(2), p)), "params", "indices 0 and 2");
        assertArgError(() -> new SGD(list(p), 0.1).setLr(-0.5), "SGD.setLr", "lr", "-0.5");
        assertArgError(() -> new SGD(list(p), Double.NaN), "lr", "NaN");
    }

    @Test
    void createByName() {
        List<Parameter> ps = list(of(1));
        assertInstanceOf(SGD.class, Optimizers.create("SGD", ps, null));
        assertEquals(0.01, Optimizers.create("sgd", ps, null).lr());
        assertEquals(1e-3, Optimizers.create("Adam", ps, null).lr());
        assertInstanceOf(AdamW.class, Optimizers.create("adamw", ps, 0.5));
        assertEquals(0.5, Optimizers.create("adamw", ps, 0.5).lr());
        assertEquals(0.01, Optimizers.create("RMSprop", ps, null).lr());
        assertEquals(0.01, Optimizers.create("adagrad", ps, null).lr());
        assertArgError(() -> Optimizers.create("adamax", ps, null), "unknown optimizer", "\"adamax\"", "sgd", "adagrad");
    }

    @Test
    void adamMinimisesAQuadratic() {
        // loss = Σ (x − target)², x starts at 0: loss 0 → Σ target² = 30
        Parameter x = new Parameter(NDArray.zeros(io.sequoia.tensor.DType.FLOAT32, 4));
        Tensor target = Tensor.of(1f, -2f, 3f, -4f);
        Adam opt = new Adam(list(x), 0.1);
        double first = Double.NaN, last = Double.NaN;
        for (int i = 0; i < 300; i++) {
            opt.zeroGrad();
            Tensor loss = x.sub(target).square().sum();
            loss.backward();
            opt.step();
            if (i == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < first / 100, "loss " + first + " → " + last);
    }
}
