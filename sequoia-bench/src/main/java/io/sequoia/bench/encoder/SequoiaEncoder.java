package io.sequoia.bench.encoder;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Parallel;

/**
 * Sequoia's side: {@code io.sequoia.nn.attention.TransformerEncoderLayer} (fused attention kernel),
 * {@code MSELoss}, plain {@code SGD}; inference in eval mode under {@code GradMode.noGrad()}.
 */
public final class SequoiaEncoder implements EncoderSubject {
    private TransformerEncoderLayer layer;
    private final MSELoss mse = new MSELoss();
    private SGD sgd;
    private Tensor x;
    private Tensor target;

    @Override public String name() { return "sequoia"; }

    @Override public void setup(EncoderShape s, int threads) {
        Parallel.setThreads(threads);
        layer = new TransformerEncoderLayer(s.d(), s.h(), s.f(), DROPOUT, "relu", 1e-5, true, false);
        sgd = new SGD(layer.parameters(), LR);
        x = Tensor.randn(s.b(), s.l(), s.d());
        target = Tensor.randn(s.b(), s.l(), s.d());
    }

    @Override public int reportedThreads() { return Parallel.threads(); }

    @Override public double trainStep() {
        layer.train(true);
        sgd.zeroGrad();
        Tensor loss = mse.forward(layer.forward(x), target);
        loss.backward();
        sgd.step();
        return loss.item();
    }

    @Override public double inferStep() {
        layer.train(false);
        try (var g = GradMode.noGrad()) {
            return layer.forward(x).get(0, 0, 0);
        }
    }
}
