package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

/**
 * Sigmoid + binary cross-entropy in one stable expression, PyTorch's {@code nn.BCEWithLogitsLoss}:
 * {@code l = −[p·y·log σ(x) + (1−y)·log(1−σ(x))]}, {@code posWeight} broadcasting along the last dim.
 * Uses {@code log σ(x) = −softplus(−x)} so large logits never overflow.
 */
public class BCEWithLogitsLoss extends Loss {
    private final Tensor weight, posWeight;

    public BCEWithLogitsLoss() { this(null, Reduction.MEAN, null); }

    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        this.weight = weight;
        this.posWeight = posWeight;
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkSameShape(input, target);
        checkFinite(input, "input");
        if (posWeight != null && (input.dim() == 0 || posWeight.numel() != input.size(-1) && posWeight.numel() != 1)) {
            throw Errors.shape("BCEWithLogitsLoss.forward", "posWeight must have one entry per class (last dim)",
                    input.dim() == 0 ? 1 : input.size(-1), posWeight.numel(), "input shape " + input.shapeString());
        }
        Tensor logSig = input.neg().softplus().neg();          // log σ(x)
        Tensor logOneMinus = input.softplus().neg();            // log(1 − σ(x))
        Tensor pos = target.mul(logSig);
        if (posWeight != null) pos = pos.mul(posWeight);
        Tensor l = pos.add(target.rsub(1).mul(logOneMinus)).neg();
        if (weight != null) l = l.mul(weight);
        return reduction.apply(l);
    }

    @Override public String name() { return "bce_with_logits"; }
}
