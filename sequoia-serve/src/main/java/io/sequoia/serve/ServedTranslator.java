package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.translation.Translator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A translator (task "translator"): an instance is a source sentence or {@code {"text": ..., "beam": k,
 * "attention": true}}; a prediction is {@code {"translation": ...}}, and with {@code "attention": true}
 * also {@code "attention": {"source": [pieces], "target": [pieces], "weights": [[...]], "layers": [[[...]], ...]}}
 * (target rows, source columns): {@code weights} is the last attention layer's, {@code layers} every
 * layer's, first first — the one attention of a recurrent translator, each decoder layer's
 * cross-attention (averaged over heads) of a Transformer. A translator without attention answers 400.
 */
final class ServedTranslator extends ServedModel {
    private static final Set<String> KEYS = Set.of("text", "beam", "attention");
    /** The widest beam a request may ask for. */
    static final int MAX_BEAM = 16;
    private final Translator translator;

    private ServedTranslator(String name, Translator translator, Map<String, Object> config) {
        super(name, config);
        this.translator = translator;
    }

    static ServedModel load(String name, Path dir) throws IOException {
        Translator t = Translator.load(dir);
        Map<String, Object> shown = new LinkedHashMap<>(io.sequoia.io.ModelFolder.loadModule(dir).config());
        shown.put("source_vocabulary", t.codec().sourceVocab().size() + " pieces");
        shown.put("target_vocabulary", t.codec().targetVocab().size() + " pieces");
        return new ServedTranslator(name, t, shown);
    }

    record Request(String text, int beam, boolean attention) {}

    @Override public String task() { return Translator.TASK; }

    boolean hasAttentionWeights() {
        return !(translator.model() instanceof io.sequoia.translation.RecurrentTranslator r) || !"none".equals(r.config().get("attention"));
    }

    @Override public Object instance(JsonElement e, Limits limits) {
        String text = limits.text(text(e, "text", "instance"), "the text");
        checkKeys(e, "instance", KEYS);
        JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        int beam = integer(o, "beam", Translator.DEFAULT_BEAM);
        if (beam < 1 || beam > MAX_BEAM) throw ApiException.badRequest("beam must be in [1, " + MAX_BEAM + "]; got " + beam);
        boolean attention = bool(o, "attention");
        if (attention && !hasAttentionWeights()) {
            throw ApiException.badRequest("model '" + name() + "' is a translator without attention (attention none): it has no attention weights");
        }
        return new Request(text, beam, attention);
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        // one batched beam search per beam width; attention needs a second, teacher-forced pass per sentence
        Map<Integer, List<Integer>> byBeam = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) byBeam.computeIfAbsent(((Request) inputs.get(i)).beam(), b -> new ArrayList<>()).add(i);
        JsonElement[] out = new JsonElement[inputs.size()];
        for (Map.Entry<Integer, List<Integer>> g : byBeam.entrySet()) {
            List<String> texts = g.getValue().stream().map(i -> ((Request) inputs.get(i)).text()).toList();
            List<String> done = translator.translate(texts, g.getKey(), Translator.DEFAULT_LENGTH_PENALTY);
            for (int k = 0; k < texts.size(); k++) {
                int i = g.getValue().get(k);
                Request r = (Request) inputs.get(i);
                JsonObject p = new JsonObject();
                p.addProperty("translation", done.get(k));
                if (r.attention()) p.add("attention", attention(r));
                out[i] = p;
            }
        }
        return List.of(out);
    }

    private JsonElement attention(Request r) {
        JsonObject a = new JsonObject();
        if (translator.codec().encodeSource(r.text()).length == 0) {
            a.add("source", new JsonArray());
            a.add("target", new JsonArray());
            a.add("weights", new JsonArray());
            a.add("layers", new JsonArray());
            return a;
        }
        Translator.Alignment al = translator.align(r.text(), Translator.DEFAULT_LENGTH_PENALTY, r.beam());
        a.add("source", ServedTagger.strings(al.sourcePieces()));
        a.add("target", ServedTagger.strings(al.targetPieces()));
        a.add("weights", matrix(al.weights()));
        JsonArray layers = new JsonArray();
        for (float[][] layer : al.layers()) layers.add(matrix(layer));
        a.add("layers", layers);
        return a;
    }

    /** Rows of weights, rounded to 1e-5. */
    private static JsonArray matrix(float[][] m) {
        JsonArray rows = new JsonArray();
        for (float[] row : m) {
            JsonArray x = new JsonArray();
            for (float v : row) x.add(Math.round(v * 1e5) / 1e5);
            rows.add(x);
        }
        return rows;
    }
}
