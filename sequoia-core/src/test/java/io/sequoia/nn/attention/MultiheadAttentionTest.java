package io.sequoia.nn.attention;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Fixtures;
import io.sequoia.nn.LayerTest;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiheadAttentionTest {
    @BeforeEach
    void seed() { Generator.manualSeed(5); }

    static Tensor randn(DType t, long seed, int... shape) { return AttentionTest.randn(t, seed, shape); }

    @Test
    void namesShapesRoundTripAndOneStep() {
        LayerTest.check(new MultiheadAttention(8, 2), params("in_proj_weight", new int[]{24, 8}, "in_proj_bias", new int[]{24},
                "out_proj.weight", new int[]{8, 8}, "out_proj.bias", new int[]{8}), randn(DType.FLOAT32, 1, 4, 3, 8), new int[]{4, 3, 8});
        MultiheadAttention cross = new MultiheadAttention(8, 2, 0, true, 5, 6, true);
        LayerTest.check(cross, params("q_proj_weight", new int[]{8, 8}, "k_proj_weight", new int[]{8, 5}, "v_proj_weight", new int[]{8, 6},
                        "in_proj_bias", new int[]{24}, "out_proj.weight", new int[]{8, 8}, "out_proj.bias", new int[]{8}),
                randn(DType.FLOAT32, 1, 2, 4, 8), new int[]{2, 4, 8},
                x -> cross.forward(x, randn(DType.FLOAT32, 2, 2, 5, 5), randn(DType.FLOAT32, 3, 2, 5, 6)).output());
        assertEquals(java.util.List.of("in_proj_weight", "out_proj.weight"),
                java.util.List.copyOf(new MultiheadAttention(8, 2, 0, false, false).namedParameters().keySet()));
    }

    @Test
    void initialisationIsPyTorchs() {
        MultiheadAttention m = new MultiheadAttention(16, 4);
        assertEquals(0.0, m.inProjBias.abs().sum().item());
        assertEquals(0.0, m.outProj.bias.abs().sum().item());
        double xavier = Math.sqrt(6.0 / (16 + 48)), linear = 1 / Math.sqrt(16);
        double maxIn = m.inProjWeight.abs().max().item(), maxOut = m.outProj.weight.abs().max().item();
        assertTrue(maxIn <= xavier && maxIn > 0.8 * xavier, "in_proj_weight bound " + maxIn);
        assertTrue(maxOut <= linear && maxOut > 0.8 * linear, "out_proj.weight bound " + maxOut);
    }

    @Test
    void gradientCheckWithMasksInFloat64() {
        MultiheadAttention self = new MultiheadAttention(4, 2);
        self.to(DType.FLOAT64);
        Tensor mask = new Tensor(NDArray.wrap(new double[]{0, 1, 1, 0, 0, 1, 0, 0, 0}, 3, 3));
        Tensor pad = new Tensor(NDArray.wrap(new double[]{0, 0, 0, 0, 0, 1}, 2, 3));
        Tensor[] leaves = leaves(GradCheck.randn(1, 3, 2, 4), self);
        GradCheck.check("mha self", x -> self.forward(x[0], x[0], x[0], pad, true, mask).output(), leaves);
        GradCheck.check("mha weights", x -> self.forward(x[0], x[0], x[0], pad, true, mask, false, false).weights(), leaves);
        MultiheadAttention cross = new MultiheadAttention(4, 2, 0, true, 3, 5, true);
        cross.to(DType.FLOAT64);
        Tensor k = GradCheck.randn(2, 2, 4, 3), v = GradCheck.randn(3, 2, 4, 5);
        Tensor[] cl = leaves(GradCheck.randn(4, 2, 3, 4), cross);
        GradCheck.check("mha cross kdim vdim", x -> cross.forward(x[0], k, v).output(), cl);
    }

    private static Tensor[] leaves(Tensor input, MultiheadAttention m) {
        Tensor[] l = new Tensor[1 + m.parameters().size()];
        l[0] = input;
        int i = 1;
        for (Parameter p : m.parameters()) l[i++] = p;
        return l;
    }

    @Test
    void permutingKeysAndValuesTogetherLeavesTheOutputUnchanged() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0, true, true);
        Tensor q = randn(DType.FLOAT32, 1, 2, 3, 8), k = randn(DType.FLOAT32, 2, 2, 6, 8), v = randn(DType.FLOAT32, 3, 2, 6, 8);
        for (int trial = 0; trial < 5; trial++) {
            int[] perm = new Generator(trial).permutation(6);
            Tensor idx = Tensor.ofIndices(perm);
            MhaOutput a = m.forward(q, k, v), b = m.forward(q, k.indexSelect(1, idx), v.indexSelect(1, idx));
            Fixtures.assertClose("output", a.output().data(), b.output().data(), 1e-5);
            Fixtures.assertClose("permuted weights", a.weights().indexSelect(2, idx).data(), b.weights().data(), 1e-6);
        }
    }

    @Test
    void causalOutputAtStepTDoesNotDependOnLaterSteps() {
        MultiheadAttention m = new MultiheadAttention(8, 4);
        Tensor x = randn(DType.FLOAT32, 1, 6, 2, 8);
        Tensor out = m.forward(x, x, x, null, false, null, true, true).output();
        for (int t = 0; t < 5; t++) {
            Tensor changed = Tensor.concat(0, x.narrow(0, 0, t + 1), randn(DType.FLOAT32, 10 + t, 5 - t, 2, 8));
            Tensor o2 = m.forward(changed, changed, changed, null, false, null, true, true).output();
            Fixtures.assertClose("step " + t, out.narrow(0, 0, t + 1).data(), o2.narrow(0, 0, t + 1).data(), 1e-6);
        }
    }

    @Test
    void paddingNeverChangesUnpaddedResults() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0, true, true);
        Tensor x = randn(DType.FLOAT32, 1, 1, 3, 8);
        Tensor alone = m.forward(x, x, x).output();                                          // (1, 3, 8)
        for (int extra = 1; extra <= 3; extra++) {
            Tensor padded = Tensor.concat(1, x, randn(DType.FLOAT32, 20 + extra, 1, extra, 8));  // (1, 3 + extra, 8)
            float[] pad = new float[3 + extra];
            for (int j = 3; j < pad.length; j++) pad[j] = 1;
            Tensor out = m.forward(padded, padded, padded, Tensor.of(pad, 1, pad.length), true, null).output();
            Fixtures.assertClose("padding " + extra, alone.data(), out.narrow(1, 0, 3).data(), 1e-6);
        }
    }

    @Test
    void layoutsAgreeAndAFullyPaddedSequenceGivesNoNaN() {
        MultiheadAttention seqFirst = new MultiheadAttention(8, 2), batchFirst = new MultiheadAttention(8, 2, 0, true, true);
        batchFirst.loadStateDict(seqFirst.stateDict(), true);
        Tensor x = randn(DType.FLOAT32, 1, 4, 3, 8);                                          // (L, N, E)
        MhaOutput a = seqFirst.forward(x, x, x);
        MhaOutput b = batchFirst.forward(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1));
        Fixtures.assertClose("batchFirst", a.output().transpose(0, 1).data(), b.output().data(), 1e-6);
        Tensor row = x.select(1, 2);                                                          // (L, E) unbatched
        MhaOutput u = seqFirst.forward(row, row, row);
        Fixtures.assertClose("unbatched", a.output().select(1, 2).data(), u.output().data(), 1e-6);
        assertArrayEquals(new int[]{4, 4}, u.weights().shape());
        Tensor allPad = Tensor.ones(3, 4);
        MhaOutput z = seqFirst.forward(x, x, x, allPad, true, null);
        assertTrue(z.output().data().allFinite());
        assertEquals(0.0, z.weights().abs().sum().item());
        assertNull(seqFirst.forward(x, x, x, null, false, null).weights());
    }

    @Test
    void fusedEqualsComposedWithDropoutInTraining() {
        MultiheadAttention fused = new MultiheadAttention(12, 3, 0.25, true, true), composed = new MultiheadAttention(12, 3, 0.25, true, true);
        composed.loadStateDict(fused.stateDict(), true);
        composed.useComposed(true);
        Tensor[] xs = new Tensor[2];
        Tensor[] outs = new Tensor[2];
        Tensor mask = Attention.causalMask(5);
        for (int c = 0; c < 2; c++) {
            xs[c] = randn(DType.FLOAT32, 1, 2, 5, 12).requiresGrad(true);
            Generator.manualSeed(99);
            MhaOutput o = (c == 0 ? fused : composed).forward(xs[c], xs[c], xs[c], null, true, mask);
            outs[c] = o.output();
            o.output().mul(randn(DType.FLOAT32, 2, 2, 5, 12)).sum().backward();
        }
        Fixtures.assertClose("output", outs[1].data(), outs[0].data(), 1e-5);
        Fixtures.assertClose("grad x", xs[1].gradData(), xs[0].gradData(), 1e-4);
        Fixtures.assertClose("grad in_proj_weight", composed.inProjWeight.gradData(), fused.inProjWeight.gradData(), 1e-4);
    }

    @Test
    void cachedSelfAttentionStepByStepEqualsTheCausalPass() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            MultiheadAttention m = new MultiheadAttention(8, 2, 0, true, true);
            m.to(t);
            Tensor x = randn(t, 1, 2, 5, 8);
            Tensor full = m.forward(x, x, x, null, false, null, true, true).output();
            KeyValueCache cache = KeyValueCache.growing();
            Tensor first = x.narrow(1, 0, 2);                                                 // two steps at once, then one by one
            Tensor[] parts = new Tensor[4];
            parts[0] = m.forwardCached(first, first, first, cache, null, false).output();
            for (int s = 2; s < 5; s++) {
                Tensor step = x.narrow(1, s, 1);
                parts[s - 1] = m.forwardCached(step, step, step, cache, null, false).output();
            }
            assertEquals(5, cache.length());
            Fixtures.assertClose("cached " + t, full.data(), Tensor.concat(1, parts).data(), t == DType.FLOAT32 ? 1e-5 : 1e-12);
        }
    }

    @Test
    void errorsNameTheArgumentAndTheValues() {
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        assertEquals("MultiheadAttention: embedDim must be divisible by numHeads; expected a multiple of 3, got 10 (numHeads 3)", e1.getMessage());
        MultiheadAttention m = new MultiheadAttention(8, 2);
        Tensor x = Tensor.zeros(4, 3, 8);
        ShapeMismatchException e2 = assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(4, 3, 7), x, x));
        assertEquals("MultiheadAttention.forward: query.size(-1) must equal embedDim; expected 8, got 7 (query shape [4, 3, 7])", e2.getMessage());
        ShapeMismatchException e3 = assertThrows(ShapeMismatchException.class, () -> m.forward(x, x, x, null, true, Tensor.zeros(4, 5)));
        assertEquals("MultiheadAttention.forward: attnMask must be (L, S) or (N·H, L, S); expected [4, 4] or [6, 4, 4], got [4, 5] "
                + "(L 4, S 4, numHeads 2)", e3.getMessage());
        ShapeMismatchException e4 = assertThrows(ShapeMismatchException.class, () -> m.forward(x, x, x, Tensor.zeros(4, 3), true, null));
        assertEquals("MultiheadAttention.forward: keyPaddingMask must be (N, S); expected [3, 4], got [4, 3]", e4.getMessage());
        ShapeMismatchException e5 = assertThrows(ShapeMismatchException.class, () -> m.forward(x, Tensor.zeros(5, 2, 8), Tensor.zeros(5, 2, 8)));
        assertEquals("MultiheadAttention.forward: query, key and value must have the same batch size; expected 3, got 2 "
                + "(query [4, 3, 8], key [5, 2, 8], value [5, 2, 8])", e5.getMessage());
        ShapeMismatchException e6 = assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(8)));
        assertEquals("MultiheadAttention.forward: query must have 2 or 3 dims; expected 2 or 3, got 1 (query shape [8])", e6.getMessage());
        ShapeMismatchException e7 = assertThrows(ShapeMismatchException.class, () -> m.forward(x, Tensor.zeros(5, 3, 8), Tensor.zeros(6, 3, 8)));
        assertTrue(e7.getMessage().contains("key and value must have the same sequence length; expected 5, got 6"), e7.getMessage());
    }
}
