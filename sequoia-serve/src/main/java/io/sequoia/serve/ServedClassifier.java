package io.sequoia.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.io.ModelFolder;
import io.sequoia.text.TextClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A text classifier (task "classifier"): an instance is a text or {@code {"text": ...}}; a prediction is the label, its probability and every class's. */
final class ServedClassifier extends ServedModel {
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

    @Override public String task() { return TextClassifier.TASK; }

    @Override public Object instance(JsonElement e, Limits limits) {
        return limits.text(text(e, "text", "instance"), "the text");
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<String> texts = new ArrayList<>();
        for (Object o : inputs) texts.add((String) o);
        List<JsonElement> out = new ArrayList<>();
        for (TextClassifier.Prediction p : classifier.predict(texts)) {
            JsonObject r = new JsonObject();
            r.addProperty("label", p.label());
            r.addProperty("probability", p.probability());
            JsonObject all = new JsonObject();
            for (int j = 0; j < p.probabilities().length; j++) all.addProperty(classifier.classes().get(j), p.probabilities()[j]);
            r.add("probabilities", all);
            out.add(r);
        }
        return out;
    }
}
