package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny parameters with hand-set gradients, and the assertions the optim tests share. */
final class Params {
    private Params() {}

    /** A float64 parameter holding {@code values}. */
    static Parameter of(double... values) { return new Parameter(NDArray.wrap(values.clone(), values.length)); }

    /** A float32 parameter holding {@code values}. */
    static Parameter of32(float... values) { return new Parameter(NDArray.wrap(values.clone(), values.length)); }

    /** Sets {@code p}'s gradient to {@code g}, in {@code p}'s dtype. */
    static void grad(Parameter p, double... g) {
        p.setGrad(NDArray.wrap(g.clone(), g.length).to(p.dtype()));
    }

    /** Sets {@code p}'s gradient to {@code g}, then steps {@code opt}. */
    static void step(Optimizer opt, Parameter p, double... g) {
        grad(p, g);
        opt.step();
    }

    static void assertValues(Parameter p, double tol, double... expected) { assertValues(p.data(), tol, expected); }

    static void assertValues(NDArray a, double tol, double... expected) {
        double[] got = a.toDoubleArray();
        assertEquals(expected.length, got.length, "numel");
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], tol, "element " + i);
    }

    /** Asserts {@code f} throws an IllegalArgumentException whose message contains every fragment. */
    static void assertArgError(Executable f, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f);
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    }

    static List<Parameter> list(Parameter... ps) { return List.of(ps); }
}
