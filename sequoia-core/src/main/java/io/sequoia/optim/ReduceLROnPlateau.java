package io.sequoia.optim;

import io.sequoia.tensor.Errors;

/**
 * PyTorch's {@code ReduceLROnPlateau}: multiplies the lr by {@code factor} (not below
 * {@code minLr}) when a metric has not improved for more than {@code patience} epochs, then waits
 * {@code cooldown} epochs before counting again. Call {@link #step(double)} once per epoch with the
 * metric (for example the validation loss).
 *
 * <p>"Improved" means, against the best value so far: mode "min", thresholdMode "rel":
 * {@code metric < best·(1 − threshold)}; "min"/"abs": {@code metric < best − threshold}; "max"/"rel":
 * {@code metric > best·(1 + threshold)}; "max"/"abs": {@code metric > best + threshold}. A reduction
 * smaller than {@code eps} is skipped. A NaN metric never improves.
 */
public final class ReduceLROnPlateau {
    public static final String DEFAULT_MODE = "min";
    public static final double DEFAULT_FACTOR = 0.1;
    public static final int DEFAULT_PATIENCE = 10;
    public static final double DEFAULT_THRESHOLD = 1e-4;
    public static final String DEFAULT_THRESHOLD_MODE = "rel";
    public static final int DEFAULT_COOLDOWN = 0;
    public static final double DEFAULT_MIN_LR = 0;
    public static final double DEFAULT_EPS = 1e-8;

    private final Optimizer optimizer;
    private final boolean maximize;
    private final boolean relative;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double lastLr;

    /** All of PyTorch's defaults: mode "min", factor 0.1, patience 10, threshold 1e-4 relative. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, DEFAULT_MODE, DEFAULT_FACTOR, DEFAULT_PATIENCE);
    }

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD_MODE, DEFAULT_COOLDOWN,
                DEFAULT_MIN_LR, DEFAULT_EPS);
    }

    /**
     * @param mode          "min" (the metric should fall) or "max"
     * @param factor        the lr multiplier on a plateau, in [0, 1)
     * @param thresholdMode "rel" or "abs"
     */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        String where = "ReduceLROnPlateau";
        if (optimizer == null) throw Errors.arg(where, "optimizer must not be null", "an optimizer", null, null);
        this.optimizer = optimizer;
        this.maximize = Check.oneOf(where, "mode", mode, "min", "max").equals("max");
        this.factor = Check.unitInterval(where, "factor", factor);
        this.patience = Check.nonNegative(where, "patience", patience);
        this.threshold = Check.nonNegative(where, "threshold", threshold);
        this.relative = Check.oneOf(where, "thresholdMode", thresholdMode, "rel", "abs").equals("rel");
        this.cooldown = Check.nonNegative(where, "cooldown", cooldown);
        this.minLr = Check.nonNegative(where, "minLr", minLr);
        this.eps = Check.nonNegative(where, "eps", eps);
        this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.lastLr = optimizer.lr();
    }

    /** Records one epoch's metric and reduces the optimizer's lr on a plateau. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs during cooldown do not count
        }
        if (numBadEpochs > patience) {
            double oldLr = optimizer.lr();
            double newLr = Math.max(oldLr * factor, minLr);
            if (oldLr - newLr > eps) optimizer.setLr(newLr);
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = optimizer.lr();
    }

    private boolean isBetter(double metric) {
        if (maximize) return relative ? metric > best * (1 + threshold) : metric > best + threshold;
        return relative ? metric < best * (1 - threshold) : metric < best - threshold;
    }

    /** The optimizer's lr after the last {@link #step(double)} (or at construction). */
    public double lastLr() { return lastLr; }

    /** Number of {@link #step(double)} calls so far. */
    public int lastEpoch() { return lastEpoch; }

    /** The best metric so far (±infinity before the first step). */
    public double best() { return best; }

    /** Epochs without improvement since the last improvement, reduction or cooldown epoch. */
    public int numBadEpochs() { return numBadEpochs; }

    /** What a checkpoint saves of the scheduler. */
    public record Counters(double best, int numBadEpochs, int cooldownCounter, int lastEpoch) {}

    public Counters counters() { return new Counters(best, numBadEpochs, cooldownCounter, lastEpoch); }

    /** Restores {@link #counters()} (resuming a run); the optimizer's lr is restored with the optimizer. */
    public void restoreCounters(Counters c) {
        if (c == null) throw Errors.arg("ReduceLROnPlateau.restoreCounters", "counters must not be null", "Counters", null, null);
        best = c.best();
        numBadEpochs = c.numBadEpochs();
        cooldownCounter = c.cooldownCounter();
        lastEpoch = c.lastEpoch();
        lastLr = optimizer.lr();
    }
}
