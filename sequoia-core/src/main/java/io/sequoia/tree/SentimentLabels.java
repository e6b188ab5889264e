package io.sequoia.tree;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * The SST label scheme: node labels 0 (very negative) .. 4 (very positive). Fine-grained: 5 classes,
 * the label is the class. Binary: 0, 1 → negative (class 0), 3, 4 → positive (class 1), neutral 2
 * has no class (ignored in the loss and the scores). Binary with a neutral class ({@link #TERNARY}),
 * as Tai et al.'s code trains its binary model ({@code remap_labels} in {@code read_data.lua}):
 * 0, 1 → negative (0), 2 → neutral (1), 3, 4 → positive (2), so neutral phrases still train the
 * model; it is scored as a binary model, negative against positive ({@link #positive}).
 */
public final class SentimentLabels {
    public static final int FINE = 5, BINARY = 2, NEUTRAL = 2;
    /** The binary task trained with a neutral class (three outputs: negative, neutral, positive). */
    public static final int TERNARY = 3;
    /** The class of an ignored node: PyTorch's ignore_index. */
    public static final int IGNORE = -100;
    public static final List<String> FINE_NAMES = List.of("very negative", "negative", "neutral", "positive", "very positive");
    public static final List<String> BINARY_NAMES = List.of("negative", "positive");
    public static final List<String> TERNARY_NAMES = List.of("negative", "neutral", "positive");

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
        if (numClasses == TERNARY) return v == NEUTRAL ? 1 : v < NEUTRAL ? 0 : 2;
        throw Errors.arg("SentimentLabels.target", "classes must be 5 (fine), 2 (binary) or 3 (binary with a neutral class)", "5, 2 or 3", numClasses, null);
    }

    /**
     * Whether a node is read as positive rather than negative from its class probabilities {@code p[off ..]}
     * of a {@code numClasses}-class model: binary P(1) &gt; P(0); with a neutral class P(positive) &gt;
     * P(negative), the neutral output left out (Tai et al.'s {@code predict}); fine P(3) + P(4) &gt; P(0) + P(1).
     */
    public static boolean positive(double[] p, int off, int numClasses) {
        if (numClasses == BINARY) return p[off + 1] > p[off];
        if (numClasses == TERNARY) return p[off + 2] > p[off];
        return p[off + 3] + p[off + 4] > p[off] + p[off + 1];
    }

    public static List<String> names(int numClasses) {
        return numClasses == FINE ? FINE_NAMES : numClasses == TERNARY ? TERNARY_NAMES : BINARY_NAMES;
    }
}
