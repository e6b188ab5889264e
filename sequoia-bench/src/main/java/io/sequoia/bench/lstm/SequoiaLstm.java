package io.sequoia.bench.lstm;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.optim.SGD;

import java.util.ArrayList;
import java.util.List;

/**
 * Sequoia's side of the LSTM (or, with {@code SEQUOIA_BENCH_CELL=gru}, GRU) comparison: {@code io.sequoia.nn.recurrent.LSTM} (time-major, PyTorch's
 * arguments and init), a {@code Linear(H, 1)} head on the last step's output, {@code MSELoss}, plain
 * {@code SGD}; inference under {@code GradMode.noGrad()}. Threads: {@code io.sequoia.tensor.Parallel
 * .setThreads}, looked up reflectively so this class compiles before that class reaches main.
 */
public final class SequoiaLstm implements LstmSubject {
    private LSTM lstm;
    private io.sequoia.nn.recurrent.GRU gru;
    private Linear head;
    private final MSELoss mse = new MSELoss();
    private SGD sgd;
    private Tensor x;
    private Tensor target;
    private int t;

    @Override public String name() { return "sequoia"; }

    @Override public void setup(LstmShape s, int threads) throws Exception {
        setThreads(threads);
        t = s.t();
        List<Parameter> params;
        if (LstmShape.gru()) {
            gru = new io.sequoia.nn.recurrent.GRU(s.i(), s.h(), s.l(), true, false, 0.0, false);
            params = new ArrayList<>(gru.parameters());
        } else {
            lstm = new LSTM(s.i(), s.h(), s.l(), true, false, 0.0, false, 0);
            params = new ArrayList<>(lstm.parameters());
        }
        head = new Linear(s.h(), 1);
        params.addAll(head.parameters());
        sgd = new SGD(params, LR);
        x = Tensor.randn(s.t(), s.b(), s.i());                               // (T, N, I)
        target = Tensor.randn(s.b(), 1);                                     // (N, 1)
    }

    private static void setThreads(int n) throws Exception {
        try {
            Class.forName("io.sequoia.tensor.Parallel").getMethod("setThreads", int.class).invoke(null, n);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("# sequoia: no io.sequoia.tensor.Parallel.setThreads yet; threads=" + n + " not applied");
        }
    }

    @Override public int reportedThreads() {
        try {
            return (Integer) Class.forName("io.sequoia.tensor.Parallel").getMethod("threads").invoke(null);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    private Tensor forward() {
        Tensor output = gru != null ? gru.forward(x, null).output() : lstm.forward(x, null, null).output();
        Tensor last = output.select(0, t - 1);                               // (N, H)
        return head.forward(last);                                           // (N, 1)
    }

    @Override public double trainStep() {
        sgd.zeroGrad();
        Tensor loss = mse.forward(forward(), target);
        loss.backward();
        sgd.step();
        return loss.item();
    }

    @Override public double inferStep() {
        try (var g = GradMode.noGrad()) {
            return forward().get(0, 0);
        }
    }
}
