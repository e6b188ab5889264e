package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.sequoia.autograd.GradCheck.randn;
import static io.sequoia.autograd.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A finite-difference gradient check for every differentiable primitive. */
class PrimitiveGradTest {

    private final List<DynamicTest> cases = new ArrayList<>();

    private void add(String op, Function<Tensor[], Tensor> f, Tensor... in) {
        cases.add(DynamicTest.dynamicTest(op, () -> GradCheck.check(op, f, in)));
    }

    private static Tensor idx(double... v) { return new Tensor(NDArray.wrap(v.clone(), v.length)); }

    @TestFactory
    List<DynamicTest> everyPrimitive() {
        add("add broadcast", t -> t[0].add(t[1]), randn(1, 3, 4), randn(2, 4));
        add("sub broadcast", t -> t[0].sub(t[1]), randn(1, 2, 3, 1), randn(2, 1, 4));
        add("mul broadcast", t -> t[0].mul(t[1]), randn(1, 3, 4), randn(2, 3, 1));
        add("div", t -> t[0].div(t[1]), randn(1, 3, 4), uniform(2, 0.5, 2, 3, 4));
        add("pow tensor", t -> t[0].pow(t[1]), uniform(1, 0.5, 2, 3, 4), randn(2, 3, 4));
        add("maximum", t -> t[0].maximum(t[1]), randn(1, 3, 4), randn(2, 3, 4));
        add("minimum", t -> t[0].minimum(t[1]), randn(1, 3, 4), randn(2, 4));
        add("add scalar", t -> t[0].add(1.5), randn(1, 5));
        add("mul scalar", t -> t[0].mul(-2.5), randn(1, 5));
        add("div scalar", t -> t[0].div(3), randn(1, 5));
        add("pow scalar", t -> t[0].pow(3), randn(1, 5));
        add("neg", t -> t[0].neg(), randn(1, 2, 3));
        add("exp", t -> t[0].exp(), randn(1, 2, 3));
        add("log", t -> t[0].log(), uniform(1, 0.2, 3, 2, 3));
        add("log1p", t -> t[0].log1p(), uniform(1, 0.2, 3, 2, 3));
        add("sqrt", t -> t[0].sqrt(), uniform(1, 0.2, 3, 2, 3));
        add("abs", t -> t[0].abs(), randn(1, 2, 3));
        add("square", t -> t[0].square(), randn(1, 2, 3));
        add("reciprocal", t -> t[0].reciprocal(), uniform(1, 0.5, 2, 2, 3));
        add("sin", t -> t[0].sin(), randn(1, 2, 3));
        add("cos", t -> t[0].cos(), randn(1, 2, 3));
        add("tanh", t -> t[0].tanh(), randn(1, 2, 3));
        add("sigmoid", t -> t[0].sigmoid(), randn(1, 2, 3));
        add("relu", t -> t[0].relu(), randn(1, 2, 3));
        add("gelu", t -> t[0].gelu(), randn(1, 2, 3));
        add("softplus", t -> t[0].softplus(), randn(1, 2, 3));
        add("clamp", t -> t[0].clamp(-0.5, 0.5), randn(1, 3, 4));
        add("maskedFill", t -> t[0].maskedFill(new Tensor(NDArray.wrap(new double[]{1, 0, 0, 1}, 4)), -3), randn(1, 3, 4));
        add("where", t -> Tensor.where(new Tensor(NDArray.wrap(new double[]{1, 0, 1}, 3, 1)), t[0], t[1]), randn(1, 3, 4), randn(2, 4));
        add("sum all", t -> t[0].sum(), randn(1, 2, 3, 4));
        add("sum dims keepdim", t -> t[0].sum(new int[]{0, 2}, true), randn(1, 2, 3, 4));
        add("sum dim", t -> t[0].sum(1, false), randn(1, 2, 3, 4));
        add("mean", t -> t[0].mean(-1, false), randn(1, 2, 3, 4));
        add("mean all", t -> t[0].mean(), randn(1, 2, 3));
        add("var", t -> t[0].var(1, false), randn(1, 2, 5, 3));
        add("var biased", t -> t[0].var(new int[]{-1}, true, 0), randn(1, 2, 5));
        add("max all", t -> t[0].max(), randn(1, 3, 4));
        add("min all", t -> t[0].min(), randn(1, 3, 4));
        add("max dim", t -> t[0].max(1, false).values(), randn(1, 3, 4, 2));
        add("min dim keepdim", t -> t[0].min(0, true).values(), randn(1, 3, 4));
        add("logsumexp", t -> t[0].logsumexp(1, false), randn(1, 3, 4));
        add("softmax last", t -> t[0].softmax(-1), randn(1, 3, 4));
        add("softmax middle", t -> t[0].softmax(1), randn(1, 2, 3, 4));
        add("logSoftmax", t -> t[0].logSoftmax(-1), randn(1, 3, 4));
        add("logSoftmax dim0", t -> t[0].logSoftmax(0), randn(1, 3, 4));
        add("reshape", t -> t[0].reshape(4, -1), randn(1, 2, 3, 2));
        add("permute", t -> t[0].permute(2, 0, 1), randn(1, 2, 3, 4));
        add("transpose", t -> t[0].transpose(0, 2), randn(1, 2, 3, 4));
        add("expand", t -> t[0].expand(2, 3, 4), randn(1, 3, 1));
        add("narrow", t -> t[0].narrow(1, 1, 2), randn(1, 2, 4, 3));
        add("slice negative", t -> t[0].slice(-1, -3, -1), randn(1, 2, 5));
        add("select", t -> t[0].select(0, 1), randn(1, 3, 4));
        add("split", t -> t[0].split(2, 1)[1], randn(1, 2, 5));
        add("chunk", t -> t[0].chunk(3, 0)[2], randn(1, 6, 2));
        add("concat", t -> Tensor.concat(1, t[0], t[1]), randn(1, 2, 3), randn(2, 2, 2));
        add("stack", t -> Tensor.stack(1, t[0], t[1]), randn(1, 2, 3), randn(2, 2, 3));
        add("indexSelect", t -> t[0].indexSelect(0, idx(2, 0, 2, 1)), randn(1, 3, 4));
        add("indexSelect dim1", t -> t[0].indexSelect(1, idx(3, 3, 0)), randn(1, 2, 4));
        add("gather", t -> t[0].gather(1, new Tensor(NDArray.wrap(new double[]{0, 2, 1, 1, 3, 0}, 2, 3))), randn(1, 2, 4));
        add("matmul 2d", t -> t[0].matmul(t[1]), randn(1, 3, 4), randn(2, 4, 5));
        add("matmul broadcast batch", t -> t[0].matmul(t[1]), randn(1, 2, 3, 4), randn(2, 4, 2));
        add("matmul vector", t -> t[0].matmul(t[1]), randn(1, 3, 4), randn(2, 4));
        add("matmul vec-vec", t -> t[0].matmul(t[1]), randn(1, 4), randn(2, 4));
        add("bmm", t -> t[0].bmm(t[1]), randn(1, 2, 3, 4), randn(2, 2, 4, 2));
        add("linear", t -> Functional.linear(t[0], t[1], t[2]), randn(1, 2, 3, 4), randn(2, 5, 4), randn(3, 5));
        add("linear no bias", t -> Functional.linear(t[0], t[1], null), randn(1, 3, 4), randn(2, 5, 4));
        add("embedding", t -> Functional.embedding(new Tensor(NDArray.wrap(new double[]{1, 0, 3, 1}, 2, 2)), t[0], -1), randn(1, 4, 3));
        add("binaryCrossEntropy", t -> Functional.binaryCrossEntropy(t[0], t[1]), uniform(1, 0.05, 0.95, 3, 4), uniform(2, 0, 1, 3, 4));
        add("layerNorm", t -> Functional.layerNorm(t[0], new int[]{4}, t[1], t[2], 1e-5), randn(1, 3, 4), randn(2, 4), randn(3, 4));
        add("layerNorm no affine", t -> Functional.layerNorm(t[0], new int[]{4}, null, null, 1e-5), randn(1, 3, 4));
        add("layerNorm bias only", t -> Functional.layerNorm(t[0], new int[]{4}, null, t[1], 1e-5), randn(1, 3, 4), randn(3, 4));
        add("layerNorm 2-D shape", t -> Functional.layerNorm(t[0], new int[]{2, 3}, t[1], null, 1e-5), randn(1, 2, 2, 3), randn(2, 2, 3));
        return cases;
    }

    @Test
    void embeddingPaddingRowGetsNoGradient() {
        Tensor w = randn(1, 4, 3);
        Functional.embedding(new Tensor(NDArray.wrap(new double[]{1, 0, 3, 0}, 4)), w, 0).sum().backward();
        double[] g = w.gradData().toDoubleArray();
        for (int j = 0; j < 3; j++) {
            assertTrue(g[j] == 0, "padding row");
            assertTrue(g[3 + j] == 1 && g[9 + j] == 1 && g[6 + j] == 0, "used rows");
        }
    }

    @Test
    void dtypeConversionPassesGradientBack() {
        Tensor x = randn(1, 3);
        x.to(DType.FLOAT32).mul(2).sum().backward();
        assertTrue(x.gradData().dtype() == DType.FLOAT64);
        for (double g : x.gradData().toDoubleArray()) assertTrue(g == 2);
    }

    @Test
    void binaryCrossEntropyStaysFiniteAtSaturatedProbabilities() {
        Tensor p = new Tensor(NDArray.wrap(new float[]{1f, 0f, 1f, 0f}, 4)).requiresGrad(true);
        Tensor y = new Tensor(NDArray.wrap(new float[]{1f, 0f, 0f, 1f}, 4));
        Tensor l = Functional.binaryCrossEntropy(p, y);
        assertTrue(l.get(0) == 0 && l.get(2) == 100 && l.get(3) == 100, l.toString());
        l.sum().backward();
        for (double g : p.gradData().toDoubleArray()) assertTrue(Double.isFinite(g), p.gradData().toString());
    }

    @Test
    void gradientAccumulatesAcrossBackwardCalls() {
        Tensor x = randn(3, 4);
        x.mul(2).sum().backward();
        x.mul(3).sum().backward();
        for (double g : x.gradData().toDoubleArray()) assertTrue(Math.abs(g - 5) < 1e-12);
    }

    @Test
    void sharedSubexpressionGradientsAdd() {
        Tensor x = randn(4, 3);
        Tensor y = x.tanh();
        y.mul(y).sum().backward();
        double[] xv = x.data().toDoubleArray(), g = x.gradData().toDoubleArray();
        for (int i = 0; i < xv.length; i++) {
            double t = Math.tanh(xv[i]);
            assertTrue(Math.abs(g[i] - 2 * t * (1 - t * t)) < 1e-12);
        }
    }

    @Test
    void backwardTwiceThroughFreedGraphFailsClearly() {
        Tensor x = randn(5, 3);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
    }

    @Test
    void retainGraphAllowsSecondBackward() {
        Tensor x = randn(5, 3);
        Tensor loss = x.exp().sum();
        loss.backward(null, true);
        loss.backward();
        double[] xv = x.data().toDoubleArray(), g = x.gradData().toDoubleArray();
        for (int i = 0; i < 3; i++) assertTrue(Math.abs(g[i] - 2 * Math.exp(xv[i])) < 1e-12);
    }

    @Test
    void nonScalarBackwardWithoutSeedFails() {
        Tensor y = randn(6, 2, 2).mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar outputs") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void noGradScopeRecordsNothingAndDetachCuts() {
        Tensor x = randn(7, 3);
        try (var g = GradMode.noGrad()) {
            assertTrue(!x.mul(2).requiresGrad());
        }
        assertTrue(x.mul(2).requiresGrad());
        assertTrue(!x.mul(2).detach().requiresGrad());
        Tensor z = x.detach().mul(x).sum();
        z.backward();
        double[] xv = x.data().toDoubleArray(), g = x.gradData().toDoubleArray();
        for (int i = 0; i < xv.length; i++) assertTrue(Math.abs(g[i] - xv[i]) < 1e-12);
    }

    @Test
    void backwardOnTensorWithoutGradFails() {
        Tensor x = new Tensor(NDArray.randn(DType.FLOAT64, new Generator(1), 3)).sum();
        assertThrows(IllegalStateException.class, x::backward);
    }
}
