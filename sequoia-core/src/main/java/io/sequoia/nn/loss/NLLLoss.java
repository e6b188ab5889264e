package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;

/**
 * Negative log-likelihood of class indices given log-probabilities, PyTorch's {@code nn.NLLLoss}.
 * <pre>
 * input (N, C) or (N, C, d1, ...) or (C)   target (N) or (N, d1, ...) or () integer class indices
 * </pre>
 * Targets equal to {@code ignoreIndex} contribute nothing; 'mean' divides by the summed weights of
 * the counted targets.
 */
public class NLLLoss extends Loss {
    public static final int DEFAULT_IGNORE_INDEX = -100;
    protected final Tensor weight;
    protected final int ignoreIndex;

    public NLLLoss() { this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        if (weight != null && weight.dim() != 1) throw Errors.shape(getClass().getSimpleName(), "weight must be 1-D (C)", 1, weight.dim(), null);
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkFinite(input, "input");
        return nll(input, target, 0.0, false);
    }

    @Override public String name() { return "nll"; }

    /** The shared body of NLL and cross-entropy; {@code logp} holds log-probabilities. */
    Tensor nll(Tensor logp, Tensor target, double labelSmoothing, boolean fromLogits) {
        String where = getClass().getSimpleName() + ".forward";
        boolean unbatched = logp.dim() == 1;
        if (unbatched) { logp = logp.unsqueeze(0); target = target.reshape(1); }
        int[] is = logp.shape(), ts = target.shape();
        int c = is[1];
        int[] expected = new int[is.length - 1];
        expected[0] = is[0];
        System.arraycopy(is, 2, expected, 1, is.length - 2);
        if (!Arrays.equals(expected, ts)) {
            throw Errors.shape(where, "target shape must be the input shape without the class dim", Arrays.toString(expected),
                    Arrays.toString(ts), "input shape " + Arrays.toString(is));
        }
        if (weight != null && weight.numel() != c) {
            throw Errors.shape(where, "weight must have one entry per class", c, weight.numel(), null);
        }
        if (fromLogits) logp = logp.logSoftmax(1);
        NDArray t = target.data();
        int n = t.numel();
        NDArray safe = NDArray.zeros(logp.dtype(), ts), wt = NDArray.zeros(logp.dtype(), ts);
        for (int i = 0; i < n; i++) {
            double v = t.getDouble(i);
            if (v == ignoreIndex) continue;
            if (v != Math.rint(v) || v < 0 || v >= c) {
                throw new IndexOutOfBoundsException(Errors.format(where, "target out of range",
                        "a class index in [0, " + c + ") or ignoreIndex " + ignoreIndex, v, "target position " + i));
            }
            safe.setDouble(i, v);
            wt.setDouble(i, weight == null ? 1 : weight.data().getDouble((int) v));
        }
        Tensor w = new Tensor(wt);
        Tensor picked = logp.gather(1, new Tensor(safe).unsqueeze(1)).squeeze(1);   // (N, d...)
        Tensor loss = picked.mul(w).neg();
        if (labelSmoothing > 0) {
            Tensor lw = logp;
            if (weight != null) {
                int[] bs = new int[is.length];
                Arrays.fill(bs, 1);
                bs[1] = c;
                lw = logp.mul(weight.to(logp.dtype()).reshape(bs));
            }
            Tensor valid = new Tensor(w.data().copy());
            for (int i = 0; i < n; i++) valid.data().setDouble(i, t.getDouble(i) == ignoreIndex ? 0 : 1);
            Tensor smooth = lw.sum(1, false).neg().mul(valid);                       // Σ_c w_c·(−log p_c)
            loss = loss.mul(1 - labelSmoothing).add(smooth.mul(labelSmoothing / c));
        }
        if (reduction == Reduction.NONE) return unbatched ? loss.reshape() : loss;
        Tensor total = loss.sum();
        if (reduction == Reduction.SUM) return total;
        double denom = 0;
        for (int i = 0; i < n; i++) denom += wt.getDouble(i);
        return total.div(denom);
    }
}
