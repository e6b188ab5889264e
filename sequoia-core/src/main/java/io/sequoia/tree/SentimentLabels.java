package io.sequoia.tree;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * The SST label scheme: node labels 0 (very negative) .. 4 (very positive). Fine-grained: 5 classes,
 * the label is the class. Binary: 0, 1 → negative (class 0), 3, 4 → positive (class 1), neutral 2
 * has no class (ignored in the loss and the scores, as in the papers).
 */
public final class SentimentLabels {
    public static final int FINE = 5, BINARY = 2, NEUTRAL = 2;
    /** The class of an ignored node: PyTorch's ignore_index. */
    public static final int IGNORE = -100;
    public static final List<String> FINE_NAMES = List.of("very negative", "negative", "neutral", "positive", "very positive");
    public static final List<String> BINARY_NAMES = List.of("negative", "positive");

    private SentimentLabels() {}

    /** A node label's 0..4 value, or -1 if it is not one. */
    public static int fine(String label) {
        if (label.length() != 1) return -1;
        int v = label.charAt(0) - '0';
        return v >= 0 && v <= 4 ? v : -1;
    }

    /** The class index of {@code label} for a {@code numClasses}-class model, or {@link #IGNORE}. */
    public static int target(String label, int numClasses) {
        int v = fine(label);
        if (v < 0) return IGNORE;
        if (numClasses == FINE) return v;
        if (numClasses == BINARY) return v == NEUTRAL ? IGNORE : v < NEUTRAL ? 0 : 1;
        throw Errors.arg("SentimentLabels.target", "classes must be 5 (fine) or 2 (binary)", "5 or 2", numClasses, null);
    }

    public static List<String> names(int numClasses) { return numClasses == FINE ? FINE_NAMES : BINARY_NAMES; }
}
