package io.sequoia.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** A leaf keeps a fresh gradient instead of copying it, but only the first leaf, and accumulation stays correct. */
class FreshGradientTest {

    @Test void claimFreshIsTrueOnceAfterMarkFresh() {
        NDArray a = NDArray.zeros(DType.FLOAT32, 3);
        assertFalse(a.claimFresh());
        assertSame(a, a.markFresh());
        assertTrue(a.claimFresh());
        assertFalse(a.claimFresh());
    }

    @Test void aFreshGradientIsKeptAndAnOrdinaryOneCopied() {
        NDArray fresh = NDArray.full(DType.FLOAT32, 2.0, 3).markFresh(), plain = NDArray.full(DType.FLOAT32, 3.0, 3);
        Tensor a = new Tensor(NDArray.zeros(DType.FLOAT32, 3)).requiresGrad(true);
        Tensor b = new Tensor(NDArray.zeros(DType.FLOAT32, 3)).requiresGrad(true);
        Autograd.record("two_grads", NDArray.zeros(DType.FLOAT32, 3), (g, needs) -> new NDArray[]{fresh, plain}, a, b).sum().backward();
        assertSame(fresh, a.gradData(), "the fresh array is kept");
        assertNotSame(plain, b.gradData(), "an array a backward may still hold is copied");
        assertArrayEquals(new float[]{3, 3, 3}, b.gradData().floatData());
    }

    @Test void anArrayReturnedToTwoLeavesIsOwnedByOneOnly() {
        // a backward that (wrongly) marks one array fresh and returns it for both inputs: the second leaf must copy it
        Tensor a = new Tensor(NDArray.zeros(DType.FLOAT32, 3)).requiresGrad(true);
        Tensor b = new Tensor(NDArray.zeros(DType.FLOAT32, 3)).requiresGrad(true);
        Autograd.record("same_twice", NDArray.zeros(DType.FLOAT32, 3), (g, needs) -> {
            NDArray shared = NDArray.full(DType.FLOAT32, 1.0, 3).markFresh();
            return new NDArray[]{shared, shared};
        }, a, b).sum().backward();
        assertNotSame(a.gradData(), b.gradData());
        a.gradData().addInPlace(NDArray.full(DType.FLOAT32, 5.0, 3), 1.0);
        assertArrayEquals(new float[]{1, 1, 1}, b.gradData().floatData(), "b's gradient is its own");
    }

    @Test void linearGradientsKeptFreshStillAccumulate() {
        Tensor x = Tensor.randn(4, 5), w = Tensor.randn(3, 5).requiresGrad(true), bias = Tensor.randn(3).requiresGrad(true);
        Functional.linear(x, w, bias).square().sum().backward();
        float[] once = w.gradData().floatData().clone(), onceB = bias.gradData().floatData().clone();
        Functional.linear(x, w, bias).square().sum().backward();           // no zeroGrad: adds into the kept array
        float[] twice = w.gradData().floatData(), twiceB = bias.gradData().floatData();
        for (int i = 0; i < once.length; i++) assertTrue(Math.abs(twice[i] - 2 * once[i]) <= 1e-5f * Math.max(1, Math.abs(once[i])), "w " + i);
        for (int i = 0; i < onceB.length; i++) assertTrue(Math.abs(twiceB[i] - 2 * onceB[i]) <= 1e-5f * Math.max(1, Math.abs(onceB[i])), "b " + i);
    }
}
