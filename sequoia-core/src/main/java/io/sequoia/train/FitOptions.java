package io.sequoia.train;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras's {@code fit} arguments: {@code FitOptions.epochs(10).batchSize(32).validationSplit(0.2)}.
 * Defaults are Keras's: batch size 32, shuffle on, verbose 1.
 */
public final class FitOptions {
    public static final int DEFAULT_BATCH_SIZE = 32;

    int epochs = 1;
    int batchSize = DEFAULT_BATCH_SIZE;
    Tensor valX, valY;
    double validationSplit;
    boolean shuffle = true;
    int verbose = 1;
    double clipNorm;
    int tbpttForward, tbpttBackward;
    java.util.function.Supplier<java.util.Map<String, Double>> validation;
    double maxMinutes;
    java.nio.file.Path checkpointDir;
    int checkpointEvery;
    boolean resume;
    java.util.Map<String, Object> checkpointExtras = java.util.Map.of();
    long interruptAfterSteps;
    final List<Callback> callbacks = new ArrayList<>();

    private FitOptions() {}

    public static FitOptions epochs(int epochs) {
        FitOptions f = new FitOptions();
        if (epochs < 1) throw Errors.arg("fit", "epochs must be at least 1", ">= 1", epochs, null);
        f.epochs = epochs;
        return f;
    }

    public FitOptions batchSize(int b) {
        if (b < 1) throw Errors.arg("fit", "batchSize must be at least 1", ">= 1", b, null);
        batchSize = b;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) {
        valX = x;
        valY = y;
        return this;
    }

    /** The last fraction of the data (before shuffling), held out for validation, as Keras does. */
    public FitOptions validationSplit(double f) {
        if (!(f >= 0 && f < 1)) throw Errors.arg("fit", "validationSplit must be in [0, 1)", "0 <= f < 1", f, null);
        validationSplit = f;
        return this;
    }

    public FitOptions shuffle(boolean s) { shuffle = s; return this; }

    /** 0 silent, 1 progress bar (plain lines when not a terminal), 2 one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) throw Errors.arg("fit", "verbose must be 0, 1 or 2", "0..2", v, null);
        verbose = v;
        return this;
    }

    /** Clips the global L2 norm of the gradients before each step (0 = off). */
    public FitOptions clipNorm(double c) {
        if (!(c >= 0)) throw Errors.arg("fit", "clipNorm must be non-negative", ">= 0", c, null);
        clipNorm = c;
        return this;
    }

    /**
     * Truncated backpropagation through time over batch-first sequences x (N, T, ...) with per-step
     * targets y (N, T, ...): each batch is cut into chunks of {@code k1} steps, the recurrent state is
     * carried across chunks (detached), and the weights are updated after every chunk. A chunk longer
     * than the sequence is the whole sequence.
     */
    public FitOptions tbptt(int k1) { return tbptt(k1, k1); }

    /**
     * As {@link #tbptt(int)}, with a backward length {@code k2 <= k1}: of each chunk, the first
     * k1 − k2 steps only advance the state (no gradient, no loss) and the last k2 steps are trained
     * with full backpropagation — every update sees k1 steps of context and backpropagates k2.
     */
    public FitOptions tbptt(int k1, int k2) {
        if (k1 < 1) throw Errors.arg("fit", "tbptt forward length k1 must be at least 1", ">= 1", k1, null);
        if (k2 < 1 || k2 > k1) throw Errors.arg("fit", "tbptt backward length k2 must be in [1, k1]", "[1, " + k1 + "]", k2, null);
        tbpttForward = k1;
        tbpttBackward = k2;
        return this;
    }

    public FitOptions callbacks(Callback... cs) { callbacks.addAll(Arrays.asList(cs)); return this; }

    /**
     * Validation for {@link Model#fit(Batches, TrainingStep, FitOptions)}: called after every epoch
     * with the module in eval mode and no graph recorded; each entry is logged with a {@code val_}
     * prefix ({@code "loss"} → {@code val_loss}, {@code "f1"} → {@code val_f1}), where EarlyStopping,
     * ModelCheckpoint and ReduceLROnPlateau can watch it.
     */
    public FitOptions validation(java.util.function.Supplier<java.util.Map<String, Double>> evaluate) {
        if (evaluate == null) throw Errors.arg("fit", "validation must not be null", "a supplier of metrics", null, null);
        validation = evaluate;
        return this;
    }

    /** A time budget: training stops after the epoch in which {@code minutes} have passed (0 = none). */
    public FitOptions maxMinutes(double minutes) {
        if (!(minutes >= 0) || Double.isInfinite(minutes)) throw Errors.arg("fit", "maxMinutes must be a non-negative number", ">= 0", minutes, null);
        maxMinutes = minutes;
        return this;
    }

    /**
     * Writes a {@link Checkpoint} into {@code dir}/{@value Checkpoint#FOLDER} at the end of every epoch
     * (and every {@link #checkpointEvery} steps); Ctrl-C then stops at the next step boundary with a
     * final checkpoint. {@code extras} (JSON-able, e.g. the command line) are stored with it.
     */
    public FitOptions checkpoint(java.nio.file.Path dir, java.util.Map<String, Object> extras) {
        if (dir == null) throw Errors.arg("fit", "checkpoint folder must not be null", "a folder", null, null);
        checkpointDir = dir;
        checkpointExtras = extras == null ? java.util.Map.of() : extras;
        return this;
    }

    /** Checkpoints (and resumes) as {@code c} says; null = no checkpoints. */
    public FitOptions checkpointing(Checkpointing c) {
        if (c == null) return this;
        return checkpoint(c.dir(), c.extras()).checkpointEvery(c.every()).resume(c.resume()).stopAfterSteps(c.stopAfterSteps());
    }

    /** Also checkpoints every {@code steps} optimizer steps inside an epoch (0 = only at epoch ends). */
    public FitOptions checkpointEvery(int steps) {
        if (steps < 0) throw Errors.arg("fit", "checkpointEvery must be non-negative", ">= 0", steps, null);
        checkpointEvery = steps;
        return this;
    }

    /**
     * Continues the run checkpointed in the {@link #checkpoint} folder: weights, optimizer state,
     * callbacks' state, History, the random generator and the position in the epoch's batch order,
     * so the run goes on bit for bit as if it had never stopped (same seed, same thread count).
     */
    public FitOptions resume(boolean r) { resume = r; return this; }

    /**
     * Stops after optimizer step {@code n} of the run (counted from its very start, across resumes)
     * as Ctrl-C would: a checkpoint (when one is configured) and a History marked
     * {@link History#interrupted()}. Splits a long run into sessions; 0 = never.
     */
    public FitOptions stopAfterSteps(long n) {
        if (n < 0) throw Errors.arg("fit", "stopAfterSteps must be non-negative", ">= 0", n, null);
        interruptAfterSteps = n;
        return this;
    }

    public int epochs() { return epochs; }
    public int batchSize() { return batchSize; }
}
