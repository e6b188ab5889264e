package io.sequoia.train;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

/**
 * A batch's loss and its weight: the number of items (samples, tokens, tree nodes) the loss is a
 * mean over. The epoch's "loss" is the weighted mean of the batch losses, so it is the mean over
 * items whatever the batch sizes.
 *
 * @param loss   a scalar with its graph
 * @param weight a positive count
 */
public record StepLoss(Tensor loss, double weight) {
    public StepLoss {
        if (loss == null || loss.numel() != 1) {
            throw Errors.shape("StepLoss", "the loss must be a scalar", "one element", loss == null ? null : loss.shapeString(), null);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) throw Errors.arg("StepLoss", "weight must be a positive count", "> 0", weight, null);
    }

    /** A loss that is a mean over {@code items} items. */
    public static StepLoss of(Tensor loss, double items) { return new StepLoss(loss, items); }
}
