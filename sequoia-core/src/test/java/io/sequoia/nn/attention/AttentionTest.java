package io.sequoia.nn.attention;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Fixtures;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scaled dot-product attention: semantics, masks, the fused kernel against its composed twin, gradients, errors. */
class AttentionTest {
    @BeforeEach
    void seed() { Generator.manualSeed(11); }

    static Tensor randn(DType t, long seed, int... shape) { return new Tensor(NDArray.randn(t, new Generator(seed), shape)); }

    /** softmax(q kᵀ · scale + bias) v by plain loops, in double: q (L, E), k (S, E), v (S, Ev), bias (L, S) or null. */
    static double[] reference(Tensor q, Tensor k, Tensor v, double[] bias, double scale) {
        int L = q.size(0), E = q.size(1), S = k.size(0), Ev = v.size(1);
        double[] out = new double[L * Ev];
        for (int i = 0; i < L; i++) {
            double[] s = new double[S];
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < S; j++) {
                for (int e = 0; e < E; e++) s[j] += q.get(i, e) * k.get(j, e) * scale;
                if (bias != null) s[j] += bias[i * S + j];
                m = Math.max(m, s[j]);
            }
            if (m == Double.NEGATIVE_INFINITY) continue;
            for (int j = 0; j < S; j++) sum += s[j] = Math.exp(s[j] - m);
            for (int j = 0; j < S; j++) for (int e = 0; e < Ev; e++) out[i * Ev + e] += s[j] / sum * v.get(j, e);
        }
        return out;
    }

    static void assertClose(String what, double[] expected, Tensor actual, double tol) {
        Fixtures.assertClose(what, NDArray.wrap(expected, actual.shape()), actual.data(), tol);
    }

    @Test
    void matchesTheDefinitionInBothDtypes() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor q = randn(t, 1, 3, 4), k = randn(t, 2, 5, 4), v = randn(t, 3, 5, 6);
            Tensor out = Attention.scaledDotProductAttention(q, k, v);
            assertClose("sdpa " + t, reference(q, k, v, null, 0.5), out, t == DType.FLOAT32 ? 1e-5 : 1e-12);
            Tensor scaled = Attention.scaledDotProductAttention(q, k, v, null, 0, false, 0.1);
            assertClose("scale " + t, reference(q, k, v, null, 0.1), scaled, t == DType.FLOAT32 ? 1e-5 : 1e-12);
        }
    }

    @Test
    void booleanOneMeansNotAllowedAndFloatMasksAreAdded() {
        Tensor q = randn(DType.FLOAT32, 1, 2, 4), k = randn(DType.FLOAT32, 2, 3, 4), v = randn(DType.FLOAT32, 3, 3, 2);
        Tensor bool = Tensor.of(new float[]{0, 1, 0, 1, 0, 0}, 2, 3);
        double inf = Double.NEGATIVE_INFINITY;
        assertClose("bool", reference(q, k, v, new double[]{0, inf, 0, inf, 0, 0}, 0.5),
                Attention.scaledDotProductAttention(q, k, v, bool, 0, false, null), 1e-5);
        double[] b = {0.5, -1, 2, 0.25, 0, -3};
        Tensor additive = Tensor.of(new float[]{0.5f, -1, 2, 0.25f, 0, -3}, 2, 3);
        assertClose("additive", reference(q, k, v, b, 0.5), Attention.scaledDotProductAttention(q, k, v, additive, 0, false, null), 1e-5);
    }

    @Test
    void aFullyMaskedRowGivesZerosAndNoNaNGradients() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor q = randn(t, 1, 2, 4).requiresGrad(true), k = randn(t, 2, 3, 4).requiresGrad(true), v = randn(t, 3, 3, 2).requiresGrad(true);
            Tensor mask = new Tensor(NDArray.wrap(new double[]{1, 1, 1, 0, 1, 0}, 2, 3).to(t));
            Tensor out = Attention.scaledDotProductAttention(q, k, v, mask, 0, false, null);
            assertEquals(0.0, out.get(0, 0));
            assertEquals(0.0, out.get(0, 1));
            out.sum().backward();
            for (Tensor x : new Tensor[]{q, k, v}) assertTrue(x.gradData().allFinite(), t + " gradient has NaN");
            assertEquals(0.0, q.grad().get(0, 0));
        }
    }

    @Test
    void causalEqualsTheCausalMaskAndMasksBroadcastOverBatchDims() {
        Tensor q = randn(DType.FLOAT32, 1, 2, 3, 4, 4), k = randn(DType.FLOAT32, 2, 2, 3, 4, 4), v = randn(DType.FLOAT32, 3, 2, 3, 4, 5);
        Tensor causal = Attention.scaledDotProductAttention(q, k, v, null, 0, true, null);
        Tensor masked = Attention.scaledDotProductAttention(q, k, v, Attention.causalMask(4), 0, false, null);
        Fixtures.assertClose("causal", masked.data(), causal.data(), 1e-6);
        assertArrayEquals(new int[]{2, 3, 4, 5}, causal.shape());
        Tensor perBatch = Tensor.concat(0, Attention.causalMask(4).unsqueeze(0), Tensor.zeros(1, 4, 4)).unsqueeze(1);  // (2, 1, 4, 4)
        Tensor out = Attention.scaledDotProductAttention(q, k, v, perBatch, 0, false, null);
        Fixtures.assertClose("batch 0 causal", causal.select(0, 0).data(), out.select(0, 0).data(), 1e-6);
        Fixtures.assertClose("batch 1 open", Attention.scaledDotProductAttention(q, k, v).select(0, 1).data(), out.select(0, 1).data(), 1e-6);
    }

    @Test
    void gradientsOfTheComposedPrimitive() {
        Tensor q = GradCheck.randn(1, 2, 3, 4), k = GradCheck.randn(2, 2, 5, 4), v = GradCheck.randn(3, 2, 5, 3);
        Tensor bias = new Tensor(NDArray.randn(DType.FLOAT64, new Generator(4), 3, 5));
        GradCheck.check("sdpa additive", x -> Attention.scaledDotProductAttention(x[0], x[1], x[2], bias, 0, false, null), q, k, v);
        Tensor q2 = GradCheck.randn(5, 4, 4), k2 = GradCheck.randn(6, 4, 4), v2 = GradCheck.randn(7, 4, 2);
        GradCheck.check("sdpa causal", x -> Attention.scaledDotProductAttention(x[0], x[1], x[2], null, 0, true, 0.7), q2, k2, v2);
    }

    /** The fused float32 kernel and its composed twin: outputs, weights and the gradients of q, k, v. */
    @TestFactory
    List<DynamicTest> fusedEqualsComposed() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] sizes = {{2, 2, 3, 5, 4, 3}, {1, 3, 6, 6, 8, 8}, {3, 1, 1, 4, 2, 5}, {2, 4, 17, 33, 16, 16}};
        int id = 0;
        for (int[] s : sizes) {
            for (String mode : new String[]{"none", "causal", "bias", "padding+dropout"}) {
                int cfg = id++;
                tests.add(DynamicTest.dynamicTest(java.util.Arrays.toString(s) + " " + mode, () -> twin(cfg, s, mode)));
            }
        }
        return tests;
    }

    private static void twin(int cfg, int[] s, String mode) {
        int B = s[0], H = s[1], L = s[2], S = s[3], d = s[4], dv = s[5];
        NDArray bias = null;
        if (mode.equals("bias")) bias = NDArray.randn(DType.FLOAT32, new Generator(cfg), 1, H, L, S);
        if (mode.startsWith("padding")) {
            bias = NDArray.zeros(DType.FLOAT32, B, 1, 1, S);
            bias.setDouble(S - 1, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < S; j++) bias.setDouble(S * (B - 1) + j, Double.NEGATIVE_INFINITY);   // last batch fully masked
        }
        double p = mode.contains("dropout") ? 0.3 : 0;
        Tensor[][] res = new Tensor[2][];
        Tensor[][] leaves = new Tensor[2][];
        for (int c = 0; c < 2; c++) {
            leaves[c] = new Tensor[]{randn(DType.FLOAT32, 1, B, L, H * d).requiresGrad(true),
                    randn(DType.FLOAT32, 2, B, S, H * d).requiresGrad(true), randn(DType.FLOAT32, 3, B, S, H * dv).requiresGrad(true)};
            Generator.manualSeed(cfg);
            res[c] = AttentionCore.attend(leaves[c][0], leaves[c][1], leaves[c][2], H, bias, mode.equals("causal"), 0.4, p, true, c == 1);
            Tensor loss = res[c][0].mul(randn(DType.FLOAT32, 4, B, L, H * dv)).sum().add(res[c][1].mul(randn(DType.FLOAT32, 5, B, H, L, S)).sum());
            loss.backward();
        }
        Fixtures.assertClose("output", res[1][0].data(), res[0][0].data(), 1e-5);
        Fixtures.assertClose("weights", res[1][1].data(), res[0][1].data(), 1e-6);
        String[] names = {"q", "k", "v"};
        for (int i = 0; i < 3; i++) Fixtures.assertClose("grad " + names[i], leaves[1][i].gradData(), leaves[0][i].gradData(), 1e-4);
    }

    @Test
    void dropoutZeroesAFractionOfTheWeights() {
        Tensor q = randn(DType.FLOAT32, 1, 4, 20, 8), k = randn(DType.FLOAT32, 2, 4, 30, 8), v = Tensor.ones(4, 30, 1);
        Tensor out = Attention.scaledDotProductAttention(q, k, v, null, 0.5, false, null);
        double mean = out.mean().item();
        assertTrue(Math.abs(mean - 1) < 0.1, "inverted dropout keeps the mean near 1; got " + mean);
        assertEquals(0.0, Attention.scaledDotProductAttention(q, k, v, null, 1.0, false, null).abs().sum().item());
    }

    @Test
    void errorsNameTheArgumentAndTheValues() {
        Tensor q = Tensor.zeros(2, 3, 4), k = Tensor.zeros(2, 5, 4), v = Tensor.zeros(2, 5, 6);
        ShapeMismatchException e1 = assertThrows(ShapeMismatchException.class,
                () -> Attention.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), v));
        assertEquals("scaledDotProductAttention: key.size(-1) must equal query.size(-1); expected 4, got 3 "
                + "(query [2, 3, 4], key [2, 5, 3], value [2, 5, 6])", e1.getMessage());
        ShapeMismatchException e2 = assertThrows(ShapeMismatchException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, Tensor.zeros(3, 4), 0, false, null));
        assertEquals("scaledDotProductAttention: attnMask must broadcast to (*, L, S); expected [2, 3, 5], got [3, 4]", e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, Tensor.zeros(3, 5), 0, true, null));
        assertTrue(e3.getMessage().startsWith("scaledDotProductAttention: give attnMask or isCausal, not both"), e3.getMessage());
        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, null, 1.5, false, null));
        assertEquals("scaledDotProductAttention: dropoutP must be in [0, 1]; expected 0 <= dropoutP <= 1, got 1.5", e4.getMessage());
        ShapeMismatchException e5 = assertThrows(ShapeMismatchException.class,
                () -> Attention.scaledDotProductAttention(q, Tensor.zeros(3, 5, 4), Tensor.zeros(3, 5, 6)));
        assertTrue(e5.getMessage().startsWith("scaledDotProductAttention: leading dims of query, key and value must be equal; expected [2], got [3]"),
                e5.getMessage());
        ShapeMismatchException e6 = assertThrows(ShapeMismatchException.class, () -> Attention.scaledDotProductAttention(Tensor.zeros(4), k, v));
        assertEquals("scaledDotProductAttention: query must have at least 2 dims (L, E); expected >= 2, got 1 (query shape [4])", e6.getMessage());
    }
}
