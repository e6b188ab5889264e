package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.NDArray;

import java.util.List;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}, at step t (1 on the first update):
 * <pre>
 * g = grad + weightDecay·p
 * clr = lr / (1 + (t − 1)·lrDecay)
 * s = s + g²                                   (s starts at initialAccumulatorValue)
 * p = p − clr · g / (√s + eps)
 * </pre>
 * State: {@code sum} (s).
 */
public final class Adagrad extends Optimizer {
    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_LR_DECAY = 0;
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    public static final double DEFAULT_INITIAL_ACCUMULATOR_VALUE = 0;
    public static final double DEFAULT_EPS = 1e-10;

    private static final String SUM = "sum";

    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    /** Adagrad with PyTorch's defaults: lr 0.01, eps 1e-10, no decay. */
    public Adagrad(List<Parameter> params) { this(params, DEFAULT_LR); }

    public Adagrad(List<Parameter> params, double lr) {
        this(params, lr, DEFAULT_LR_DECAY, DEFAULT_WEIGHT_DECAY, DEFAULT_INITIAL_ACCUMULATOR_VALUE, DEFAULT_EPS);
    }

    public Adagrad(List<Parameter> params, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        super(params, lr, SUM);
        this.lrDecay = Check.nonNegative("Adagrad", "lrDecay", lrDecay);
        this.weightDecay = Check.nonNegative("Adagrad", "weightDecay", weightDecay);
        this.initialAccumulatorValue = Check.nonNegative("Adagrad", "initialAccumulatorValue", initialAccumulatorValue);
        this.eps = Check.nonNegative("Adagrad", "eps", eps);
    }

    @Override
    protected void update(NDArray p, NDArray grad, State state) {
        double clr = lr() / (1 + (state.step() - 1) * lrDecay);
        NDArray sum = state.buffer(SUM, initialAccumulatorValue);
        for (int i = 0, n = p.numel(); i < n; i++) {
            double g = decayedGrad(grad, p, i, weightDecay);
            double s = sum.getDouble(i) + g * g;
            sum.setDouble(i, s);
            p.setDouble(i, p.getDouble(i) - clr * g / (Math.sqrt(s) + eps));
        }
    }
}
