package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.List;

/**
 * Adam, PyTorch's {@code torch.optim.Adam}, at step t (1 on the first update):
 * <pre>
 * g = grad + weightDecay·p                     (AdamW instead: p = p·(1 − lr·weightDecay), g = grad)
 * m = β1·m + (1 − β1)·g
 * v = β2·v + (1 − β2)·g²
 * vMax = max(vMax, v)                          (amsgrad only; then v below means vMax)
 * p = p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
 * </pre>
 * State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq} (amsgrad only).
 */
public class Adam extends Optimizer {
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    public static final boolean DEFAULT_AMSGRAD = false;

    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    /** Adam with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<Parameter> params) { this(params, DEFAULT_LR); }

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, new double[]{DEFAULT_BETA1, DEFAULT_BETA2}, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_AMSGRAD);
    }

    /** @param betas (β1, β2), each in [0, 1) */
    public Adam(List<Parameter> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, betas, eps, weightDecay, amsgrad, false);
    }

    Adam(List<Parameter> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(params, lr, EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ);
        String where = getClass().getSimpleName();
        if (betas == null || betas.length != 2) {
            throw Errors.arg(where, "betas must hold two values", 2,
                    betas == null ? null : betas.length, null);
        }
        this.eps = Check.nonNegative(where, "eps", eps);
        this.beta1 = Check.unitInterval(where, "betas[0]", betas[0]);
        this.beta2 = Check.unitInterval(where, "betas[1]", betas[1]);
        this.weightDecay = Check.nonNegative(where, "weightDecay", weightDecay);
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    @Override
    protected void update(NDArray p, NDArray grad, State state) {
        double lr = lr();
        long t = state.step();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        double coupledDecay = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        NDArray m = state.buffer(EXP_AVG, 0);
        NDArray v = state.buffer(EXP_AVG_SQ, 0);
        NDArray vMax = amsgrad ? state.buffer(MAX_EXP_AVG_SQ, 0) : null;
        if (p.dtype() == io.sequoia.tensor.DType.FLOAT32 && vMax == null) {
            // float32 in float, as PyTorch does, straight on the arrays (the hot path of every training step)
            float[] pf = p.floatData(), gf = grad.floatData(), mf = m.floatData(), vf = v.floatData();
            float b1 = (float) beta1, b2 = (float) beta2, cd = (float) coupledDecay, sh = (float) shrink;
            float ss = (float) stepSize, bc = (float) bc2Sqrt, ep = (float) eps;
            for (int i = 0, n = pf.length; i < n; i++) {
                float g = cd == 0f ? gf[i] : gf[i] + cd * pf[i];
                float mi = b1 * mf[i] + (1 - b1) * g, vi = b2 * vf[i] + (1 - b2) * g * g;
                mf[i] = mi;
                vf[i] = vi;
                pf[i] = pf[i] * sh - ss * mi / ((float) Math.sqrt(vi) / bc + ep);
            }
            return;
        }
        for (int i = 0, n = p.numel(); i < n; i++) {
            double g = decayedGrad(grad, p, i, coupledDecay);
            double mi = beta1 * m.getDouble(i) + (1 - beta1) * g;
            double vi = beta2 * v.getDouble(i) + (1 - beta2) * g * g;
            m.setDouble(i, mi);
            v.setDouble(i, vi);
            if (vMax != null) {
                vi = Math.max(vMax.getDouble(i), vi);
                vMax.setDouble(i, vi);
            }
            double denom = Math.sqrt(vi) / bc2Sqrt + eps;
            p.setDouble(i, p.getDouble(i) * shrink - stepSize * mi / denom);
        }
    }
}
