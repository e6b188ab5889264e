package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Encoder and decoder layers with the fused ReLU + dropout and residual dropout + add against the same
 * layers running the composed ops (attention on its kernel in both), in training mode with dropout.
 */
class FusedResidualTwinTest {
    /** The output, then the gradients of the inputs and of every parameter, of one training step. */
    private static List<float[]> step(TransformerLayerBase layer, boolean composed, Tensor a0, Tensor b0, Tensor g) {
        layer.useComposedElementwise(composed);
        layer.zeroGrad();
        Tensor a = a0.detach().requiresGrad(true), b = b0 == null ? null : b0.detach().requiresGrad(true);
        Generator.manualSeed(17);
        Tensor out = layer instanceof TransformerEncoderLayer e ? e.forward(a)
                : ((TransformerDecoderLayer) layer).forward(a, b);
        out.mul(g).sum().backward();
        List<float[]> r = new ArrayList<>();
        r.add(out.toFloatArray());
        r.add(new float[]{(float) (Generator.global().nextLong() >>> 40)});
        r.add(a.gradData().toFloatArray());
        if (b != null) r.add(b.gradData().toFloatArray());
        for (Map.Entry<String, Parameter> p : layer.namedParameters().entrySet()) r.add(p.getValue().gradData().toFloatArray());
        return r;
    }

    @ParameterizedTest(name = "{0}, norm_first {1}")
    @CsvSource({"encoder,false", "encoder,true", "decoder,false", "decoder,true"})
    void fusedEqualsComposed(String kind, boolean normFirst) {
        Generator.manualSeed(3);
        TransformerLayerBase layer = kind.equals("encoder")
                ? new TransformerEncoderLayer(32, 4, 96, 0.25, "relu", 1e-5, false, normFirst)
                : new TransformerDecoderLayer(32, 4, 96, 0.25, "relu", 1e-5, false, normFirst);
        layer.train(true);
        Tensor a = Tensor.randn(9, 3, 32), b = kind.equals("decoder") ? Tensor.randn(7, 3, 32) : null, g = Tensor.randn(9, 3, 32);
        List<float[]> composed = step(layer, true, a, b, g);
        List<float[]> fused = step(layer, false, a, b, g);
        assertEquals(composed.size(), fused.size());
        assertArrayEquals(composed.get(0), fused.get(0), "output bit for bit");
        assertArrayEquals(composed.get(1), fused.get(1), "the generator's stream after the step");
        for (int k = 2; k < composed.size(); k++) {
            float[] c = composed.get(k), f = fused.get(k);
            // equal as numbers (a dropped unit with a positive input gives -0 composed, +0 fused)
            for (int i = 0; i < c.length; i++) assertEquals(c[i], f[i], 0f, "gradient " + (k - 2) + " at " + i);
        }
    }
}
