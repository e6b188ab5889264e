package io.sequoia.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Autograd#intermediate}: a forward result its maker drops goes back to the pool once backward has
 * run every node that reads it, and never while something may still read it.
 */
class IntermediateStorageTest {
    private static final int N = 400;                      // above the pool's minimum length

    @AfterEach void poolOn() { GradBuffers.setEnabled(true); }

    private static Tensor leaf() {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) v[i] = (i % 7) * 0.25f - 0.5f;
        return new Tensor(NDArray.wrap(v, 20, 20)).requiresGrad(true);
    }

    /** Empties this thread's pool, so that what the next takes return is what the backward gave back. */
    private static void drain() { GradBuffers.clear(); }

    /** Whether one of the next takes of N floats returns {@code storage}; each array taken is overwritten. */
    private static boolean comesBack(float[] storage) {
        boolean found = false;
        for (int i = 0; i < 8; i++) {
            float[] a = GradBuffers.takeDirty(N);
            found |= a == storage;
            java.util.Arrays.fill(a, 99f);
        }
        return found;
    }

    @Test void aConsumedIntermediateIsReusedByTheNextArray() {
        Tensor x = leaf();
        Tensor t = Autograd.intermediate(x.mul(2.0), x);
        Tensor loss = t.square().sum();
        drain();
        loss.backward();
        assertTrue(comesBack(t.data().floatData()), "the intermediate's storage came back to the pool");
    }

    @Test void anIntermediateReadByANodeThatDidNotRunIsKept() {
        Tensor x = leaf();
        Tensor t = Autograd.intermediate(x.mul(2.0), x);
        Tensor used = t.square().sum();
        Tensor other = t.mul(t);                                // a branch the backward does not run
        float[] before = t.data().floatData().clone();
        drain();
        used.backward();
        assertFalse(comesBack(t.data().floatData()), "recycled while an unreleased node reads it");
        assertArrayEquals(before, t.data().floatData());
        assertTrue(other.gradFn() != null, "the unrun node still holds t as its input");
    }

    @Test void aViewedIntermediateIsKept() {
        Tensor x = leaf();
        Tensor t = Autograd.intermediate(x.mul(2.0), x);
        Tensor view = t.reshape(400);                            // may outlive t (a caller could keep it)
        float[] before = view.data().floatData().clone();
        drain();
        view.square().sum().backward();
        assertFalse(comesBack(t.data().floatData()));
        assertArrayEquals(before, view.data().floatData());
    }

    @Test void anIntermediateSharingStorageWithWhatEscapesIsNotDeclared() {
        Tensor x = leaf();
        Tensor t = x.mul(2.0);
        Tensor out = t.reshape(400);
        Autograd.intermediate(t, out);                           // the caller returns a view of it: no effect
        float[] before = out.data().floatData().clone();
        drain();
        out.sum().backward();
        assertFalse(comesBack(t.data().floatData()));
        assertArrayEquals(before, out.data().floatData());
    }

    @Test void retainGraphKeepsIntermediatesForASecondBackward() {
        Tensor x = leaf();
        Tensor t = Autograd.intermediate(x.mul(2.0), x);
        Tensor loss = t.square().sum();
        drain();
        loss.backward(null, true);
        float[] first = x.gradData().floatData().clone();
        assertFalse(comesBack(t.data().floatData()));
        x.zeroGrad();
        loss.backward();
        assertArrayEquals(first, x.gradData().floatData(), "the second backward read the intermediate intact");
    }

    @Test void gradientsWithAndWithoutIntermediatesAreEqual() {
        float[][] g = new float[2][];
        for (int run = 0; run < 2; run++) {
            Tensor x = leaf();
            for (int step = 0; step < 3; step++) {
                Tensor a = x.mul(2.0), b = a.tanh(), c = b.mul(a);
                if (run == 1) {
                    Autograd.intermediate(a, x);
                    Autograd.intermediate(b, x);
                    Autograd.intermediate(c, x);
                }
                x.zeroGrad();
                c.square().mean().backward();
            }
            g[run] = x.gradData().floatData().clone();
        }
        assertArrayEquals(g[0], g[1]);
    }

    @Test void withoutGradModeAnIntermediateGoesBackAtOnce() {
        Tensor x = new Tensor(leaf().data());                   // no grad
        Tensor t, u;
        try (var g = GradMode.noGrad()) {
            t = x.mul(2.0);
            u = x.mul(3.0);
            Tensor view = u.reshape(400);
            drain();
            Autograd.intermediate(t, x);
            Autograd.intermediate(u, x);
            assertFalse(u.intermediate, "a view of it exists");
            assertTrue(view.data().sharesStorage(u.data()));
        }
        assertTrue(comesBack(t.data().floatData()), "recycled at once");
        Tensor w = x.mul(4.0);                                 // grad mode on, no node: a later node may read it
        drain();
        Autograd.intermediate(w, x);
        assertFalse(comesBack(w.data().floatData()));
    }

    @Test void anEncoderLayerInfersTheSameWithThePool() {
        for (boolean normFirst : new boolean[]{false, true}) {
            float[][] out = new float[2][];
            for (int run = 0; run < 2; run++) {
                GradBuffers.setEnabled(run == 0);
                io.sequoia.tensor.Generator.manualSeed(5);
                var layer = new io.sequoia.nn.attention.TransformerEncoderLayer(32, 4, 64, 0.1, "relu", 1e-5, false, normFirst);
                layer.eval();
                Tensor x = Tensor.randn(10, 3, 32);
                try (var g = GradMode.noGrad()) {
                    Tensor first = layer.forward(x);
                    float[] kept = first.data().floatData().clone();
                    for (int i = 0; i < 3; i++) out[run] = layer.forward(x).toFloatArray();
                    assertArrayEquals(kept, first.data().floatData(), "an earlier output stays intact");
                    assertArrayEquals(kept, out[run]);
                }
            }
            assertArrayEquals(out[1], out[0], "with and without the pool, normFirst " + normFirst);
        }
        GradBuffers.setEnabled(true);
    }

    @Test void aLeafOrAFloat64TensorIsNeverDeclared() {
        Tensor x = leaf();
        Autograd.intermediate(x);
        Tensor d = new Tensor(NDArray.zeros(DType.FLOAT64, 20, 20)).requiresGrad(true);
        Tensor t = Autograd.intermediate(d.mul(2.0), d);
        assertFalse(x.intermediate, "a leaf");
        assertFalse(t.intermediate, "float64 storage is not pooled");
        drain();
        x.square().sum().backward();
        assertFalse(comesBack(x.data().floatData()));
    }
}
