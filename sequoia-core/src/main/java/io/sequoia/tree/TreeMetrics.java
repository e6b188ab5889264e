package io.sequoia.tree;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sentiment scores on a tree set. Fine-grained (the model's classes): accuracy at the roots and over
 * all labelled nodes (phrases, words included). Binary (SST-2): nodes whose gold label is neutral are
 * left out, negative (0, 1) against positive (3, 4); a 5-class model says positive when
 * P(3) + P(4) > P(0) + P(1). For a binary model (2 classes, or 3 with a neutral class, which says
 * positive when P(positive) > P(negative)) the root and all accuracies are the binary ones. NaN where nothing was scored (no non-neutral node).
 */
public record TreeMetrics(double rootAccuracy, double allAccuracy, double binaryRootAccuracy, double binaryAllAccuracy,
                          double loss, int trees, int nodes, int binaryTrees) {
    /** The JSON line of {@code sequoia evaluate --json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root_accuracy", rootAccuracy);
        m.put("all_accuracy", allAccuracy);
        m.put("binary_root_accuracy", binaryRootAccuracy);
        m.put("binary_all_accuracy", binaryAllAccuracy);
        m.put("loss", loss);
        m.put("trees", trees);
        m.put("nodes", nodes);
        m.put("binary_trees", binaryTrees);
        return m;
    }
}
