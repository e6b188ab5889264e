package io.sequoia.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The training options every {@code train ...} command shares, one meaning per flag (README: "The
 * command line's words"). A command states its own defaults by handing a filled instance to
 * {@code @Mixin}: {@code @Mixin TrainingOptions training = TrainingOptions.defaults(4, 32, 2e-3, 42)}.
 */
public final class TrainingOptions {
    @Option(names = "--epochs", description = "Passes over the training data (default: ${DEFAULT-VALUE}).") public int epochs;
    @Option(names = "--batch-size", description = "Examples (or parallel streams) per step (default: ${DEFAULT-VALUE}).") public int batchSize;
    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).") public double lr;
    @Option(names = "--seed", description = "Seed of every random draw; the same seed repeats the run (default: ${DEFAULT-VALUE}).") public long seed;
    @Option(names = "--max-minutes", paramLabel = "M", description = "Stop after the epoch in which M minutes have passed (default: no limit).")
    public double maxMinutes;
    @Option(names = "--clip", description = "Clip the gradients' global L2 norm to this value, 0 = off (default: ${DEFAULT-VALUE}).") public double clip;
    @Option(names = "--out", paramLabel = "DIR", description = "The model folder to write.") public Path out;
    @Option(names = "--json", description = "Print the final metrics as one JSON object on the last line.") public boolean json;

    public TrainingOptions() {}

    /** The command's defaults. */
    public static TrainingOptions defaults(int epochs, int batchSize, double lr, long seed, double clip) {
        TrainingOptions t = new TrainingOptions();
        t.epochs = epochs;
        t.batchSize = batchSize;
        t.lr = lr;
        t.seed = seed;
        t.clip = clip;
        return t;
    }

    /** Checks the ranges (exit 2 on a bad value). */
    public void check(CommandSpec spec) {
        Usage.require(spec, epochs >= 1, "--epochs", "at least 1", epochs);
        Usage.require(spec, batchSize >= 1, "--batch-size", "at least 1", batchSize);
        Usage.require(spec, lr > 0 && Double.isFinite(lr), "--lr", "a positive number", lr);
        Usage.require(spec, maxMinutes >= 0, "--max-minutes", "a non-negative number", maxMinutes);
        Usage.require(spec, clip >= 0, "--clip", "a non-negative number", clip);
    }
}
