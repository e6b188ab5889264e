package io.sequoia.spark;

import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * A model folder's files, read on the driver and broadcast, so executors need no shared file
 * system: each executor JVM writes the folder once to a temporary directory and keeps a pool of
 * loaded models, one per task running at the same time (a model's workspaces are not shared
 * between threads). Tasks borrow a model and give it back, so a model is loaded once per
 * executor thread, not once per partition.
 */
public final class ModelShipment implements Serializable {
    private final String key;
    private final Map<String, byte[]> files;

    private static final Map<String, Path> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedQueue<Object>> POOLS = new ConcurrentHashMap<>();

    private ModelShipment(String key, Map<String, byte[]> files) {
        this.key = key;
        this.files = files;
    }

    /** Reads the regular files of {@code dir} (not sub-folders: a model folder has none it needs). */
    public static ModelShipment of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw Errors.arg("ModelShipment", "the model must be a folder", "a directory", dir, null);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p)) files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return new ModelShipment(UUID.randomUUID().toString(), files);
    }

    /** The folder on this JVM (written on first use). */
    public Path folder() {
        return WRITTEN.computeIfAbsent(key, k -> {
            try {
                Path d = Files.createTempDirectory("sequoia-model-");
                for (Map.Entry<String, byte[]> e : files.entrySet()) Files.write(d.resolve(e.getKey()), e.getValue());
                d.toFile().deleteOnExit();
                for (String f : files.keySet()) d.resolve(f).toFile().deleteOnExit();
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Loads a model from a folder; may throw. */
    @FunctionalInterface
    public interface Loader<M> { M load(Path dir) throws IOException; }

    /** A loaded model from this JVM's pool, or a newly loaded one; give it back with {@link #release}. */
    @SuppressWarnings("unchecked")
    public <M> M borrow(Loader<M> loader) {
        Object m = POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (m != null) return (M) m;
        try {
            return loader.load(folder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void release(Object model) { POOLS.get(key).add(model); }

    /** Names this shipment (unique per {@link #of} call). */
    public String key() { return key; }
}
