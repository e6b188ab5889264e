package io.sequoia.data;

import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Texts with one string label each (e.g. {@code pos}/{@code neg}), as every review reader returns
 * them, plus the splits a classification lab needs: seeded stratified train/test and k-fold
 * cross-validation. Labels may be any strings; {@link #classes()} orders them (sorted), and
 * {@link #labelIndices(List)} maps them to 0..C-1.
 *
 * @param texts  the documents, in file order
 * @param labels one label per text
 * @param source where they came from (for messages)
 */
public record LabeledTexts(List<String> texts, List<String> labels, String source) {
    public LabeledTexts {
        if (texts == null || labels == null) throw Errors.arg("LabeledTexts", "texts and labels are required", "two lists", null, source);
        if (texts.size() != labels.size()) {
            throw Errors.arg("LabeledTexts", "one label per text", texts.size() + " labels", labels.size(), source);
        }
        texts = List.copyOf(texts);
        labels = List.copyOf(labels);
    }

    public int size() { return texts.size(); }

    /** The distinct labels, sorted. */
    public List<String> classes() { return List.copyOf(new TreeSet<>(labels)); }

    /** Label → count, sorted by label. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new TreeMap<>();
        for (String l : labels) m.merge(l, 1, Integer::sum);
        return m;
    }

    /** The label of each text as its index in {@code classes}. */
    public int[] labelIndices(List<String> classes) {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes.indexOf(labels.get(i));
            if (out[i] < 0) {
                throw Errors.arg("LabeledTexts.labelIndices", "label not among the model's classes", classes, labels.get(i),
                        "text " + (i + 1) + " of " + source);
            }
        }
        return out;
    }

    /** The rows at {@code idx}, in that order. */
    public LabeledTexts subset(int[] idx) {
        List<String> t = new ArrayList<>(idx.length), l = new ArrayList<>(idx.length);
        for (int i : idx) { t.add(texts.get(i)); l.add(labels.get(i)); }
        return new LabeledTexts(t, l, source);
    }

    /** This followed by {@code other}. */
    public LabeledTexts concat(LabeledTexts other) {
        List<String> t = new ArrayList<>(texts), l = new ArrayList<>(labels);
        t.addAll(other.texts);
        l.addAll(other.labels);
        return new LabeledTexts(t, l, source + " + " + other.source);
    }

    /**
     * Assigns every row to one of {@code k} folds, stratified: within each label the rows are
     * shuffled with {@code seed} and dealt round-robin, so every fold has the label proportions of
     * the whole. Returns the fold of each row.
     */
    public int[] stratifiedFolds(int k, long seed) {
        if (k < 2 || k > size()) throw Errors.arg("LabeledTexts.stratifiedFolds", "k must be in [2, size]", "2.." + size(), k, source);
        Generator g = new Generator(seed);
        int[] fold = new int[size()];
        int next = 0;
        for (String c : classes()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < size(); i++) if (labels.get(i).equals(c)) rows.add(i);
            int[] p = g.permutation(rows.size());
            for (int j : p) fold[rows.get(j)] = next++ % k;
        }
        return fold;
    }

    /** {train, test}: a seeded stratified split with about {@code fraction} of each label in test. */
    public LabeledTexts[] stratifiedSplit(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) throw Errors.arg("LabeledTexts.stratifiedSplit", "fraction must be in (0, 1)", "0 < f < 1", fraction, source);
        Generator g = new Generator(seed);
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        for (String c : classes()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < size(); i++) if (labels.get(i).equals(c)) rows.add(i);
            int[] p = g.permutation(rows.size());
            int nTest = (int) Math.round(rows.size() * fraction);
            for (int j = 0; j < p.length; j++) (j < nTest ? test : train).add(rows.get(p[j]));
        }
        Collections.sort(train);
        Collections.sort(test);
        if (train.isEmpty() || test.isEmpty()) {
            throw Errors.arg("LabeledTexts.stratifiedSplit", "the split leaves an empty part", "train and test non-empty",
                    train.size() + " train, " + test.size() + " test", source);
        }
        return new LabeledTexts[]{subset(toArray(train)), subset(toArray(test))};
    }

    /** The rows whose fold is (or is not) {@code f}. */
    public LabeledTexts fold(int[] folds, int f, boolean in) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < folds.length; i++) if ((folds[i] == f) == in) rows.add(i);
        return subset(toArray(rows));
    }

    /** A seeded shuffle of the rows. */
    public LabeledTexts shuffled(long seed) { return subset(new Generator(seed).permutation(size())); }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
