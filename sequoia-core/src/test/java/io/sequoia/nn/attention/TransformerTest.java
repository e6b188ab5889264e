package io.sequoia.nn.attention;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Fixtures;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.LayerTest;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerTest {
    @BeforeEach
    void seed() { Generator.manualSeed(3); }

    static Tensor randn(DType t, long seed, int... shape) { return AttentionTest.randn(t, seed, shape); }

    static TransformerEncoderLayer encoderLayer(boolean normFirst, String act) {
        return new TransformerEncoderLayer(8, 2, 16, 0, act, 1e-5, true, normFirst);
    }

    static TransformerDecoderLayer decoderLayer(boolean normFirst, String act) {
        return new TransformerDecoderLayer(8, 2, 16, 0, act, 1e-5, true, normFirst);
    }

    @Test
    void layersHavePyTorchsKeys() {
        LayerTest.check(encoderLayer(false, "relu"), params("self_attn.in_proj_weight", new int[]{24, 8}, "self_attn.in_proj_bias", new int[]{24},
                "self_attn.out_proj.weight", new int[]{8, 8}, "self_attn.out_proj.bias", new int[]{8}, "linear1.weight", new int[]{16, 8},
                "linear1.bias", new int[]{16}, "linear2.weight", new int[]{8, 16}, "linear2.bias", new int[]{8}, "norm1.weight", new int[]{8},
                "norm1.bias", new int[]{8}, "norm2.weight", new int[]{8}, "norm2.bias", new int[]{8}), randn(DType.FLOAT32, 1, 2, 5, 8), new int[]{2, 5, 8});
        TransformerDecoderLayer dec = decoderLayer(true, "gelu");
        Tensor memory = randn(DType.FLOAT32, 2, 2, 3, 8);
        java.util.Map<String, int[]> expected = new java.util.LinkedHashMap<>();
        for (String a : new String[]{"self_attn", "multihead_attn"}) {
            expected.putAll(params(a + ".in_proj_weight", new int[]{24, 8}, a + ".in_proj_bias", new int[]{24},
                    a + ".out_proj.weight", new int[]{8, 8}, a + ".out_proj.bias", new int[]{8}));
        }
        expected.putAll(params("linear1.weight", new int[]{16, 8}, "linear1.bias", new int[]{16}, "linear2.weight", new int[]{8, 16},
                "linear2.bias", new int[]{8}, "norm1.weight", new int[]{8}, "norm1.bias", new int[]{8}, "norm2.weight", new int[]{8},
                "norm2.bias", new int[]{8}, "norm3.weight", new int[]{8}, "norm3.bias", new int[]{8}));
        LayerTest.check(dec, expected, randn(DType.FLOAT32, 1, 2, 4, 8), new int[]{2, 4, 8}, x -> dec.forward(x, memory));
    }

    @Test
    void stacksCopyTheLayerAndTransformerCountsLikePyTorch() {
        TransformerEncoder enc = new TransformerEncoder(encoderLayer(false, "relu"), 2, new LayerNorm(8));
        List<String> keys = List.copyOf(enc.namedParameters().keySet());
        assertEquals("layers.0.self_attn.in_proj_weight", keys.get(0));
        assertEquals("layers.1.norm2.bias", keys.get(keys.size() - 3));
        assertEquals(List.of("norm.weight", "norm.bias"), keys.subList(keys.size() - 2, keys.size()));
        assertArrayEquals(enc.layer(0).linear1.weight.toFloatArray(), enc.layer(1).linear1.weight.toFloatArray(), "deep copies start equal");
        assertTrue(enc.layer(0).linear1.weight != enc.layer(1).linear1.weight);
        Transformer t = new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, false, false);
        assertEquals(1536, t.parameterCount(), "torch.nn.Transformer(8, 2, 1, 1, 16) has 1536 parameters");
        assertTrue(t.namedParameters().containsKey("decoder.layers.0.multihead_attn.out_proj.weight"));
        assertTrue(t.namedParameters().containsKey("encoder.norm.bias"));
        assertEquals(0.0, t.encoder.layer(0).selfAttn.inProjBias.abs().sum().item(), "1-D parameters keep their init");
        Tensor out = t.forward(randn(DType.FLOAT32, 1, 6, 2, 8), randn(DType.FLOAT32, 2, 4, 2, 8));
        assertArrayEquals(new int[]{4, 2, 8}, out.shape());
    }

    @Test
    void squareSubsequentMaskIsAdditiveAndEqualsTheCausalFlag() {
        Tensor m = Transformer.generateSquareSubsequentMask(3);
        assertArrayEquals(new float[]{0, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, 0, Float.NEGATIVE_INFINITY, 0, 0, 0}, m.toFloatArray());
        TransformerEncoderLayer layer = encoderLayer(false, "gelu");
        Tensor x = randn(DType.FLOAT32, 1, 2, 3, 8);
        Fixtures.assertClose("mask vs isCausal", layer.forward(x, m, null, false).data(), layer.forward(x, null, null, true).data(), 1e-6);
        Fixtures.assertClose("additive vs boolean", layer.forward(x, m, null, false).data(),
                layer.forward(x, Attention.causalMask(3), null, false).data(), 1e-6);
    }

    @Test
    void gradientCheckOfTheLayersInFloat64() {
        TransformerEncoderLayer enc = new TransformerEncoderLayer(4, 2, 6, 0, "gelu", 1e-5, false, true);
        Tensor pad = Tensor.of(new float[]{0, 0, 1, 0, 0, 0}, 2, 3);
        gradCheck("encoder layer", enc, GradCheck.randn(1, 3, 2, 4), x -> enc.forward(x, null, pad, true));
        TransformerDecoderLayer dec = new TransformerDecoderLayer(4, 2, 6, 0, "relu", 1e-5, true, false);
        Tensor memory = GradCheck.randn(2, 2, 3, 4).requiresGrad(false);
        gradCheck("decoder layer", dec, GradCheck.randn(3, 2, 2, 4), x -> dec.forward(x, memory, null, null, null, pad, true, false));
    }

    private static void gradCheck(String name, Module m, Tensor input, Function<Tensor, Tensor> f) {
        m.to(DType.FLOAT64);
        Tensor[] leaves = new Tensor[1 + m.parameters().size()];
        leaves[0] = input;
        int i = 1;
        for (Parameter p : m.parameters()) leaves[i++] = p;
        GradCheck.check(name, x -> f.apply(x[0]), leaves);
    }

    @Test
    void encoderPropertiesCausalityAndPadding() {
        TransformerEncoder enc = new TransformerEncoder(encoderLayer(true, "relu"), 2, new LayerNorm(8));
        Tensor x = randn(DType.FLOAT32, 1, 1, 6, 8);
        Tensor out = enc.forward(x, null, null, true);
        Tensor changed = Tensor.concat(1, x.narrow(1, 0, 3), randn(DType.FLOAT32, 9, 1, 3, 8));
        Fixtures.assertClose("causal", out.narrow(1, 0, 3).data(), enc.forward(changed, null, null, true).narrow(1, 0, 3).data(), 1e-5);
        Tensor shortOut = enc.forward(x.narrow(1, 0, 4));
        Tensor pad = Tensor.of(new float[]{0, 0, 0, 0, 1, 1}, 1, 6);
        Fixtures.assertClose("padding", shortOut.data(), enc.forward(x, null, pad, false).narrow(1, 0, 4).data(), 1e-5);
    }

    @Test
    void incrementalDecodingEqualsTheFullCausalPass() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (boolean normFirst : new boolean[]{false, true}) {
                TransformerDecoder dec = new TransformerDecoder(decoderLayer(normFirst, "gelu"), 2, new LayerNorm(8));
                dec.to(t);
                Tensor tgt = randn(t, 1, 2, 5, 8), memory = randn(t, 2, 2, 4, 8);
                Tensor memPad = new Tensor(io.sequoia.tensor.NDArray.wrap(new double[]{0, 0, 0, 0, 0, 0, 1, 1}, 2, 4).to(t));
                Tensor full = dec.forward(tgt, memory, null, null, null, memPad, true, false);
                DecoderCache cache = dec.newCache();
                Tensor[] steps = new Tensor[5];
                for (int s = 0; s < 5; s++) steps[s] = dec.forwardStep(tgt.narrow(1, s, 1), memory, cache, memPad);
                assertEquals(5, cache.length());
                Fixtures.assertClose(t + " normFirst " + normFirst, full.data(), Tensor.concat(1, steps).data(), t == DType.FLOAT32 ? 1e-5 : 1e-12);
            }
        }
    }

    @Test
    void errorsNameTheArgumentAndTheValues() {
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "tanh", 1e-5, false, false));
        assertEquals("TransformerEncoderLayer: activation must be relu or gelu; expected relu or gelu, got tanh", e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(encoderLayer(false, "relu"), 0));
        assertEquals("TransformerEncoder: numLayers must be positive; expected > 0, got 0", e2.getMessage());
        Transformer t = new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, false, false);
        ShapeMismatchException e3 = assertThrows(ShapeMismatchException.class, () -> t.forward(Tensor.zeros(5, 2, 8), Tensor.zeros(4, 3, 8)));
        assertEquals("Transformer.forward: the batch number of src and tgt must be equal; expected 2, got 3 (src [5, 2, 8], tgt [4, 3, 8])",
                e3.getMessage());
        ShapeMismatchException e4 = assertThrows(ShapeMismatchException.class, () -> t.forward(Tensor.zeros(5, 2, 8), Tensor.zeros(4, 2, 6)));
        assertTrue(e4.getMessage().startsWith("Transformer.forward: the feature number of src and tgt must be equal to dModel; expected 8, got 6"));
        IllegalArgumentException e5 = assertThrows(IllegalArgumentException.class, () -> Transformer.generateSquareSubsequentMask(0));
        assertEquals("Transformer.generateSquareSubsequentMask: n must be positive; expected > 0, got 0", e5.getMessage());
        TransformerDecoder dec = new TransformerDecoder(decoderLayer(false, "relu"), 2);
        IllegalArgumentException e6 = assertThrows(IllegalArgumentException.class,
                () -> dec.forwardStep(Tensor.zeros(2, 1, 8), Tensor.zeros(2, 3, 8), null, null));
        assertTrue(e6.getMessage().startsWith("TransformerDecoder.forwardStep: cache must come from this decoder's newCache()"), e6.getMessage());
    }
}
