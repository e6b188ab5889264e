package io.sequoia.train;

import io.sequoia.tensor.Errors;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a trainer's run is checkpointed: into {@code dir}/{@value Checkpoint#FOLDER} at every epoch end
 * (and every {@code every} steps, 0 = only at epoch ends), resumed from there when {@code resume};
 * {@code extras} (JSON-able, e.g. the command line) are stored with it; {@code stopAfterSteps} &gt; 0
 * stops the run after that optimizer step as Ctrl-C would (a checkpoint, then the trainer returns; see
 * {@link FitOptions#stopAfterSteps}). The labs' trainers take one (null = no checkpoints) and hand it
 * to {@link FitOptions#checkpointing}. An extra {@value #RESUME_DIR} names the folder the user passes
 * to {@code --resume} when it is not {@code dir} (a run of several trainings, {@link CheckpointSeries}).
 */
public record Checkpointing(Path dir, boolean resume, int every, Map<String, Object> extras, long stopAfterSteps) {
    /** The extra naming the folder to resume from, printed after an interruption. */
    public static final String RESUME_DIR = "resume_dir";

    public Checkpointing {
        if (dir == null) throw Errors.arg("Checkpointing", "the folder must not be null", "a folder", null, null);
        if (every < 0) throw Errors.arg("Checkpointing", "every must be non-negative", ">= 0", every, null);
        if (stopAfterSteps < 0) throw Errors.arg("Checkpointing", "stopAfterSteps must be non-negative", ">= 0", stopAfterSteps, null);
        extras = extras == null ? Map.of() : extras;
    }

    /** Checkpoints without a planned stop. */
    public Checkpointing(Path dir, boolean resume, int every, Map<String, Object> extras) { this(dir, resume, every, extras, 0); }
}
