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
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --epochs given now, "
            + "with the original run's other options.") public Path resume;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also checkpoint every N steps (a checkpoint is always written at the end of every epoch).")
    public int checkpointEvery;

    @Option(names = "--overwrite", description = "Write the model into the --out folder even if it holds files that are not a Sequoia model "
            + "(files of the model's names are replaced; others are left).") public boolean overwrite;

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

    /**
     * {@code --resume DIR} as the user types it (no data options): the command line of the run
     * checkpointed in DIR with {@code --epochs} replaced by the one given now (if given; else the run's own) and
     * {@code --resume DIR} added; null when this is not such a call. The caller runs it.
     */
    public String[] resumedCommandLine(CommandSpec spec, String dataOption) {
        return CheckpointOptions.resumedCommandLine(spec, resume, dataOption, Usage.given(spec, "--epochs") ? Integer.toString(epochs) : null);
    }

    /** What a checkpoint records of this run: its command line (for {@code --resume}). */
    public java.util.Map<String, Object> checkpointExtras(CommandSpec spec) { return CheckpointOptions.extras(spec); }

    /** For a command whose training cannot be checkpointed yet: --resume and --checkpoint-every are refused, not ignored. */
    public void refuseCheckpointing(CommandSpec spec) {
        String why = "for " + spec.qualifiedName().replaceFirst("^sequoia ", "") + " yet (checkpoints: train classifier, lm, tagger, translator, tree, forecaster; neural forecast)";
        Usage.refuseUnless(spec, "--resume", false, why);
        Usage.refuseUnless(spec, "--checkpoint-every", false, why);
    }

    /**
     * --out must be a new or empty folder, or a Sequoia model folder (written again), so a run never
     * replaces a user's own files (a config.json, a vocab.txt) or finds out only after training that
     * it cannot write: checked before any data is read.
     */
    public void checkModelOut(CommandSpec spec) { checkModelOut(spec, out, overwrite); }

    /**
     * As {@link #checkModelOut(CommandSpec)}, for a command with its own --out and --overwrite fields: with
     * {@code overwrite}, a folder holding other files is accepted (a file given as --out never is).
     */
    public static void checkModelOut(CommandSpec spec, java.nio.file.Path out, boolean overwrite) {
        if (out == null) {
            Usage.refuseUnless(spec, "--overwrite", false, "without --out");
            return;
        }
        checkOutFolder(spec, out, "the model");
        java.nio.file.Path p = out.toAbsolutePath();
        if (overwrite || !java.nio.file.Files.isDirectory(p) || io.sequoia.io.ModelFolder.isModelFolder(p) || io.sequoia.train.Checkpoint.locate(p) != null) return;
        if (java.nio.file.Files.isDirectory(p.resolve(io.sequoia.train.CheckpointSeries.FOLDER))) return;   // a train forecaster run's checkpoints
        try (var files = java.nio.file.Files.list(p)) {
            java.util.Optional<java.nio.file.Path> some = files.findFirst();
            if (some.isPresent()) {
                throw Usage.error(spec, "--out: " + out + " already holds files that are not a Sequoia model (e.g. " + some.get().getFileName()
                        + "); expected a new or empty folder, or a model folder to replace (Hint: --overwrite writes into it anyway)");
            }
        } catch (java.io.IOException e) {
            throw Usage.error(spec, "--out: cannot read " + out + ": " + e.getMessage());
        }
    }

    /** Checks the ranges (exit 2 on a bad value) and --resume (a folder with a checkpoint; --out becomes it). */
    public void check(CommandSpec spec) {
        checkRanges(spec);
        out = CheckpointOptions.checkResume(spec, resume, out);
    }

    /**
     * --out must be a folder that exists or can be created (not a file, nor a path under a file): exit 2 before any
     * data is read; {@code what} says what goes into it ("the model", "forecasts.csv").
     */
    public static void checkOutFolder(CommandSpec spec, java.nio.file.Path out, String what) {
        Usage.requireWritableFolder(spec, "--out", out, what);
    }

    /** Checks the ranges only (exit 2 on a bad value): for a command that checks --resume its own way. */
    public void checkRanges(CommandSpec spec) {
        Usage.require(spec, epochs >= 1, "--epochs", "at least 1", epochs);
        Usage.require(spec, batchSize >= 1, "--batch-size", "at least 1", batchSize);
        Usage.require(spec, lr > 0 && Double.isFinite(lr), "--lr", "a positive number", lr);
        Usage.require(spec, maxMinutes >= 0, "--max-minutes", "a non-negative number", maxMinutes);
        Usage.require(spec, clip >= 0, "--clip", "a non-negative number", clip);
        Usage.require(spec, checkpointEvery >= 0, "--checkpoint-every", "a non-negative number of steps", checkpointEvery);
    }
}
