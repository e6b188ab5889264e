package io.sequoia.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.Sampler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A language model (task "language_model"): an instance is a prompt or {@code {"prompt", "max_tokens",
 * "temperature", "top_k", "top_p", "repetition_penalty", "greedy", "seed"}} (the options of
 * {@code sequoia generate}); a prediction is {@code {"text": generated}}. Generations run one at a time.
 */
final class ServedLanguageModel extends ServedModel {
    /** Tokens generated when a request does not say. */
    static final int DEFAULT_MAX_TOKENS = 100;

    private final LmFolder.Loaded lm;

    private ServedLanguageModel(String name, LmFolder.Loaded lm, Map<String, Object> config) {
        super(name, config);
        this.lm = lm;
    }

    static ServedModel load(String name, Path dir) throws IOException {
        LmFolder.Loaded l = LmFolder.load(dir);
        Map<String, Object> shown = new LinkedHashMap<>(l.config());
        shown.put("tokens", l.codec().size() + " tokens");   // the vocabulary itself is not needed by a client
        return new ServedLanguageModel(name, l, shown);
    }

    record Request(String prompt, int maxTokens, Sampler.Options options) {}

    @Override public String task() { return LmFolder.TASK; }

    @Override public boolean batchable() { return false; }

    @Override public boolean generates() { return true; }

    @Override public Object instance(JsonElement e, Limits limits) {
        String prompt = limits.text(text(e, "prompt", "instance"), "the prompt");
        JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        int maxTokens = integer(o, "max_tokens", DEFAULT_MAX_TOKENS);
        if (maxTokens < 0) throw ApiException.badRequest("max_tokens must be non-negative; got " + maxTokens);
        if (maxTokens > limits.maxNewTokens()) throw ApiException.overLimit("max_new_tokens", limits.maxNewTokens(), maxTokens, "max_tokens");
        try {
            Sampler.Options opts = new Sampler.Options(bool(o, "greedy"), real(o, "temperature", 1.0), integer(o, "top_k", 0),
                    real(o, "top_p", 1.0), real(o, "repetition_penalty", 1.0), integer(o, "seed", 1));
            return new Request(prompt, maxTokens, opts);
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<JsonElement> out = new ArrayList<>();
        for (Object i : inputs) {
            Request r = (Request) i;
            JsonObject p = new JsonObject();
            p.addProperty("text", Sampler.generate(lm.model(), lm.codec(), r.prompt(), r.maxTokens(), r.options(), null));
            out.add(p);
        }
        return out;
    }

    @Override public JsonObject stream(JsonObject request, Limits limits, Consumer<String> pieces) {
        Request r = (Request) instance(request, limits);
        JsonObject done = new JsonObject();
        done.addProperty("text", Sampler.generate(lm.model(), lm.codec(), r.prompt(), r.maxTokens(), r.options(), pieces));
        return done;
    }
}
