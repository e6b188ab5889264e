package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss} (Keras's binary_crossentropy
 * after a sigmoid): logs are clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite loss.
 */
public class BCELoss extends Loss {
    public BCELoss() { this(Reduction.MEAN); }
    public BCELoss(Reduction reduction) { super(reduction); }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkSameShape(input, target);
        checkFinite(input, "input");
        double lo = 0, hi = 1;
        for (double v : input.data().toDoubleArray()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo < 0 || hi > 1) {
            throw Errors.arg("BCELoss.forward", "input must be probabilities", "values in [0, 1]", "range [" + lo + ", " + hi + "]",
                    "Hint: use BCEWithLogitsLoss for logits");
        }
        Tensor l = target.mul(input.log().clampMin(-100)).add(target.rsub(1).mul(input.rsub(1).log().clampMin(-100))).neg();
        return reduction.apply(l);
    }

    @Override public String name() { return "bce"; }
}
