package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.io.ModelFolder;
import io.sequoia.text.TextClassifier;
import io.sequoia.text.TokenAttribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A text classifier (task "classifier"): an instance is a text or {@code {"text": ..., "saliency": true,
 * "attention": true}}; a prediction is the label, its probability and every class's, and on request
 * {@code "tokens"} with one {@code "saliency"} score per token (gradient × input for the predicted
 * class, every architecture) and, for the Transformer classifier, {@code "attention"} (the attention
 * each token receives in the last layer, averaged over heads and queries) and
 * {@code "attention_matrix"} (that layer's (T, T) weights, averaged over heads). The recurrent and
 * convolutional classifiers have no attention: asking them for it is a 400 that points to saliency.
 */
final class ServedClassifier extends ServedModel {
    private static final Set<String> KEYS = Set.of("text", "saliency", "attention");
    private final TextClassifier classifier;

    static ServedModel load(String name, Path dir) throws IOException {
        TextClassifier c = TextClassifier.load(dir);
        c.model().module().eval();
        return new ServedClassifier(name, c, ModelFolder.loadModule(dir).config());
    }

    private ServedClassifier(String name, TextClassifier classifier, java.util.Map<String, Object> config) {
        super(name, config);
        this.classifier = classifier;
    }

    record Request(String text, boolean saliency, boolean attention) {}

    @Override public String task() { return TextClassifier.TASK; }

    boolean hasAttention() { return classifier.spec().model() == TextClassifier.Architecture.TRANSFORMER; }

    @Override public Object instance(JsonElement e, Limits limits) {
        String text = limits.text(text(e, "text", "instance"), "the text");
        checkKeys(e, "instance", KEYS);
        JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        boolean attention = bool(o, "attention");
        if (attention && !hasAttention()) {
            throw ApiException.badRequest("model '" + name() + "' is a " + classifier.spec().model() + " classifier: it has no attention weights "
                    + "(only the transformer classifier has); ask for \"saliency\": true (gradient × input per token) instead");
        }
        return new Request(text, bool(o, "saliency"), attention);
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<String> texts = new ArrayList<>();
        for (Object o : inputs) texts.add(((Request) o).text());
        List<JsonElement> out = new ArrayList<>();
        List<TextClassifier.Prediction> preds = classifier.predict(texts);   // one padded batch
        for (int i = 0; i < preds.size(); i++) {
            TextClassifier.Prediction p = preds.get(i);
            Request r = (Request) inputs.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("label", p.label());
            o.addProperty("probability", p.probability());
            JsonObject all = new JsonObject();
            for (int j = 0; j < p.probabilities().length; j++) all.addProperty(classifier.classes().get(j), p.probabilities()[j]);
            o.add("probabilities", all);
            if (r.saliency()) {
                TokenAttribution.Scores s = TokenAttribution.saliency(classifier, r.text(), p.label());
                o.add("tokens", ServedTagger.strings(s.tokens()));
                o.add("saliency", numbers(s.scores()));
            }
            if (r.attention()) {
                TokenAttribution.Attention a = TokenAttribution.attention(classifier, r.text());
                o.add("tokens", ServedTagger.strings(a.tokens()));
                o.add("attention", numbers(TokenAttribution.received(a)));
                JsonArray m = new JsonArray();
                for (double[] row : a.layers()[a.layers().length - 1]) m.add(numbers(row));
                o.add("attention_matrix", m);
            }
            out.add(o);
        }
        return out;
    }

    static JsonArray numbers(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) a.add(Math.round(x * 1e6) / 1e6);
        return a;
    }
}
