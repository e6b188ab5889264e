package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Log-softmax + negative log-likelihood, PyTorch's {@code nn.CrossEntropyLoss} with class-index
 * targets, {@code weight}, {@code ignoreIndex}, {@code labelSmoothing} and reductions.
 * <pre>
 * input (N, C) or (N, C, d1, ...) or (C) logits   target (N) or (N, d1, ...) or () class indices
 * </pre>
 */
public class CrossEntropyLoss extends NLLLoss {
    public static final double DEFAULT_LABEL_SMOOTHING = 0.0;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN, DEFAULT_LABEL_SMOOTHING); }

    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(weight, ignoreIndex, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw Errors.arg("CrossEntropyLoss", "labelSmoothing must be in [0, 1]", "0 <= labelSmoothing <= 1", labelSmoothing, null);
        }
        this.labelSmoothing = labelSmoothing;
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkFinite(input, "input");
        return nll(input, target, labelSmoothing, true);
    }

    @Override public String name() { return "cross_entropy"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("ignore_index", ignoreIndex);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
