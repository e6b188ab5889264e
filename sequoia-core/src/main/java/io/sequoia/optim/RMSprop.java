package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.NDArray;

import java.util.List;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}:
 * <pre>
 * g = grad + weightDecay·p
 * v = α·v + (1 − α)·g²
 * if centered: gAvg = α·gAvg + (1 − α)·g;  d = √(v − gAvg²) + eps   else d = √v + eps
 * if momentum > 0: b = momentum·b + g/d;  p = p − lr·b
 * else:            p = p − lr·g/d
 * </pre>
 * State: {@code square_avg} (v), {@code momentum_buffer} (momentum > 0), {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {
    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    public static final double DEFAULT_MOMENTUM = 0;
    public static final boolean DEFAULT_CENTERED = false;

    private static final String SQUARE_AVG = "square_avg";
    private static final String MOMENTUM_BUFFER = "momentum_buffer";
    private static final String GRAD_AVG = "grad_avg";

    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** RMSprop with PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8. */
    public RMSprop(List<Parameter> params) { this(params, DEFAULT_LR); }

    public RMSprop(List<Parameter> params, double lr) {
        this(params, lr, DEFAULT_ALPHA, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_MOMENTUM, DEFAULT_CENTERED);
    }

    public RMSprop(List<Parameter> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(params, lr, SQUARE_AVG, MOMENTUM_BUFFER, GRAD_AVG);
        this.eps = Check.nonNegative("RMSprop", "eps", eps);
        this.momentum = Check.nonNegative("RMSprop", "momentum", momentum);
        this.weightDecay = Check.nonNegative("RMSprop", "weightDecay", weightDecay);
        this.alpha = Check.nonNegative("RMSprop", "alpha", alpha);
        this.centered = centered;
    }

    @Override
    protected void update(NDArray p, NDArray grad, State state) {
        double lr = lr();
        NDArray v = state.buffer(SQUARE_AVG, 0);
        NDArray gAvg = centered ? state.buffer(GRAD_AVG, 0) : null;
        NDArray buf = momentum > 0 ? state.buffer(MOMENTUM_BUFFER, 0) : null;
        for (int i = 0, n = p.numel(); i < n; i++) {
            double g = decayedGrad(grad, p, i, weightDecay);
            double vi = alpha * v.getDouble(i) + (1 - alpha) * g * g;
            v.setDouble(i, vi);
            if (gAvg != null) {
                double a = alpha * gAvg.getDouble(i) + (1 - alpha) * g;
                gAvg.setDouble(i, a);
                vi -= a * a;
            }
            double step = g / (Math.sqrt(vi) + eps);
            if (buf != null) {
                step += momentum * buf.getDouble(i);
                buf.setDouble(i, step);
            }
            p.setDouble(i, p.getDouble(i) - lr * step);
        }
    }
}
