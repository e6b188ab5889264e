package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, PyTorch's {@code torch.optim.SGD}:
 * <pre>
 * g = grad + weightDecay·p
 * if momentum != 0:
 *     b = g                                   (first step: the buffer starts as a copy of g)
 *     b = momentum·b + (1 − dampening)·g      (later steps)
 *     g = nesterov ? g + momentum·b : b
 * p = p − lr·g
 * </pre>
 * State: {@code momentum_buffer} (only when momentum != 0).
 */
public final class SGD extends Optimizer {
    public static final double DEFAULT_MOMENTUM = 0;
    public static final double DEFAULT_DAMPENING = 0;
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    public static final boolean DEFAULT_NESTEROV = false;

    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD (no momentum, no weight decay). PyTorch needs lr given here too. */
    public SGD(List<Parameter> params, double lr) {
        this(params, lr, DEFAULT_MOMENTUM, DEFAULT_DAMPENING, DEFAULT_WEIGHT_DECAY, DEFAULT_NESTEROV);
    }

    /** SGD with momentum (no dampening, no weight decay, not Nesterov). */
    public SGD(List<Parameter> params, double lr, double momentum) {
        this(params, lr, momentum, DEFAULT_DAMPENING, DEFAULT_WEIGHT_DECAY, DEFAULT_NESTEROV);
    }

    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        super(params, lr, MOMENTUM_BUFFER);
        this.momentum = Check.nonNegative("SGD", "momentum", momentum);
        this.dampening = dampening;
        this.weightDecay = Check.nonNegative("SGD", "weightDecay", weightDecay);
        this.nesterov = nesterov;
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw Errors.arg("SGD", "nesterov requires momentum > 0 and dampening = 0",
                    "momentum > 0 and dampening = 0", "momentum " + momentum + ", dampening " + dampening, null);
        }
    }

    @Override
    protected void update(NDArray p, NDArray grad, State state) {
        double lr = lr();
        if (momentum == 0 && weightDecay == 0 && p.dtype() == DType.FLOAT32 && grad.dtype() == DType.FLOAT32) {
            float[] w = p.floatData(), g = grad.floatData();              // plain SGD: p -= lr·g, as below
            for (int i = 0; i < w.length; i++) w[i] = (float) (w[i] - lr * g[i]);
            return;
        }
        boolean first = !state.has(MOMENTUM_BUFFER);
        NDArray buf = momentum == 0 ? null : state.buffer(MOMENTUM_BUFFER, 0);
        for (int i = 0, n = p.numel(); i < n; i++) {
            double g = decayedGrad(grad, p, i, weightDecay);
            if (buf != null) {
                double b = first ? g : momentum * buf.getDouble(i) + (1 - dampening) * g;
                buf.setDouble(i, b);
                g = nesterov ? g + momentum * b : b;
            }
            p.setDouble(i, p.getDouble(i) - lr * g);
        }
    }
}
