package io.sequoia.optim;

import io.sequoia.nn.Parameter;

import java.util.List;

/**
 * Adam with decoupled weight decay, PyTorch's {@code torch.optim.AdamW}: each step first shrinks
 * the parameter, {@code p = p·(1 − lr·weightDecay)}, then applies the {@link Adam} update to the raw
 * gradient. Same defaults as Adam except weightDecay 0.01.
 */
public final class AdamW extends Adam {
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /** AdamW with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0.01. */
    public AdamW(List<Parameter> params) { this(params, DEFAULT_LR); }

    public AdamW(List<Parameter> params, double lr) {
        this(params, lr, new double[]{DEFAULT_BETA1, DEFAULT_BETA2}, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_AMSGRAD);
    }

    public AdamW(List<Parameter> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        super(params, lr, betas, eps, weightDecay, amsgrad, true);
    }
}
