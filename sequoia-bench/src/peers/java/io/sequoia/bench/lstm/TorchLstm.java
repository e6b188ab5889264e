package io.sequoia.bench.lstm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;

/**
 * libtorch 2.5.1 through DJL 0.32.0: the fused {@code torch::lstm} op (or {@code torch::gru} with
 * {@code SEQUOIA_BENCH_CELL=gru}) (what {@code torch.nn.LSTM}
 * calls; on CPU it runs oneDNN's {@code mkldnn_rnn_layer}) under DJL's {@code GradientCollector}.
 * Weights use PyTorch's layout and init, U(-1/sqrt(H), 1/sqrt(H)); the flat weight list is
 * {@code w_ih, w_hh, b_ih, b_hh} per layer, as {@code torch.nn.LSTM._flat_weights}.
 * Threads come from {@code -Dai.djl.pytorch.num_threads} (set by {@link LstmVersus}) and are also
 * set here through {@code at::set_num_threads}.
 */
public final class TorchLstm implements LstmSubject {
    private NDManager manager;
    private final List<NDArray> params = new ArrayList<>();
    private NDList lstmParams;
    private NDArray wHead;
    private NDArray bHead;
    private NDArray x;
    private NDArray target;
    private NDList hx;
    private LstmShape s;
    private final boolean gru = LstmShape.gru();

    @Override public String name() { return "libtorch"; }

    @Override public void setup(LstmShape shape, int threads) {
        s = shape;
        Engine.getEngine("PyTorch");                                        // loads libtorch (offline)
        if (JniUtils.getNumThreads() != threads) {                          // when run without LstmVersus
            JniUtils.setNumThreads(threads);
        }
        manager = NDManager.newBaseManager();
        float k = (float) (1 / Math.sqrt(s.h()));
        lstmParams = new NDList();
        long gates = (gru ? 3L : 4L) * s.h();
        for (int layer = 0; layer < s.l(); layer++) {
            int in = layer == 0 ? s.i() : s.h();
            lstmParams.add(param(new Shape(gates, in), k));
            lstmParams.add(param(new Shape(gates, s.h()), k));
            lstmParams.add(param(new Shape(gates), k));
            lstmParams.add(param(new Shape(gates), k));
        }
        wHead = param(new Shape(1, s.h()), k);
        bHead = param(new Shape(1), k);
        x = manager.randomNormal(new Shape(s.t(), s.b(), s.i()));            // (T, N, I)
        target = manager.randomNormal(new Shape(s.b(), 1));                 // (N, 1)
        hx = gru ? new NDList(manager.zeros(new Shape(s.l(), s.b(), s.h())))
                : new NDList(manager.zeros(new Shape(s.l(), s.b(), s.h())),    // (L, N, H)
                        manager.zeros(new Shape(s.l(), s.b(), s.h())));
    }

    private NDArray param(Shape shape, float k) {
        NDArray p = manager.randomUniform(-k, k, shape);
        p.setRequiresGradient(true);
        params.add(p);
        return p;
    }

    @Override public int reportedThreads() { return JniUtils.getNumThreads(); }

    private NDArray head(boolean training) {
        NDList out = gru
                ? x.getNDArrayInternal().gru(x, hx.get(0), lstmParams, true, s.l(), 0.0, training, false, false)
                : x.getNDArrayInternal().lstm(x, hx, lstmParams, true, s.l(), 0.0, training, false, false);
        NDArray last = out.get(0).get(s.t() - 1);                           // (N, H)
        return last.matMul(wHead.transpose()).add(bHead);                   // (N, 1)
    }

    @Override public double trainStep() {
        // NDScope closes every native array created inside it: no growth across steps
        try (NDScope scope = new NDScope()) {
            double lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = head(true).sub(target).square().mean();
                gc.backward(loss);
                lossValue = loss.getFloat();
            }
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                p.subi(g.mul(LR));
                g.subi(g);                                                   // zero_grad
            }
            return lossValue;
        }
    }

    @Override public double inferStep() {
        try (NDScope scope = new NDScope()) {
            return head(false).getFloat(0, 0);
        }
    }

    @Override public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
