package io.sequoia.train;

import io.sequoia.tensor.Errors;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a trainer's run is checkpointed: into {@code dir}/{@value Checkpoint#FOLDER} at every epoch end
 * (and every {@code every} steps, 0 = only at epoch ends), resumed from there when {@code resume};
 * {@code extras} (JSON-able, e.g. the command line) are stored with it. The labs' trainers take one
 * (null = no checkpoints) and hand it to {@link FitOptions#checkpointing}.
 */
public record Checkpointing(Path dir, boolean resume, int every, Map<String, Object> extras) {
    public Checkpointing {
        if (dir == null) throw Errors.arg("Checkpointing", "the folder must not be null", "a folder", null, null);
        if (every < 0) throw Errors.arg("Checkpointing", "every must be non-negative", ">= 0", every, null);
        extras = extras == null ? Map.of() : extras;
    }
}
