package io.sequoia.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sequoia.nn.Linear;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.optim.Adam;
import io.sequoia.optim.Optimizer;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gradient pool: a steady training step reuses its gradient arrays, training with the pool is
 * bit-identical to training without it, and storage still reachable from anywhere is never recycled.
 */
class GradBuffersTest {

    @AfterEach void poolOn() { GradBuffers.setEnabled(true); }

    /** A model under training: a recurrent layer, a head on its last step, Adam. */
    private static final class Run {
        final RNNBase rnn;
        final Linear head;
        final Optimizer opt;
        final Tensor x, y;

        Run(Supplier<RNNBase> make, int hidden) {
            Generator.manualSeed(7);
            rnn = make.get();
            head = new Linear(hidden * (rnn.config().get("bidirectional").equals(true) ? 2 : 1), 1);
            List<Parameter> ps = new ArrayList<>(rnn.parameters());
            ps.addAll(head.parameters());
            opt = new Adam(ps, 1e-2);
            x = Tensor.randn(6, 5, 4);
            y = Tensor.randn(5, 1);
        }

        void step() {
            Tensor out = rnn.forward(x);
            Tensor loss = new MSELoss().forward(head.forward(out.select(0, 5)), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }

        List<float[]> weights() {
            List<float[]> w = new ArrayList<>();
            for (Parameter p : opt.params()) w.add(p.data().floatData().clone());
            return w;
        }
    }

    private static List<float[]> train(Supplier<RNNBase> make, int hidden, boolean pool) {
        GradBuffers.setEnabled(pool);
        Run r = new Run(make, hidden);
        for (int i = 0; i < 5; i++) r.step();
        return r.weights();
    }

    @Test void trainingWithThePoolIsBitIdenticalToTrainingWithout() {
        List<Supplier<RNNBase>> models = List.of(
                () -> new LSTM(4, 16, 2, true, false, 0, false),
                () -> new LSTM(4, 16, 1, true, false, 0, true),
                () -> new GRU(4, 16, 2, true, false, 0, false));
        for (Supplier<RNNBase> m : models) {
            List<float[]> with = train(m, 16, true), without = train(m, 16, false);
            assertEquals(without.size(), with.size());
            for (int i = 0; i < with.size(); i++) assertArrayEquals(without.get(i), with.get(i), "parameter " + i);
        }
    }

    @Test void aTransformerLayerTrainsBitIdenticallyWithThePool() {
        // generic ops (linear, matmul, softmax, dropout, layer norm, fused attention, reshapes) hand their
        // backward results to the pool and the forward draws from it
        // the layers, MultiheadAttention and MSELoss also give their forward intermediates back (Autograd.intermediate)
        for (int variant = 0; variant < 4; variant++) {
            List<float[]> with = trainEncoder(true, variant), without = trainEncoder(false, variant);
            for (int i = 0; i < with.size(); i++) assertArrayEquals(without.get(i), with.get(i), "variant " + variant + ", parameter " + i);
        }
    }

    /** Variants: 0 post-norm encoder layer, 1 pre-norm, 2 post-norm decoder layer, 3 pre-norm gelu decoder layer (seq-first). */
    private static List<float[]> trainEncoder(boolean pool, int variant) {
        GradBuffers.setEnabled(pool);
        Generator.manualSeed(11);
        boolean normFirst = variant % 2 == 1, decoder = variant >= 2;
        io.sequoia.nn.Module layer = decoder
                ? new io.sequoia.nn.attention.TransformerDecoderLayer(32, 4, 64, 0.1, variant == 3 ? "gelu" : "relu", 1e-5, variant == 2, normFirst)
                : new io.sequoia.nn.attention.TransformerEncoderLayer(32, 4, 64, 0.1, "relu", 1e-5, true, normFirst);
        Optimizer opt = new Adam(new ArrayList<>(layer.parameters()), 1e-3);
        Tensor x = Tensor.randn(3, 10, 32), y = Tensor.randn(3, 10, 32);
        Tensor memory = variant == 3 ? Tensor.randn(7, 10, 32) : Tensor.randn(3, 7, 32);   // seq-first: (S, N, E)
        layer.train();
        for (int s = 0; s < 4; s++) {
            Tensor out = decoder ? ((io.sequoia.nn.attention.TransformerDecoderLayer) layer).forward(x, memory)
                    : layer.forward(x);
            Tensor loss = normFirst ? new MSELoss().forward(out, y) : out.sub(y).square().mean();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        List<float[]> w = new ArrayList<>();
        for (Parameter p : opt.params()) w.add(p.data().floatData().clone());
        return w;
    }

    @Test void aSteadyStepReusesTheWeightGradientArrays() {
        Run r = new Run(() -> new LSTM(4, 16, 1, true, false, 0, false), 16);
        Parameter whh = r.rnn.parameters().get(1);
        r.step();
        r.step();
        float[] second = whh.gradBuffer().floatData();
        long[] before = GradBuffers.stats();
        r.step();
        assertSame(second, whh.gradBuffer().floatData(), "the third step's weight_hh gradient lives in the second's array");
        long[] after = GradBuffers.stats();
        assertTrue(after[0] - before[0] >= 3, "arrays taken from the pool in one step (weight_ih, weight_hh, the select's zeros): " + (after[0] - before[0]));
    }

    @Test void aGradientHandedOutStaysValidAfterZeroGrad() {
        Run r = new Run(() -> new LSTM(4, 16, 1, true, false, 0, false), 16);
        Parameter whh = r.rnn.parameters().get(1);
        r.step();
        Tensor kept = whh.grad();                         // the user keeps the first step's gradient
        float[] values = kept.data().floatData().clone();
        r.step();
        r.step();
        assertArrayEquals(values, kept.data().floatData(), "a gradient handed out is never reused");
        assertNotSame(kept.data().floatData(), whh.gradBuffer().floatData());
    }

    @Test void aFreshGradientPassedOnToALeafIsNotRecycled() {
        // narrow's zero-padded gradient (fresh) goes through an op whose backward returns it unchanged
        Tensor x = new Tensor(NDArray.zeros(DType.FLOAT32, 40, 10)).requiresGrad(true);
        Tensor same = Autograd.record("identity", x.data().copy(), (g, needs) -> new NDArray[]{g}, x);
        same.narrow(0, 3, 2).sum().backward();
        float[] g = x.gradData().floatData().clone();
        float[] taken = GradBuffers.takeZeroed(400);       // would be x's gradient storage had it been recycled
        java.util.Arrays.fill(taken, 99f);
        assertArrayEquals(g, x.gradData().floatData(), "the leaf's gradient was recycled while kept");
        assertNotSame(taken, x.gradData().floatData());
        assertEquals(20.0, sum(g), 0.0);
    }

    @Test void aConsumedIntermediateGradientGoesBackToThePool() {
        // narrow's gradient feeds a square node whose backward makes a new array: narrow's array is dead after it
        Tensor x = new Tensor(NDArray.full(DType.FLOAT32, 1.0, 40, 10)).requiresGrad(true);
        long[] before = GradBuffers.stats();
        x.square().narrow(0, 3, 2).sum().backward();
        long[] after = GradBuffers.stats();
        // narrow's array, and square's derivative array (made and read once inside its backward)
        assertEquals(2, after[1] - before[1], "arrays given back");
        assertEquals(40.0, sum(x.gradData().floatData()), 0.0);   // 2·x on the 20 selected entries
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }
}
