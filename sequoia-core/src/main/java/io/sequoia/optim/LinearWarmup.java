package io.sequoia.optim;

import io.sequoia.tensor.Errors;

/**
 * A linear warm-up, PyTorch's {@code LinearLR} with {@code end_factor = 1}:
 * {@code lr = baseLr · (startFactor + (1 − startFactor) · min(epoch, warmupSteps) / warmupSteps)},
 * so startFactor·baseLr at construction, baseLr from epoch warmupSteps on.
 */
public final class LinearWarmup extends LrScheduler {
    /** PyTorch's {@code start_factor} default. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;

    private final int warmupSteps;
    private final double startFactor;

    public LinearWarmup(Optimizer optimizer, int warmupSteps) { this(optimizer, warmupSteps, DEFAULT_START_FACTOR); }

    /** @param startFactor in (0, 1], as PyTorch requires */
    public LinearWarmup(Optimizer optimizer, int warmupSteps, double startFactor) {
        super(optimizer);
        this.warmupSteps = Check.positive("LinearWarmup", "warmupSteps", warmupSteps);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw Errors.arg("LinearWarmup", "startFactor must be in (0, 1]", "a value in (0, 1]", startFactor, null);
        }
        this.startFactor = startFactor;
        start();
    }

    @Override
    protected double lrAt(int epoch) {
        return baseLr() * (startFactor + (1 - startFactor) * Math.min(epoch, warmupSteps) / warmupSteps);
    }
}
