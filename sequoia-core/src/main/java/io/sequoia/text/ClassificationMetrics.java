package io.sequoia.text;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * Scores of a classifier on a labelled set: accuracy, macro-averaged F1 (the mean over classes of
 * each class's F1; a class never predicted nor present counts 0), mean cross-entropy loss of the
 * predicted probabilities, and the confusion matrix (rows true class, columns predicted).
 */
public record ClassificationMetrics(double accuracy, double macroF1, double loss, int n, int[][] confusion) {
    /** Scores from true class indices and per-class probabilities (rows sum to 1). */
    public static ClassificationMetrics of(int[] truth, double[][] probs) {
        if (truth.length != probs.length || truth.length == 0) {
            throw Errors.arg("ClassificationMetrics.of", "one probability row per true label, at least one", truth.length, probs.length, null);
        }
        int c = probs[0].length;
        int[][] conf = new int[c][c];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (probs[i][j] > probs[i][best]) best = j;
            conf[truth[i]][best]++;
            if (best == truth[i]) correct++;
            loss -= Math.log(Math.max(probs[i][truth[i]], 1e-7));
        }
        double f1 = 0;
        for (int k = 0; k < c; k++) {
            int tp = conf[k][k], fp = 0, fn = 0;
            for (int j = 0; j < c; j++) {
                if (j == k) continue;
                fp += conf[j][k];
                fn += conf[k][j];
            }
            f1 += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return new ClassificationMetrics((double) correct / truth.length, f1 / c, loss / truth.length, truth.length, conf);
    }

    /** Mean and (sample) standard deviation of the values. */
    public static double[] meanStd(List<Double> v) {
        double m = 0, s = 0;
        for (double x : v) m += x;
        m /= v.size();
        for (double x : v) s += (x - m) * (x - m);
        return new double[]{m, v.size() > 1 ? Math.sqrt(s / (v.size() - 1)) : 0};
    }
}
