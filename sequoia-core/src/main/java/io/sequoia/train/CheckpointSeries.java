package io.sequoia.train;

import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoints of a run made of several trainings done one after another in a fixed order (a
 * forecast comparing models, with backtest folds and seed ensembles): the n-th training checkpoints
 * into {@code root}/{@value #FOLDER}/{@code NN-name}/{@value Checkpoint#FOLDER}. Resuming, each
 * training with a checkpoint continues from it (a finished one trains no more), the others start
 * afresh, so the run continues bit for bit as if it had never stopped. Not thread-safe: the
 * trainings must run in the same order every time.
 */
public final class CheckpointSeries {
    public static final String FOLDER = "checkpoints";
    private final Path root;
    private final boolean resume;
    private final int every;
    private final Map<String, Object> extras;
    private int next;

    /** {@code every}: also checkpoint every N steps (0 = at epoch ends only); {@code extras} are stored with each checkpoint. */
    public CheckpointSeries(Path root, boolean resume, int every, Map<String, Object> extras) {
        if (root == null) throw Errors.arg("CheckpointSeries", "the folder must not be null", "a folder", null, null);
        if (every < 0) throw Errors.arg("CheckpointSeries", "every must be non-negative", ">= 0", every, null);
        this.root = root;
        this.resume = resume;
        this.every = every;
        Map<String, Object> e = new LinkedHashMap<>(extras == null ? Map.of() : extras);
        e.put(Checkpointing.RESUME_DIR, root.toString());
        this.extras = Map.copyOf(e);
    }

    /** The checkpointing of the next training, named {@code name} (a folder-safe label such as {@code lstm-seed42}). */
    public Checkpointing next(String name) {
        String label = String.format(Locale.ROOT, "%02d-%s", ++next, name.replaceAll("[^A-Za-z0-9._-]", "_"));
        Path dir = root.resolve(FOLDER).resolve(label);
        return new Checkpointing(dir, resume && Checkpoint.locate(dir) != null, every, extras);
    }

    /** Trainings handed out so far. */
    public int count() { return next; }

    /** The extras of the first checkpoint found under {@code root} (e.g. the command line), or null when there is none. */
    public static Map<String, Object> locate(Path root) throws IOException {
        Path d = root.resolve(FOLDER);
        if (!Files.isDirectory(d)) return null;
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) if (Checkpoint.locate(p) != null) return Checkpoint.extras(p);
        }
        return null;
    }
}
