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
 * "temperature", "top_k", "top_p", "repetition_penalty", "greedy", "seed", "attention"}} (the options of
 * {@code sequoia generate}); a prediction is {@code {"text": generated}}, with {@code "attention": true}
 * (Transformer language models) also the last layer's attention over prompt and text, averaged over
 * heads. Generations run one at a time.
 */
final class ServedLanguageModel extends ServedModel {
    /** Tokens generated when a request does not say. */
    static final int DEFAULT_MAX_TOKENS = 100;

    private static final java.util.Set<String> KEYS = java.util.Set.of("prompt", "max_tokens", "temperature", "top_k", "top_p",
            "repetition_penalty", "greedy", "seed", "attention");
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

    record Request(String prompt, int maxTokens, Sampler.Options options, boolean attention) {}

    @Override public String task() { return LmFolder.TASK; }

    @Override public boolean batchable() { return false; }

    @Override public boolean generates() { return true; }

    @Override public Object instance(JsonElement e, Limits limits) {
        String prompt = limits.text(text(e, "prompt", "instance"), "the prompt");
        checkKeys(e, "instance", KEYS);
        JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        int maxTokens = integer(o, "max_tokens", DEFAULT_MAX_TOKENS);
        if (maxTokens < 0) throw ApiException.badRequest("max_tokens must be non-negative; got " + maxTokens);
        if (maxTokens > limits.maxNewTokens()) throw ApiException.overLimit("max_new_tokens", limits.maxNewTokens(), maxTokens, "max_tokens");
        try {
            lm.codec().encode(prompt);   // a character (or word) the model does not know: 400 now, not an error inside a 200 stream or a 500 from the batcher
            Sampler.Options opts = new Sampler.Options(bool(o, "greedy"), real(o, "temperature", 1.0), integer(o, "top_k", 0),
                    real(o, "top_p", 1.0), real(o, "repetition_penalty", 1.0), integer(o, "seed", 1));
            boolean attention = bool(o, "attention");
            if (attention && !(lm.model() instanceof io.sequoia.lm.TransformerLanguageModel)) {
                throw ApiException.badRequest("model '" + name() + "' is a recurrent language model: it has no attention weights (the transformer language model has)");
            }
            return new Request(prompt, maxTokens, opts, attention);
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<JsonElement> out = new ArrayList<>();
        for (Object i : inputs) {
            Request r = (Request) i;
            JsonObject p = new JsonObject();
            String text = Sampler.generate(lm.model(), lm.codec(), r.prompt(), r.maxTokens(), r.options(), null);
            p.addProperty("text", text);
            if (r.attention()) p.add("attention", attention(r.prompt() + text));
            out.add(p);
        }
        return out;
    }

    @Override public JsonObject stream(JsonObject request, Limits limits, Consumer<String> pieces) {
        Request r = (Request) instance(request, limits);
        JsonObject done = new JsonObject();
        String text = Sampler.generate(lm.model(), lm.codec(), r.prompt(), r.maxTokens(), r.options(), pieces);
        done.addProperty("text", text);
        if (r.attention()) done.add("attention", attention(r.prompt() + text));
        return done;
    }

    /**
     * The last layer's self-attention over the last {@code contextLength} tokens of {@code text},
     * averaged over heads: {@code {"tokens", "weights": (T, T)}} (causal: row i covers tokens 0..i).
     */
    private JsonObject attention(String text) {
        io.sequoia.lm.TransformerLanguageModel t = (io.sequoia.lm.TransformerLanguageModel) lm.model();
        int[] all = lm.codec().encode(text);
        int[] ids = java.util.Arrays.copyOfRange(all, Math.max(0, all.length - t.contextLength()), all.length);
        JsonObject a = new JsonObject();
        com.google.gson.JsonArray tokens = new com.google.gson.JsonArray(), rows = new com.google.gson.JsonArray();
        for (int id : ids) tokens.add(lm.codec().token(id));
        if (ids.length > 0) {
            double[][][][] maps = t.attentionMaps(ids);
            double[][][] heads = maps[maps.length - 1];
            for (int i = 0; i < ids.length; i++) {
                double[] row = new double[ids.length];
                for (double[][] h : heads) for (int j = 0; j < ids.length; j++) row[j] += h[i][j] / heads.length;
                rows.add(ServedClassifier.numbers(row));
            }
        }
        a.add("tokens", tokens);
        a.add("weights", rows);
        return a;
    }
}
