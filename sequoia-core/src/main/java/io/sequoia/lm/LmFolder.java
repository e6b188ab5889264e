package io.sequoia.lm;

import com.google.gson.Gson;
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
        ModelFolder.Contents c = ModelFolder.load(dir);
        Map<String, Object> config = new Gson().fromJson(c.config(), Map.class);
        Path file = dir.resolve(ModelFolder.CONFIG_FILE);
        if (!TASK.equals(config.get("task"))) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "not a language model", "task \"" + TASK + "\"",
                    config.get("task"), "folder " + dir));
        }
        Object arch = config.get(ModelFolder.ARCHITECTURE_KEY), tokens = config.get("tokens");
        if (!(arch instanceof Map) || !(tokens instanceof List)) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "config.json lacks the architecture or the tokens",
                    "\"architecture\" and \"tokens\"", config.keySet(), "folder " + dir));
        }
        if (!(io.sequoia.nn.ModuleRegistry.build((Map<String, Object>) arch) instanceof LanguageModel m)) {
            throw new FileFormatException(file, -1, Errors.format("LmFolder.load", "the architecture is not a language model",
                    "a LanguageModel", ((Map<String, Object>) arch).get("type"), "folder " + dir));
        }
        ModelFolder.loadInto(dir, m);
        Codec codec = Codec.of("word".equals(config.get("level")), (List<String>) tokens);
        return new Loaded(m, codec, config);
    }
}
