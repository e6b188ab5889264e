package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tree.TreeClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tree model (task "tree", {@code sequoia train tree}): an instance is a bracketed tree
 * ({@code "(3 (2 not) (3 good))"}, labels ignored), a plain sentence (its words under a right-branching
 * binary tree, as {@code sequoia predict} does), or {@code {"tree" | "text": ..., "nodes": true}}. A
 * prediction is the root's {@code {"label", "probability", "probabilities": {class: p}}} and
 * {@code "tree"}, the tree with every node's predicted class; with {@code "nodes": true} also every
 * node's phrase, label and probability in post-order (the root last). Trees of a batch run as one
 * level-wise batch.
 */
final class ServedTree extends ServedModel {
    private static final Set<String> KEYS = Set.of("tree", "text", "nodes");
    private final TreeClassifier model;

    private ServedTree(String name, TreeClassifier model, Map<String, Object> config) {
        super(name, config);
        this.model = model;
    }

    static ServedModel load(String name, Path dir) throws IOException {
        TreeClassifier t = TreeClassifier.load(dir);
        Map<String, Object> shown = new LinkedHashMap<>(t.net().config());        // the folder is read once
        shown.put("classes", t.classes());
        shown.put("vocabulary", t.vocabulary().size() + " words");
        return new ServedTree(name, t, shown);
    }

    record Request(Tree tree, boolean nodes) {}

    @Override public String task() { return TreeClassifier.TASK; }

    @Override public Object instance(JsonElement e, Limits limits) {
        String field = e != null && e.isJsonObject() && e.getAsJsonObject().has("tree") ? "tree" : "text";
        String text = limits.text(text(e, field, "instance"), "the " + field).trim();
        checkKeys(e, "instance", KEYS);
        boolean nodes = e.isJsonObject() && bool(e.getAsJsonObject(), "nodes");
        if (text.isEmpty()) throw ApiException.badRequest("instance: the " + field + " is empty");
        Tree tree;
        try {
            tree = text.startsWith("(") ? TreeReader.parse(text) : Tree.rightBranching(text, "?");
        } catch (IllegalArgumentException bad) {
            throw ApiException.badRequest("instance: not a bracketed tree: " + bad.getMessage());
        }
        return new Request(model.prepare(tree), nodes);
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<Tree> trees = new ArrayList<>();
        for (Object in : inputs) trees.add(((Request) in).tree());
        List<List<TreeClassifier.NodePrediction>> all = model.predict(trees);
        List<JsonElement> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            List<TreeClassifier.NodePrediction> ps = all.get(i);
            TreeClassifier.NodePrediction root = ps.get(ps.size() - 1);
            JsonObject p = new JsonObject();
            p.addProperty("label", root.name());
            p.addProperty("probability", root.probabilities()[root.label()]);
            JsonObject probs = new JsonObject();
            for (int k = 0; k < root.probabilities().length; k++) probs.addProperty(model.classes().get(k), root.probabilities()[k]);
            p.add("probabilities", probs);
            p.addProperty("tree", TreeClassifier.labelled(trees.get(i), ps));
            if (((Request) inputs.get(i)).nodes()) {
                JsonArray nodes = new JsonArray();
                for (TreeClassifier.NodePrediction n : ps) {
                    JsonObject o = new JsonObject();
                    o.addProperty("text", n.node().text());
                    o.addProperty("label", n.name());
                    o.addProperty("probability", n.probabilities()[n.label()]);
                    nodes.add(o);
                }
                p.add("nodes", nodes);
            }
            out.add(p);
        }
        return out;
    }
}
