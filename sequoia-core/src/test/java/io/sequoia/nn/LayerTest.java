package io.sequoia.nn;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common checks for a layer: PyTorch's parameter names and shapes, the output shape, a lossless
 * state-dict round trip, a float64 gradient check through the whole layer, and one SGD step that
 * moves every trainable weight.
 */
public final class LayerTest {
    private LayerTest() {}

    /** Expected parameter keys → shapes, in PyTorch's order. */
    public static Map<String, int[]> params(Object... keyShape) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keyShape.length; i += 2) m.put((String) keyShape[i], (int[]) keyShape[i + 1]);
        return m;
    }

    public static void check(Module layer, Map<String, int[]> expectedParams, Tensor input, int[] expectedOutShape) {
        check(layer, expectedParams, input, expectedOutShape, layer::forward);
    }

    /** As above with a custom forward (e.g. two steps of a cell, so that the recurrent weights matter). */
    public static void check(Module layer, Map<String, int[]> expectedParams, Tensor input, int[] expectedOutShape,
                             java.util.function.UnaryOperator<Tensor> forward) {
        Map<String, Parameter> ps = layer.namedParameters();
        assertEquals(expectedParams.keySet().stream().toList(), ps.keySet().stream().toList(), "parameter names");
        expectedParams.forEach((k, s) -> assertArrayEquals(s, ps.get(k).shape(), "shape of " + k));

        Tensor out = forward.apply(input);
        assertArrayEquals(expectedOutShape, out.shape(), "output shape");

        Map<String, NDArray> sd = layer.stateDict();
        NDArray before = out.data().copy();
        for (Parameter p : layer.parameters()) p.data().fill(0.123);
        layer.loadStateDict(sd, true);
        assertArrayEquals(before.toFloatArray(), forward.apply(input).data().toFloatArray(), "state dict round trip");

        // one SGD step on sum(out * G) moves every trainable weight
        Tensor g = new Tensor(NDArray.randn(out.dtype(), new Generator(3), out.shape()));
        layer.zeroGrad();
        forward.apply(input).mul(g).sum().backward();
        for (Map.Entry<String, Parameter> e : ps.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGrad()) continue;
            assertTrue(p.gradData() != null, "no gradient for " + e.getKey());
            float[] w0 = p.data().toFloatArray();
            p.data().addInPlace(p.gradData(), -0.1);
            assertTrue(!Arrays.equals(w0, p.data().toFloatArray()), "weight did not move: " + e.getKey());
        }
    }

    /** Gradient check of the layer in float64 w.r.t. its input (if it requires grad) and every parameter. */
    public static void gradCheck(String name, Module layer, Tensor input64) {
        layer.to(DType.FLOAT64);
        Tensor[] leaves = new Tensor[1 + layer.parameters().size()];
        leaves[0] = input64;
        int i = 1;
        for (Parameter p : layer.parameters()) leaves[i++] = p;
        GradCheck.check(name, t -> layer.forward(t[0]), leaves);
    }
}
