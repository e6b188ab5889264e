package io.sequoia.optim;

import io.sequoia.tensor.Errors;

/**
 * A learning-rate schedule over epochs with PyTorch's semantics: the base lr is the optimizer's lr
 * when the scheduler is built; building it applies the lr of epoch 0, and each {@link #step()}
 * (called once per epoch, after the optimizer's steps) moves to the next epoch and sets
 * {@code optimizer.lr} to {@link #lrAt}{@code (epoch)}. Schedules are closed forms of the epoch,
 * so an lr set by hand in between is overwritten at the next step.
 *
 * <p>A subclass validates its arguments, then calls {@link #start()} at the end of its constructor.
 */
public abstract class LrScheduler {
    private final Optimizer optimizer;
    private final double baseLr;
    private int lastEpoch = -1;
    private double lastLr;

    protected LrScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw Errors.arg(getClass().getSimpleName(), "optimizer must not be null", "an optimizer", null, null);
        }
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The lr of {@code epoch} (0 at construction), from {@link #baseLr()}. */
    protected abstract double lrAt(int epoch);

    /** Applies the lr of epoch 0; subclasses call it once, last in their constructor. */
    protected final void start() {
        if (lastEpoch >= 0) throw Errors.state(getClass().getSimpleName() + ".start", "already started", null);
        apply(0);
    }

    /** Moves to the next epoch and sets the optimizer's lr. */
    public void step() {
        if (lastEpoch < 0) {
            throw Errors.state(getClass().getSimpleName() + ".step", "the scheduler was never started",
                    "call start() at the end of the subclass constructor");
        }
        apply(lastEpoch + 1);
    }

    private void apply(int epoch) {
        lastEpoch = epoch;
        lastLr = lrAt(epoch);
        optimizer.setLr(lastLr);
    }

    /** The lr this scheduler last set (PyTorch's {@code get_last_lr()[0]}). */
    public double lastLr() { return lastLr; }

    /** The current epoch: 0 after construction, +1 per {@link #step()}. */
    public int lastEpoch() { return lastEpoch; }

    /** The optimizer's lr when this scheduler was built. */
    public double baseLr() { return baseLr; }

    public Optimizer optimizer() { return optimizer; }
}
