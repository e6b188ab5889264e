package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.data.text.WordTokenizer;
import io.sequoia.io.ModelFolder;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sequence tagger (task "tagger"): an instance is a text (tokenised as {@code sequoia tag} does),
 * a token list, or {@code {"text": ...}} / {@code {"tokens": [...]}}; a prediction is
 * {@code {"tokens": [...], "tags": [...]}}, one tag per token.
 */
final class ServedTagger extends ServedModel {
    private static final Set<String> KEYS = Set.of("text", "tokens");
    private final Tagger tagger;
    private final WordTokenizer tokenizer = new WordTokenizer(false, WordTokenizer.Punctuation.SPLIT, WordTokenizer.Contractions.SPLIT);

    private ServedTagger(String name, Tagger tagger, Map<String, Object> config) {
        super(name, config);
        this.tagger = tagger;
    }

    static ServedModel load(String name, Path dir) throws IOException {
        Tagger t = Tagger.load(dir);
        Map<String, Object> shown = new LinkedHashMap<>(ModelFolder.loadModule(dir).config());
        shown.put("tags", t.labels());
        return new ServedTagger(name, t, shown);
    }

    @Override public String task() { return Tagger.TASK; }

    @Override public Object instance(JsonElement e, Limits limits) {
        JsonElement tokens = e != null && e.isJsonArray() ? e : e != null && e.isJsonObject() ? e.getAsJsonObject().get("tokens") : null;
        if (tokens == null) {
            List<String> t = tokenizer.tokenize(limits.text(text(e, "text", "instance"), "the text"));
            checkKeys(e, "instance", KEYS);
            return t;
        }
        checkKeys(e, "instance", KEYS);
        if (!tokens.isJsonArray()) throw ApiException.badRequest("tokens: expected a list of strings; got " + tokens);
        List<String> out = new ArrayList<>();
        int chars = 0;
        for (int i = 0; i < tokens.getAsJsonArray().size(); i++) {
            JsonElement t = tokens.getAsJsonArray().get(i);
            if (!t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString() || t.getAsString().isEmpty()) {
                throw ApiException.badRequest("tokens[" + i + "]: expected a non-empty string; got " + t);
            }
            chars += t.getAsString().length();
            out.add(t.getAsString());
        }
        if (chars > limits.maxTextChars()) throw ApiException.overLimit("max_text_chars", limits.maxTextChars(), chars, "the tokens");
        return out;
    }

    @Override @SuppressWarnings("unchecked")
    public List<JsonElement> predict(List<Object> inputs) {
        List<List<String>> sentences = new ArrayList<>();
        for (Object o : inputs) sentences.add((List<String>) o);
        List<List<String>> nonEmpty = sentences.stream().filter(s -> !s.isEmpty()).toList();
        List<List<String>> tags = nonEmpty.isEmpty() ? List.of() : tagger.predict(nonEmpty, TaggerTrainer.EVAL_BATCH);
        List<JsonElement> out = new ArrayList<>();
        int k = 0;
        for (List<String> s : sentences) {
            List<String> t = s.isEmpty() ? List.of() : tags.get(k++);
            JsonObject p = new JsonObject();
            p.add("tokens", strings(s));
            p.add("tags", strings(t));
            out.add(p);
        }
        return out;
    }

    static JsonArray strings(List<String> v) {
        JsonArray a = new JsonArray();
        for (String s : v) a.add(s);
        return a;
    }
}
