package io.sequoia.nn.attention;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuongAdditiveAttentionTest {
    private static Tensor rand64(int... shape) { return Tensor.randn(new Generator(shape.length * 31L + shape[0]), shape).to(DType.FLOAT64).requiresGrad(true); }

    private static Tensor[] withParams(Module m, Tensor... xs) {
        List<Tensor> all = new ArrayList<>(List.of(xs));
        all.addAll(m.parameters());
        return all.toArray(new Tensor[0]);
    }

    @Test void generalDotAndAdditiveGradientsMatchFiniteDifferencesWithPadding() {
        Generator.manualSeed(3);
        Tensor mask = LuongAttention.paddingMask(new int[]{4, 2}, 4, DType.FLOAT64);
        Tensor q = rand64(2, 3, 5), k = rand64(2, 4, 6), k5 = rand64(2, 4, 5);
        LuongAttention general = new LuongAttention(LuongAttention.Score.GENERAL, 5, 6);
        general.to(DType.FLOAT64);
        GradCheck.check("luong general", in -> general.forward(in[0], in[1], in[1], mask).context(), withParams(general, q, k));
        GradCheck.check("luong general weights", in -> general.forward(in[0], in[1], in[1], mask).weights(), withParams(general, q, k));
        LuongAttention dot = new LuongAttention(LuongAttention.Score.DOT, 5, 5);
        dot.to(DType.FLOAT64);
        GradCheck.check("luong dot", in -> dot.forward(in[0], in[1], in[1], mask).context(), q, k5);
        AdditiveAttention add = new AdditiveAttention(5, 6, 7);
        add.to(DType.FLOAT64);
        GradCheck.check("additive", in -> add.forward(in[0], in[1], in[1], mask).context(), withParams(add, q, k));
    }

    @Test void weightsAreDistributionsWithZerosAtPaddingAndFusedEqualsComposed() {
        Generator.manualSeed(4);
        Tensor mask = LuongAttention.paddingMask(new int[]{4, 2}, 4, DType.FLOAT32);
        Tensor q = Tensor.randn(2, 3, 5), k = Tensor.randn(2, 4, 6);
        LuongAttention general = new LuongAttention(LuongAttention.Score.GENERAL, 5, 6);
        AttentionOutput o = general.forward(q, k, k, mask);
        float[] w = o.weights().data().toFloatArray();
        for (int n = 0; n < 2; n++) for (int l = 0; l < 3; l++) {
            double sum = 0;
            for (int s = 0; s < 4; s++) sum += w[(n * 3 + l) * 4 + s];
            assertEquals(1.0, sum, 1e-5);
        }
        for (int l = 0; l < 3; l++) { assertEquals(0f, w[(3 + l) * 4 + 2]); assertEquals(0f, w[(3 + l) * 4 + 3]); }
        // float32 fused kernel against the float64 composed twin
        LuongAttention g64 = new LuongAttention(LuongAttention.Score.GENERAL, 5, 6);
        g64.loadStateDict(general.stateDict(), true);
        g64.to(DType.FLOAT64);
        AttentionOutput o64 = g64.forward(q.to(DType.FLOAT64), k.to(DType.FLOAT64), k.to(DType.FLOAT64), mask.to(DType.FLOAT64));
        double[] a = o.context().data().toDoubleArray(), b = o64.context().data().toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5);
        AdditiveAttention add = new AdditiveAttention(5, 6, 7);
        float[] wa = add.forward(q, k, k, mask).weights().data().toFloatArray();
        assertEquals(0f, wa[3 * 4 + 3]);
    }

    @Test void shapeErrorsNameTheArgument() {
        LuongAttention g = new LuongAttention(LuongAttention.Score.GENERAL, 5, 6);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> g.forward(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 4, 6), Tensor.zeros(2, 4, 6), null));
        assertEquals("LuongAttention.forward: query.size(-1) must equal querySize; expected 5, got 4 (query shape [2, 3, 4])", e.getMessage());
        ShapeMismatchException m = assertThrows(ShapeMismatchException.class, () -> g.forward(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 4, 6), Tensor.zeros(2, 4, 6), Tensor.zeros(2, 3)));
        assertTrue(m.getMessage().contains("keyPaddingMask must be (N, S); expected [2, 4], got [2, 3]"), m.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> new LuongAttention(LuongAttention.Score.DOT, 5, 6));
        assertTrue(d.getMessage().contains("dot scores need querySize == keySize; expected 5, got 6"), d.getMessage());
    }
}
