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

    public FitOptions callbacks(Callback... cs) { callbacks.addAll(Arrays.asList(cs)); return this; }
}
