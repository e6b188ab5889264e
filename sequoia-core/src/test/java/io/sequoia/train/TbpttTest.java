package io.sequoia.train;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.optim.Optimizer;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TbpttTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** LSTM over (N, T, F) then a per-step linear head: (N, T, 1). */
    static final class SeqModel extends Module {
        final LSTM lstm;
        final Linear head;

        SeqModel(int in, int hidden) {
            lstm = registerModule("lstm", new LSTM(in, hidden, 1, true, true, 0, false));
            head = registerModule("head", new Linear(hidden, 1));
        }

        @Override public Tensor forward(Tensor x) { return head.forward(lstm.forward(x)); }
    }

    /** Counts optimizer steps. */
    static final class CountingSgd extends Optimizer {
        int steps;
        CountingSgd(List<Parameter> ps, double lr) { super(ps, lr); }
        @Override public void step() { steps++; super.step(); }
        @Override protected void update(NDArray param, NDArray grad, State state) { param.addInPlace(grad, -lr()); }
    }

    @BeforeEach
    void seed() { Generator.manualSeed(3); }

    /** y_t = x_{t−1}: needs one step of memory, also across chunk boundaries. */
    static Tensor[] delayTask(int n, int t) {
        Tensor x = Tensor.randn(n, t, 1);
        Tensor y = Tensor.concat(1, Tensor.zeros(n, 1, 1), x.narrow(1, 0, t - 1));
        return new Tensor[]{x, y};
    }

    @Test
    void chunkLongerThanTheSequenceEqualsPlainTraining() {
        Tensor[] d = delayTask(8, 12);
        float[][] w = new float[2][];
        for (int r = 0; r < 2; r++) {
            Generator.manualSeed(5);
            Model m = new Model(new SeqModel(1, 6)).logTo(QUIET);
            m.compile("sgd", 0.1, "mse");
            FitOptions o = FitOptions.epochs(3).batchSize(4).verbose(0);
            m.fit(d[0], d[1], r == 0 ? o : o.tbptt(1000));
            w[r] = m.module().namedParameters().get("lstm.weight_hh_l0").toFloatArray();
        }
        assertArrayEquals(w[0], w[1], 1e-6f);
    }

    @Test
    void updatesOncePerChunk() {
        Tensor[] d = delayTask(32, 20);
        Model m = new Model(new SeqModel(1, 8)).logTo(QUIET);
        CountingSgd[] opt = new CountingSgd[1];
        m.compile(ps -> opt[0] = new CountingSgd(ps, 0.1), new io.sequoia.nn.loss.MSELoss());
        m.fit(d[0], d[1], FitOptions.epochs(2).batchSize(16).tbptt(6).verbose(0));
        assertEquals(2 * 2 * 4, opt[0].steps, "2 epochs x 2 batches x 4 chunks (6, 6, 6, 2 steps)");
    }

    @Test
    void learnsAcrossChunkBoundaries() {
        Tensor[] d = delayTask(32, 20);
        Model m = new Model(new SeqModel(1, 8)).logTo(QUIET);
        m.compile("adam", 0.03, "mse");
        History h = m.fit(d[0], d[1], FitOptions.epochs(60).batchSize(16).tbptt(5).verbose(0));
        double first = h.get("loss").get(0), last = h.get("loss").get(59);
        assertTrue(last < first / 10, first + " -> " + last);
        // the state really crosses chunk boundaries: step 10 starts a chunk and is still predicted from step 9
        Tensor pred;
        try (var g = GradMode.noGrad()) { pred = m.module().forward(d[0]); }
        double err = 0;
        for (int n = 0; n < 32; n++) err += Math.abs(pred.get(n, 10, 0) - d[1].get(n, 10, 0));
        assertTrue(err / 32 < 0.2, "error at a chunk boundary " + err / 32);
    }

    @Test
    void backwardLengthShorterThanForwardLength() {
        Tensor[] d = delayTask(16, 20);
        Model m = new Model(new SeqModel(1, 8)).logTo(QUIET);
        m.compile("adam", 0.02, "mse");
        History h = m.fit(d[0], d[1], FitOptions.epochs(30).batchSize(16).tbptt(10, 4).verbose(0));
        assertTrue(h.get("loss").get(29) < h.get("loss").get(0) / 5, h.get("loss").toString());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1).tbptt(4, 5));
    }

    @Test
    void streamingInferenceEqualsOneFullPass() {
        SeqModel net = new SeqModel(2, 5);
        net.eval();
        Tensor x = Tensor.randn(3, 9, 2);
        Tensor full = net.forward(x);
        net.lstm.setStateful(true);
        Tensor a = net.forward(x.narrow(1, 0, 4)), b = net.forward(x.narrow(1, 4, 1)), c = net.forward(x.narrow(1, 5, 4));
        assertArrayEquals(full.toFloatArray(), Tensor.concat(1, a, b, c).toFloatArray(), 1e-6f);
        net.lstm.resetStates();
        assertArrayEquals(full.narrow(1, 0, 4).toFloatArray(), net.forward(x.narrow(1, 0, 4)).toFloatArray(), 1e-6f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.forward(x.narrow(0, 0, 2)));
        assertTrue(e.getMessage().contains("resetStates"), e.getMessage());
    }

    /** A saved model keeps the streaming state: the loaded copy continues where the original was. */
    @Test
    void streamingStateIsSavedWithTheModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.sequoia.nn.Sequential net = new io.sequoia.nn.Sequential(new LSTM(2, 5, 2, true, true, 0, false));
        net.eval();
        LSTM lstm = (LSTM) net.get(0);
        lstm.setStateful(true);
        Tensor x = Tensor.randn(3, 8, 2);
        net.forward(x.narrow(1, 0, 5));
        new Model(net).save(dir.resolve("m"));
        Model back = Model.load(dir.resolve("m"));
        back.module().eval();
        Tensor expected = net.forward(x.narrow(1, 5, 3));
        assertArrayEquals(expected.toFloatArray(), back.module().forward(x.narrow(1, 5, 3)).toFloatArray(), 1e-6f);
    }
}
