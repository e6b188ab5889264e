package io.sequoia.nn;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreLayersTest {
    @BeforeEach
    void seed() { Generator.manualSeed(0); }

    @Test
    void linear() {
        LayerTest.check(new Linear(4, 3), params("weight", new int[]{3, 4}, "bias", new int[]{3}), Tensor.randn(2, 5, 4), new int[]{2, 5, 3});
        LayerTest.gradCheck("Linear", new Linear(4, 3), GradCheck.randn(1, 2, 4));
        LayerTest.check(new Linear(4, 3, false), params("weight", new int[]{3, 4}), Tensor.randn(4), new int[]{3});
    }

    @Test
    void linearInitIsPyTorchsUniformBound() {
        Linear l = new Linear(100, 50);
        double bound = 1 / Math.sqrt(100), max = 0;
        for (float v : l.weight.toFloatArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max);
    }

    @Test
    void linearRejectsWrongInputSize() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new Linear(10, 2).forward(Tensor.zeros(5, 3, 7)));
        assertEquals("Linear.forward: input.size(-1) must equal inFeatures; expected 10, got 7 (input shape [5, 3, 7])", e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2));
        assertTrue(e2.getMessage().contains("inFeatures") && e2.getMessage().contains("got 0"), e2.getMessage());
    }

    @Test
    void embedding() {
        Tensor idx = new Tensor(NDArray.wrap(new float[]{1, 2, 0, 4, 4, 3}, 2, 3));
        LayerTest.check(new Embedding(5, 3), params("weight", new int[]{5, 3}), idx, new int[]{2, 3, 3});
        Embedding padded = new Embedding(5, 3, 0);
        for (int j = 0; j < 3; j++) assertEquals(0, padded.weight.get(0, j));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> new Embedding(5, 3).forward(Tensor.ofIndices(1, 5)));
        assertTrue(e.getMessage().contains("[0, 5)") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void embeddingFromPretrainedFreezes() {
        Tensor w = Tensor.randn(4, 2);
        Embedding e = Embedding.fromPretrained(w, true);
        assertTrue(!e.weight.requiresGrad());
        assertEquals(w.get(3, 1), e.forward(Tensor.ofIndices(3)).get(0, 1));
        assertTrue(Embedding.fromPretrained(w, false).weight.requiresGrad());
    }

    @Test
    void layerNorm() {
        LayerTest.check(new LayerNorm(4), params("weight", new int[]{4}, "bias", new int[]{4}), Tensor.randn(2, 3, 4), new int[]{2, 3, 4});
        LayerNorm ln = new LayerNorm(4);
        ln.weight.data().copyFrom(NDArray.randn(ln.weight.dtype(), new Generator(2), 4));
        LayerTest.gradCheck("LayerNorm", ln, GradCheck.randn(1, 3, 4));
        Tensor y = new LayerNorm(6).forward(Tensor.randn(3, 6));
        for (int r = 0; r < 3; r++) {
            Tensor row = y.select(0, r);
            assertEquals(0, row.mean().item(), 1e-6);
            assertEquals(1, row.var(new int[]{0}, false, 0).item(), 1e-4);
        }
    }

    @Test
    void dropoutTrainAndEval() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(1000);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (float v : y.toFloatArray()) { if (v == 0) zeros++; else assertEquals(2.0f, v); }
        assertTrue(zeros > 400 && zeros < 600, "zeros " + zeros);
        d.eval();
        assertEquals(1000, d.forward(x).sum().item(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }

    @Test
    void sequentialUsesPyTorchKeys() {
        Sequential s = new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2));
        LayerTest.check(s, params("0.weight", new int[]{4, 3}, "0.bias", new int[]{4}, "2.weight", new int[]{2, 4}, "2.bias", new int[]{2}),
                Tensor.randn(5, 3), new int[]{5, 2});
        LayerTest.gradCheck("Sequential", new Sequential(new Linear(3, 4), Activation.tanh(), new Linear(4, 2)), GradCheck.randn(1, 2, 3));
        s.eval();
        assertTrue(!s.get(0).isTraining());
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndWrongShapes() {
        Sequential s = new Sequential(new Linear(3, 4), new Linear(4, 2));
        Map<String, NDArray> sd = s.stateDict();
        sd.remove("1.bias");
        sd.put("2.weight", NDArray.zeros(io.sequoia.tensor.DType.FLOAT32, 1));
        sd.put("0.weight", NDArray.zeros(io.sequoia.tensor.DType.FLOAT32, 4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(sd, true));
        assertTrue(e.getMessage().contains("missing keys [1.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [2.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("0.weight: expected [4, 3], got [4, 2]"), e.getMessage());
    }

    @Test
    void activationsByName() {
        Tensor x = Tensor.of(-1f, 0f, 2f);
        assertEquals(2, Activation.of("relu").forward(x).sum().item(), 1e-9);
        assertEquals(Math.tanh(2) + Math.tanh(-1), Activation.of("TANH").forward(x).sum().item(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.of("swishy"));
        assertTrue(e.getMessage().contains("swishy"));
    }
}
