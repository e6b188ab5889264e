package io.sequoia.train;

/**
 * The forward pass of one batch in {@link Model#fit(Batches, TrainingStep, FitOptions)}: it returns
 * the loss to minimise; the fit loop does the backward pass, clipping and the optimizer step. A lab
 * supplies its batches and this step, never a training loop of its own.
 *
 * @param <B> the batch type of the {@link Batches} source
 */
@FunctionalInterface
public interface TrainingStep<B> {
    /** The scalar loss of {@code batch} (recorded, so the loop can backpropagate) and its weight. */
    StepLoss loss(B batch);
}
