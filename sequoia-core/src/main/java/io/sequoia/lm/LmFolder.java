package io.sequoia.lm;

import io.sequoia.io.FileFormatException;
import io.sequoia.io.ModelFolder;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained language model as a model folder: {@code config.json} (task, token level, the
 * vocabulary, the architecture and the training settings) and {@code model.safetensors}.
 */
public final class LmFolder {
    private LmFolder() {}

    public static final String TASK = "language_model";

    /** A loaded model with its codec and the rest of its config. */
    public record Loaded(LanguageModel model, Codec codec, Map<String, Object> config) {}

    public static void save(Path dir, LanguageModel m, Codec codec, Map<String, Object> training) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(ModelFolder.TASK_KEY, TASK);
        extra.put("level", codec.isWordLevel() ? "word" : "char");
        extra.put("tokens", codec.tokens());
        if (training != null) extra.put("training", training);
        ModelFolder.saveModule(dir, m, extra);
    }

    @SuppressWarnings("unchecked")
    public static Loaded load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "language model", () -> readFolder(dir));
    }

    private static Loaded readFolder(Path dir) throws IOException {
        Path file = dir.resolve(ModelFolder.CONFIG_FILE);
        String task = ModelFolder.task(dir);
        if (!TASK.equals(task)) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "not a language model", "task \"" + TASK + "\"",
                    task, "folder " + dir));
        }
        ModelFolder.LoadedModule loaded = ModelFolder.loadModule(dir);
        Map<String, Object> config = loaded.config();
        Object tokens = config.get("tokens");
        if (!(tokens instanceof List)) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "config.json lacks the tokens",
                    "a \"tokens\" list", config.keySet(), "folder " + dir));
        }
        if (!(loaded.module() instanceof LanguageModel m)) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "the architecture is not a language model",
                    "a LanguageModel", loaded.module().getClass().getSimpleName(), "folder " + dir));
        }
        Codec codec = Codec.of("word".equals(config.get("level")), (List<String>) tokens);
        return new Loaded(m, codec, config);
    }
}
