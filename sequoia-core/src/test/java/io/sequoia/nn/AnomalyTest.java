package io.sequoia.nn;

import io.sequoia.autograd.Anomaly;
import io.sequoia.autograd.Tensor;

import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anomaly mode names the first primitive whose output (forward) or gradient (backward) is not finite, and the layer that called it. */
class AnomalyTest {
    @AfterEach void off() { Anomaly.enable(false); Anomaly.nameTensors(java.util.Map.of()); }

    /** A layer that takes the log of its input: NaN for negative values, from finite inputs. */
    static final class LogLayer extends Module {
        @Override public Tensor forward(Tensor x) { return x.log(); }
    }

    /** A layer whose square root has an infinite derivative at 0: finite forward, infinite backward. */
    static final class SqrtLayer extends Module {
        @Override public Tensor forward(Tensor x) { return x.sqrt(); }
    }

    private static void assertHas(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "missing '" + p + "' in: " + message);
    }

    private static Tensor input(float... v) { return new Tensor(NDArray.wrap(v, 2, v.length / 2)); }

    @Test void forwardNaNNamesTheOpItsShapesAndTheLayer() {
        Sequential net = new Sequential(new Linear(2, 3), new LogLayer(), new Linear(3, 1));
        Tensor x = input(1, -2, 3, 4);
        Tensor offResult = net.forward(x);                                  // off: NaN flows silently
        assertTrue(!offResult.data().allFinite());
        Anomaly.enable(true);
        Anomaly.AnomalyException e = assertThrows(Anomaly.AnomalyException.class, () -> net.forward(x));
        assertHas(e.getMessage(), "in forward: 'log' produced NaN in output 0 [2, 3]", "inputs: [2, 3]", "LogLayer.forward(AnomalyTest.java:");
        assertTrue(!e.getMessage().contains("already non-finite"), e.getMessage());
    }

    @Test void backwardInfinityNamesTheOpAndWhereItsForwardRan() {
        Linear lin = new Linear(2, 2);
        Anomaly.enable(true);
        Anomaly.nameTensors(lin.namedParameters());
        Tensor x = input(0, 0, 0, 0);
        Tensor y = new SqrtLayer().forward(lin.forward(x).mul(0).add(0));  // zeros: sqrt is finite, its gradient infinite
        Anomaly.AnomalyException e = assertThrows(Anomaly.AnomalyException.class, () -> y.sum().backward());
        assertHas(e.getMessage(), "in backward: the backward of 'sqrt' returned Infinity in the gradient of input 0 [2, 2]", "from finite output gradients",
                "the forward 'sqrt' was called from AnomalyTest$SqrtLayer.forward(AnomalyTest.java:");
    }

    @Test void aNaNWeightIsNamedByItsModulePath() {
        Sequential net = new Sequential(new Linear(2, 3), new Linear(3, 1));
        net.namedParameters().get("1.weight").data().setDouble(2, Double.NaN);
        Anomaly.enable(true);
        Anomaly.nameTensors(net.namedParameters());
        Anomaly.AnomalyException e = assertThrows(Anomaly.AnomalyException.class, () -> net.forward(input(1, 2, 3, 4)));
        assertHas(e.getMessage(), "[1, 3] weight '1.weight' (already non-finite)");
    }

    @Test void offOrOnTheFiniteResultsAreTheSame() {
        Linear lin = new Linear(3, 2);
        Tensor x = input(1, 2, 3, 4, 5, 6);
        Tensor a = lin.forward(x).tanh().sum();
        a.backward();
        float[] ga = lin.namedParameters().get("weight").gradData().floatData();
        lin.namedParameters().get("weight").setGrad(null);
        Anomaly.enable(true);
        Tensor b = lin.forward(x).tanh().sum();
        b.backward();
        assertEquals(a.item(), b.item(), 0.0);
        assertArrayEquals(ga, lin.namedParameters().get("weight").gradData().floatData(), 0f);
    }
}
