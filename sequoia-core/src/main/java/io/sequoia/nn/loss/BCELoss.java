package io.sequoia.nn.loss;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss} (Keras's binary_crossentropy
 * after a sigmoid): logs are clamped at −100 and the gradient is PyTorch's
 * {@code (p − y) / max((1 − p)·p, 1e-12)}, so p = 0 or 1 gives a finite loss and gradient.
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
        return reduction.apply(Functional.binaryCrossEntropy(input, target));
    }

    @Override public String name() { return "bce"; }
}
