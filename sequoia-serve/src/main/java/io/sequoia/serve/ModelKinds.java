package io.sequoia.serve;

import io.sequoia.io.ModelFolder;
import io.sequoia.lm.LmFolder;
import io.sequoia.text.TextClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kinds of model folder the server takes, by their "task": classifier, language model, tagger,
 * translator, forecaster, tree. A new kind is one {@link ServedModel} subclass and one line here.
 */
public final class ModelKinds {
    private ModelKinds() {}

    /** Loads a folder as a served model of the given name. */
    @FunctionalInterface
    public interface Loader { ServedModel load(String name, Path dir) throws IOException; }

    private static final Map<String, Loader> KINDS = kinds();

    private static Map<String, Loader> kinds() {
        Map<String, Loader> k = new LinkedHashMap<>();
        k.put(TextClassifier.TASK, ServedClassifier::load);
        k.put(LmFolder.TASK, ServedLanguageModel::load);
        k.put(io.sequoia.tagging.Tagger.TASK, ServedTagger::load);
        k.put(io.sequoia.translation.Translator.TASK, ServedTranslator::load);
        k.put(io.sequoia.timeseries.ForecasterFolder.TASK, ServedForecaster::load);
        k.put(io.sequoia.tree.TreeClassifier.TASK, ServedTree::load);
        return k;
    }

    /** The tasks the server takes. */
    public static java.util.Set<String> tasks() { return java.util.Collections.unmodifiableSet(KINDS.keySet()); }

    /** Loads {@code dir} under its folder name; an IOException naming the folder when it is not a servable model. */
    public static ServedModel load(Path dir) throws IOException {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        String task;
        try {
            task = ModelFolder.task(dir);
        } catch (IOException e) {
            throw new IOException("model folder " + dir + ": " + e.getMessage(), e);
        }
        Loader loader = KINDS.get(task);
        if (loader == null) {
            throw new IOException("model folder " + dir + " holds a model of task '" + task + "'; sequoia serve takes tasks " + KINDS.keySet());
        }
        try {
            return loader.load(name, dir);
        } catch (IOException | RuntimeException e) {
            throw new IOException("model folder " + dir + " (task '" + task + "') failed to load: " + e.getMessage(), e);
        }
    }
}
