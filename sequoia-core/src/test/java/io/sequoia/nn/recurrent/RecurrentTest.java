package io.sequoia.nn.recurrent;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerTest;
import io.sequoia.nn.Parameter;
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
import java.util.Map;
import java.util.function.Supplier;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentTest {
    @BeforeEach
    void seed() { Generator.manualSeed(7); }

    /** Runs a layer and returns {output, hN, cN?} for uniform handling. */
    static Tensor[] run(RNNBase m, Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        if (m instanceof LSTM l) { LstmOutput o = l.forward(x, h0, c0, lengths); return new Tensor[]{o.output(), o.hN(), o.cN()}; }
        RnnOutput o = m instanceof GRU g ? g.forward(x, h0, lengths) : ((RNN) m).forward(x, h0, lengths);
        return new Tensor[]{o.output(), o.hN()};
    }

    static List<Supplier<RNNBase>> configs() {
        return List.of(
                () -> new RNN(3, 4, 2, "tanh", true, false, 0, true),
                () -> new RNN(3, 5, 1, "relu", false, true, 0, false),
                () -> new GRU(3, 4, 2, true, true, 0, true),
                () -> new GRU(4, 3, 1, false, false, 0, false),
                () -> new LSTM(3, 5, 2, true, false, 0, true, 0),
                () -> new LSTM(3, 5, 2, true, true, 0, true, 2),
                () -> new LSTM(4, 6, 1, false, false, 0, false, 3));
    }

    /** The fused kernel and its composed twin agree on outputs, final states and every gradient (float32). */
    @TestFactory
    List<DynamicTest> fusedEqualsComposed() {
        List<DynamicTest> tests = new ArrayList<>();
        int k = 0;
        for (Supplier<RNNBase> cfg : configs()) {
            for (int[] lengths : new int[][]{null, {4, 1, 6}, {0, 6, 3}}) {
                int id = k++;
                tests.add(DynamicTest.dynamicTest("config " + id, () -> {
                    Generator.manualSeed(id);
                    RNNBase fused = cfg.get(), composed = cfg.get();
                    composed.loadStateDict(fused.stateDict(), true);
                    composed.useComposed(true);
                    int n = 3, t = 6;
                    Tensor x = Tensor.randn(fused.batchFirst() ? new int[]{n, t, fused.inputSize()} : new int[]{t, n, fused.inputSize()});
                    int layers = fused.numLayers() * fused.directions();
                    Tensor h0 = Tensor.randn(layers, n, fused.outSize());
                    Tensor c0 = fused instanceof LSTM ? Tensor.randn(layers, n, fused.hiddenSize()) : null;
                    Tensor[] a = gradsOf(fused, x, h0, c0, lengths), b = gradsOf(composed, x, h0, c0, lengths);
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] == null && b[i] == null) continue;
                        assertArrayEquals(b[i].toFloatArray(), a[i].toFloatArray(), 2e-5f, "tensor " + i + " of config " + id);
                    }
                }));
            }
        }
        return tests;
    }

    /** Outputs followed by the gradients of x, h0, c0 and every parameter under L = Σ out ⊙ G. */
    private static Tensor[] gradsOf(RNNBase m, Tensor x0, Tensor h00, Tensor c00, int[] lengths) {
        Tensor x = x0.copy().requiresGrad(true), h0 = h00.copy().requiresGrad(true), c0 = c00 == null ? null : c00.copy().requiresGrad(true);
        m.zeroGrad();
        Tensor[] outs = run(m, x, h0, c0, lengths);
        Tensor loss = null;
        List<Tensor> res = new ArrayList<>();
        for (int i = 0; i < outs.length; i++) {
            Tensor g = new Tensor(NDArray.randn(DType.FLOAT32, new Generator(100 + i), outs[i].shape()));
            Tensor term = outs[i].mul(g).sum();
            loss = loss == null ? term : loss.add(term);
            res.add(outs[i]);
        }
        loss.backward();
        res.add(x.grad());
        res.add(h0.grad());
        res.add(c0 == null ? null : c0.grad());
        for (Parameter p : m.parameters()) res.add(p.grad() == null ? null : p.grad().copy());
        return res.toArray(new Tensor[0]);
    }

    @TestFactory
    List<DynamicTest> layerGradientChecksInFloat64() {
        List<DynamicTest> tests = new ArrayList<>();
        int k = 0;
        for (Supplier<RNNBase> cfg : configs()) {
            int id = k++;
            tests.add(DynamicTest.dynamicTest("config " + id, () -> {
                RNNBase m = cfg.get();
                m.to(DType.FLOAT64);
                int[] xs = m.batchFirst() ? new int[]{2, 3, m.inputSize()} : new int[]{3, 2, m.inputSize()};
                Tensor x = GradCheck.randn(1, xs), h0 = GradCheck.randn(2, m.numLayers() * m.directions(), 2, m.outSize());
                List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
                leaves.addAll(m.parameters());
                int[] lengths = {3, 2};
                GradCheck.check("layer " + id, t -> {
                    Tensor[] o = run(m, t[0], t[1], null, lengths);
                    Tensor all = o[0].flatten().unsqueeze(0);
                    return Tensor.concat(1, all, o[1].flatten().unsqueeze(0));
                }, leaves.toArray(new Tensor[0]));
            }));
        }
        return tests;
    }

    @Test
    void cellsHavePyTorchNamesAndPassGradientChecks() {
        LSTMCell lc = new LSTMCell(3, 4);
        LayerTest.check(lc, params("weight_ih", new int[]{16, 3}, "weight_hh", new int[]{16, 4}, "bias_ih", new int[]{16},
                "bias_hh", new int[]{16}), Tensor.randn(2, 3), new int[]{2, 4},
                x -> lc.forward(x, lc.forward(x, null)).h());
        GRUCell gc = new GRUCell(3, 4, false);
        LayerTest.check(gc, params("weight_ih", new int[]{12, 3}, "weight_hh", new int[]{12, 4}), Tensor.randn(3), new int[]{4},
                x -> gc.forward(x, gc.forward(x)));
        RNNCell rc = new RNNCell(3, 4);
        LayerTest.check(rc, params("weight_ih", new int[]{4, 3}, "weight_hh", new int[]{4, 4}, "bias_ih", new int[]{4},
                "bias_hh", new int[]{4}), Tensor.randn(2, 3), new int[]{2, 4},
                x -> rc.forward(x, rc.forward(x)));
        RNNCell rnn = new RNNCell(3, 4, true, "relu");
        rnn.to(DType.FLOAT64);
        GradCheck.check("RNNCell", t -> rnn.forward(t[0], t[1]), GradCheck.randn(1, 2, 3), GradCheck.randn(2, 2, 4), rnn.weightIh, rnn.weightHh, rnn.biasIh);
        GRUCell gru = new GRUCell(3, 4);
        gru.to(DType.FLOAT64);
        GradCheck.check("GRUCell", t -> gru.forward(t[0], t[1]), GradCheck.randn(1, 2, 3), GradCheck.randn(2, 2, 4), gru.weightIh, gru.weightHh, gru.biasHh);
        LSTMCell lstm = new LSTMCell(3, 4);
        lstm.to(DType.FLOAT64);
        GradCheck.check("LSTMCell", t -> {
            LSTMCell.State s = lstm.forward(t[0], new LSTMCell.State(t[1], t[2]));
            return Tensor.concat(1, s.h(), s.c());
        }, GradCheck.randn(1, 2, 3), GradCheck.randn(2, 2, 4), GradCheck.randn(3, 2, 4), lstm.weightIh, lstm.weightHh, lstm.biasIh);
    }

    @Test
    void lstmHasPyTorchParameterNamesAndShapes() {
        LSTM m = new LSTM(3, 5, 2, true, false, 0, true, 2);
        Map<String, Parameter> ps = m.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_hr_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse", "weight_hr_l1_reverse"),
                List.copyOf(ps.keySet()));
        assertArrayEquals(new int[]{20, 4}, ps.get("weight_ih_l1").shape());
        assertArrayEquals(new int[]{20, 2}, ps.get("weight_hh_l0").shape());
        assertArrayEquals(new int[]{2, 5}, ps.get("weight_hr_l1_reverse").shape());
        double bound = 1 / Math.sqrt(5), max = 0;
        for (Parameter p : m.parameters()) for (float v : p.toFloatArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.8 * bound, "init bound " + max);
        LayerTest.check(new GRU(3, 4, 1, true, true, 0, false), params("weight_ih_l0", new int[]{12, 3}, "weight_hh_l0", new int[]{12, 4},
                "bias_ih_l0", new int[]{12}, "bias_hh_l0", new int[]{12}), Tensor.randn(2, 5, 3), new int[]{2, 5, 4});
    }

    @Test
    void batchEqualsRowsRunOneByOneAndBatchFirstIsATranspose() {
        LSTM m = new LSTM(3, 4, 2, true, false, 0, true);
        LSTM bf = new LSTM(3, 4, 2, true, true, 0, true);
        bf.loadStateDict(m.stateDict(), true);
        Tensor x = Tensor.randn(5, 3, 3);
        LstmOutput all = m.forward(x, null, null);
        for (int n = 0; n < 3; n++) {
            LstmOutput one = m.forward(x.narrow(1, n, 1), null, null);
            assertArrayEquals(all.output().narrow(1, n, 1).toFloatArray(), one.output().toFloatArray(), 1e-6f);
            assertArrayEquals(all.hN().narrow(1, n, 1).toFloatArray(), one.hN().toFloatArray(), 1e-6f);
        }
        LstmOutput b = bf.forward(x.transpose(0, 1), null, null);
        assertArrayEquals(all.output().transpose(0, 1).toFloatArray(), b.output().toFloatArray(), 1e-6f);
        assertArrayEquals(all.cN().toFloatArray(), b.cN().toFloatArray(), 1e-6f);
        // unbatched input is the batch of one
        LstmOutput u = m.forward(x.select(1, 0), null, null);
        assertArrayEquals(new int[]{5, 8}, u.output().shape());
        assertArrayEquals(new int[]{4, 4}, u.hN().shape());
        assertArrayEquals(all.output().select(1, 0).toFloatArray(), u.output().toFloatArray(), 1e-6f);
    }

    @Test
    void paddingNeverChangesResultsAndAllPaddingRowIsNoNaN() {
        GRU m = new GRU(3, 4, 2, true, false, 0, true);
        int[] lengths = {2, 5, 0};
        Tensor x = Tensor.randn(5, 3, 3);
        Tensor x2 = x.copy();
        for (int n = 0; n < 3; n++) for (int t = lengths[n]; t < 5; t++) for (int i = 0; i < 3; i++) {
            x2.data().setDouble((t * 3 + n) * 3 + i, 1000 * (t + i + 1));
        }
        Tensor h0 = Tensor.randn(4, 3, 4);
        RnnOutput a = m.forward(x, h0, lengths), b = m.forward(x2.requiresGrad(true), h0, lengths);
        assertArrayEquals(a.output().toFloatArray(), b.output().toFloatArray());
        assertArrayEquals(a.hN().toFloatArray(), b.hN().toFloatArray());
        // outputs past a sequence's end are zero; an all-padding row keeps h0 and has no NaN
        for (int t = 2; t < 5; t++) for (int j = 0; j < 8; j++) assertEquals(0, a.output().get(t, 0, j));
        for (int k = 0; k < 4; k++) for (int j = 0; j < 4; j++) assertEquals(h0.get(k, 2, j), a.hN().get(k, 2, j));
        b.output().sum().add(b.hN().sum()).backward();
        NDArray gx = x2.gradData();
        for (int i = 0; i < gx.numel(); i++) assertTrue(Double.isFinite(gx.getDouble(i)));
        for (int n = 0; n < 3; n++) for (int t = lengths[n]; t < 5; t++) for (int i = 0; i < 3; i++) {
            assertEquals(0, gx.get(t, n, i), "grad at padded position");
        }
        // a sequence alone with its own length equals its row in the batch
        RnnOutput alone = m.forward(x.narrow(1, 0, 1).narrow(0, 0, 2), h0.narrow(1, 0, 1));
        assertArrayEquals(alone.hN().toFloatArray(), a.hN().narrow(1, 0, 1).toFloatArray(), 1e-6f);
    }

    @Test
    void badInputsGetClearErrors() {
        LSTM m = new LSTM(10, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(5, 3, 7)));
        assertEquals("LSTM.forward: input.size(-1) must equal inputSize; expected 10, got 7 (input shape [5, 3, 7])", e.getMessage());
        ShapeMismatchException e2 = assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(5, 3, 10), Tensor.zeros(1, 2, 4), null));
        assertTrue(e2.getMessage().contains("h0") && e2.getMessage().contains("expected [1, 3, 4], got [1, 2, 4]"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(5, 2, 10), null, null, new int[]{6, 1}));
        assertTrue(e3.getMessage().contains("lengths") && e3.getMessage().contains("got 6"), e3.getMessage());
        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4, 1, "sigmoid", true, false, 0, false));
        assertTrue(e4.getMessage().contains("sigmoid"), e4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, 4));
        assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(2, 3, 4, 10)));
    }

    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        LSTM m = new LSTM(3, 4, 2, true, false, 0.5, false);
        Tensor x = Tensor.randn(4, 2, 3);
        m.eval();
        assertArrayEquals(m.forward(x).toFloatArray(), m.forward(x).toFloatArray());
        m.train();
        assertTrue(!java.util.Arrays.equals(m.forward(x).toFloatArray(), m.forward(x).toFloatArray()));
    }

    @Test
    void prePaddingMaskEqualsTheSequenceAlone() {
        for (RNNBase m : new RNNBase[]{new LSTM(3, 4, 2, true, true, 0, true), new GRU(3, 4, 1, true, true, 0, true)}) {
            Tensor x = Tensor.randn(2, 6, 3);                                 // (N, T, I), batchFirst
            Tensor mask = Tensor.of(new float[][]{{0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}});
            Tensor hM = m instanceof LSTM l ? l.forwardMasked(x, null, null, mask).hN() : ((GRU) m).forwardMasked(x, null, mask).hN();
            Tensor tail = x.narrow(0, 0, 1).narrow(1, 2, 4);
            Tensor hA = m instanceof LSTM l ? l.forward(tail, null, null).hN() : ((GRU) m).forward(tail, null).hN();
            assertArrayEquals(hA.toFloatArray(), hM.narrow(1, 0, 1).toFloatArray(), 1e-6f, m.getClass().getSimpleName());
        }
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new GRU(3, 4, 1, true, true, 0, false).forwardMasked(Tensor.zeros(2, 6, 3), null, Tensor.ones(6, 2)));
        assertTrue(e.getMessage().contains("expected [2, 6], got [6, 2]"), e.getMessage());
    }

    @Test
    void variationalRecurrentDropoutKeepsOneMaskPerSequence() {
        GRU m = new GRU(2, 3);
        m.recurrentDropout(0.5);
        Tensor x = Tensor.randn(6, 4, 2);
        m.eval();
        assertArrayEquals(m.forward(x).toFloatArray(), m.forward(x).toFloatArray(), "no dropout in eval");
        m.train();
        assertTrue(!java.util.Arrays.equals(m.forward(x).toFloatArray(), m.forward(x).toFloatArray()));
        // with p -> 0 training equals eval
        GRU q = new GRU(2, 3);
        q.loadStateDict(m.stateDict(), true);
        q.recurrentDropout(1e-12);
        assertArrayEquals(q.eval().forward(x).toFloatArray(), ((RNNBase) q.train()).forward(x).toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> m.recurrentDropout(1.0));
    }

    @Test
    void layerNormLstmCellGradientCheckAndNames() {
        LayerNormLSTMCell cell = new LayerNormLSTMCell(3, 4);
        assertEquals(List.of("weight_ih", "weight_hh", "bias", "ln_ih.weight", "ln_ih.bias", "ln_hh.weight", "ln_hh.bias", "ln_c.weight", "ln_c.bias"),
                List.copyOf(cell.namedParameters().keySet()));
        cell.to(DType.FLOAT64);
        GradCheck.check("LayerNormLSTMCell", t -> {
            LSTMCell.State s = cell.forward(t[0], new LSTMCell.State(t[1], t[2]));
            return Tensor.concat(1, s.h(), s.c());
        }, GradCheck.randn(1, 2, 3), GradCheck.randn(2, 2, 4), GradCheck.randn(3, 2, 4), cell.weightIh, cell.weightHh, cell.bias);
    }

    /** Row blocks on two threads give exactly the one-thread result, and agree with the composed twin. */
    @Test
    void rowParallelRecurrenceEqualsSerialAndComposed() {
        int prev = io.sequoia.tensor.Parallel.threads();
        try {
            for (Supplier<RNNBase> cfg : configs()) {
                Generator.manualSeed(9);
                RNNBase m = cfg.get(), ref = cfg.get();
                ref.loadStateDict(m.stateDict(), true);
                ref.useComposed(true);
                int n = 37, t = 5;
                Tensor x = Tensor.randn(m.batchFirst() ? new int[]{n, t, m.inputSize()} : new int[]{t, n, m.inputSize()});
                int layers = m.numLayers() * m.directions();
                Tensor h0 = Tensor.randn(layers, n, m.outSize());
                Tensor c0 = m instanceof LSTM ? Tensor.randn(layers, n, m.hiddenSize()) : null;
                int[] lengths = new int[n];
                for (int i = 0; i < n; i++) lengths[i] = i % (t + 1);
                io.sequoia.tensor.Parallel.setThreads(1);
                Tensor[] one = gradsOf(m, x, h0, c0, lengths);
                io.sequoia.tensor.Parallel.setThreads(2);
                Tensor[] two = gradsOf(m, x, h0, c0, lengths), comp = gradsOf(ref, x, h0, c0, lengths);
                for (int i = 0; i < one.length; i++) {
                    if (one[i] == null) continue;
                    assertArrayEquals(one[i].toFloatArray(), two[i].toFloatArray(), 0f, "threads, tensor " + i);
                    assertArrayEquals(comp[i].toFloatArray(), two[i].toFloatArray(), 3e-5f, "composed, tensor " + i);
                }
            }
        } finally {
            io.sequoia.tensor.Parallel.setThreads(prev);
        }
    }

    /** Random inputs for a layer: x, initial states and lengths (n sequences of up to t steps). */
    private record Case(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        static Case random(RNNBase m, int n, int t, java.util.function.IntUnaryOperator length) {
            Tensor x = Tensor.randn(m.batchFirst() ? new int[]{n, t, m.inputSize()} : new int[]{t, n, m.inputSize()});
            int layers = m.numLayers() * m.directions();
            Tensor h0 = Tensor.randn(layers, n, m.outSize());
            Tensor c0 = m instanceof LSTM ? Tensor.randn(layers, n, m.hiddenSize()) : null;
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) lengths[i] = length.applyAsInt(i);
            return new Case(x, h0, c0, lengths);
        }

        Tensor[] grads(RNNBase m) { return gradsOf(m, x, h0, c0, lengths); }
    }

    /**
     * The input projection and input gradient computed step by step inside the row blocks agree with
     * the twin that runs each as one product over all steps (2 threads, padded rows, both directions).
     */
    @Test
    void stepProjectionEqualsWholeSequenceProducts() {
        assertPathEqualsTwin(() -> RecurrentKernel.stepProjection, on -> RecurrentKernel.stepProjection = on, 11);
    }

    /**
     * One product per step, [x_t | h] · [W_ih | W_hh]ᵀ, equals the twin's two products (the same sums in another
     * order) on LSTM and plain RNN layers, with and without projections, both directions, padded rows, 2 threads.
     */
    @Test
    void fusedStepProductEqualsTwoProducts() {
        assertPathEqualsTwin(() -> RecurrentKernel.fusedStep, on -> RecurrentKernel.fusedStep = on, 41);
    }

    /**
     * Outputs and gradients of every config on 2 threads (padded rows) with a kernel path on and with its twin
     * (the switch off) agree within 1e-5: the same sums in another order.
     */
    private static void assertPathEqualsTwin(java.util.function.BooleanSupplier get, java.util.function.Consumer<Boolean> set, long seed) {
        int prev = io.sequoia.tensor.Parallel.threads();
        boolean was = get.getAsBoolean();
        try {
            io.sequoia.tensor.Parallel.setThreads(2);
            int id = 0;
            for (Supplier<RNNBase> cfg : configs()) {
                Generator.manualSeed(seed + id);
                RNNBase m = cfg.get();
                Case c = Case.random(m, 21, 7, i -> 1 + i % 7);
                set.accept(true);
                Tensor[] path = c.grads(m);
                set.accept(false);
                Tensor[] twin = c.grads(m);
                for (int i = 0; i < path.length; i++) {
                    if (path[i] == null) continue;
                    assertArrayEquals(twin[i].toFloatArray(), path[i].toFloatArray(), 1e-5f, "config " + id + ", tensor " + i);
                }
                id++;
            }
        } finally {
            set.accept(was);
            io.sequoia.tensor.Parallel.setThreads(prev);
        }
    }

    /**
     * The weight and bias gradients by slices of the gates (several slices on two threads) equal the
     * one-product twin and the one-thread result bit for bit, as do the outputs and input gradients.
     */
    @Test
    void gateSlicedWeightGradientsEqualOneProductBitForBit() {
        int prev = io.sequoia.tensor.Parallel.threads();
        boolean was = RecurrentKernel.gateSlices;
        try {
            List<Supplier<RNNBase>> big = List.of(
                    () -> new LSTM(30, 40, 2, true, false, 0, true, 0),
                    () -> new GRU(30, 40, 1, true, false, 0, false),
                    () -> new LSTM(30, 40, 1, true, false, 0, false, 24));
            int id = 0;
            for (Supplier<RNNBase> cfg : big) {
                Generator.manualSeed(31 + id);
                RNNBase m = cfg.get();
                // 160 gate columns = 5 slices; 1,470 steps (K above one K block); row 0 runs to the last step
                Case c = Case.random(m, 21, 70, i -> 70 - (i * 7) % 35);
                RecurrentKernel.gateSlices = true;
                io.sequoia.tensor.Parallel.setThreads(2);
                Tensor[] two = c.grads(m);
                io.sequoia.tensor.Parallel.setThreads(1);
                Tensor[] one = c.grads(m);
                RecurrentKernel.gateSlices = false;
                io.sequoia.tensor.Parallel.setThreads(2);
                Tensor[] whole = c.grads(m);
                for (int i = 0; i < two.length; i++) {
                    if (two[i] == null) continue;
                    assertArrayEquals(whole[i].toFloatArray(), two[i].toFloatArray(), 0f, "twin, config " + id + ", tensor " + i);
                    assertArrayEquals(one[i].toFloatArray(), two[i].toFloatArray(), 0f, "threads, config " + id + ", tensor " + i);
                }
                id++;
            }
        } finally {
            RecurrentKernel.gateSlices = was;
            io.sequoia.tensor.Parallel.setThreads(prev);
        }
    }

    /** Recycled workspaces never leak values from one call into the next, and a retained graph keeps its own. */
    @Test
    void workspaceReuseIsInvisible() {
        for (Supplier<RNNBase> cfg : configs()) {
            Generator.manualSeed(21);
            RNNBase reused = cfg.get();
            for (int call = 0; call < 5; call++) {
                RNNBase fresh = cfg.get();
                fresh.loadStateDict(reused.stateDict(), true);
                // the same sizes from call 1 on (recycled arrays), all rows active in calls 1 and 3
                // (arrays handed out unzeroed) and some padded in 2 and 4 (those that must stay zeroed)
                int n = call == 0 ? 3 : 4, t = call == 0 ? 6 : 5;
                Tensor x = Tensor.randn(reused.batchFirst() ? new int[]{n, t, reused.inputSize()} : new int[]{t, n, reused.inputSize()});
                int layers = reused.numLayers() * reused.directions();
                Tensor h0 = Tensor.randn(layers, n, reused.outSize());
                Tensor c0 = reused instanceof LSTM ? Tensor.randn(layers, n, reused.hiddenSize()) : null;
                int[] lengths = new int[n];
                for (int i = 0; i < n; i++) lengths[i] = (i * 2 + call) % (t + 1);
                if (call % 2 == 1) lengths = null;
                Tensor[] a = gradsOf(reused, x, h0, c0, lengths), b = gradsOf(fresh, x, h0, c0, lengths);
                for (int i = 0; i < a.length; i++) {
                    if (a[i] != null) assertArrayEquals(b[i].toFloatArray(), a[i].toFloatArray(), 0f, "call " + call + ", tensor " + i);
                }
            }
        }
        LSTM m = new LSTM(3, 4);
        Tensor x = Tensor.randn(5, 2, 3).requiresGrad(true);
        Tensor loss = m.forward(x).sum();
        loss.backward(null, true);
        float[] g1 = x.grad().toFloatArray();
        m.forward(Tensor.randn(5, 2, 3)).sum().backward();       // another step in between
        x.zeroGrad();
        loss.backward();                                         // the retained graph still has its activations
        assertArrayEquals(g1, x.grad().toFloatArray(), 0f);
    }
}
