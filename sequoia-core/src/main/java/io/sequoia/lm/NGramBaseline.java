package io.sequoia.lm;

import java.util.HashMap;
import java.util.Map;

/**
 * Count-based baselines for a language model's perplexity: a unigram model with add-one smoothing,
 * and a bigram model interpolated with it (Jelinek–Mercer, λ chosen on the validation text from a
 * small grid). Losses are in nats per token, comparable with {@link LmTrainer#evaluate}.
 */
public final class NGramBaseline {
    private NGramBaseline() {}

    /** Unigram and best interpolated bigram loss of {@code valid} after counting {@code train}. */
    public record Result(double unigramLoss, double bigramLoss, double lambda) {
        public double unigramPerplexity() { return Math.exp(unigramLoss); }
        public double bigramPerplexity() { return Math.exp(bigramLoss); }
    }

    public static Result fit(int[] train, int[] valid, int vocab) {
        double[] uni = new double[vocab];
        Map<Long, Integer> bi = new HashMap<>();
        int[] ctx = new int[vocab];
        for (int i = 0; i < train.length; i++) {
            uni[train[i]]++;
            if (i > 0) {
                bi.merge((long) train[i - 1] * vocab + train[i], 1, Integer::sum);
                ctx[train[i - 1]]++;
            }
        }
        double total = train.length + vocab;
        for (int v = 0; v < vocab; v++) uni[v] = (uni[v] + 1) / total;
        double uniLoss = 0;
        for (int t : valid) uniLoss -= Math.log(uni[t]);
        uniLoss /= valid.length;
        double best = Double.POSITIVE_INFINITY, bestLambda = 0;
        for (double lambda : new double[]{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
            double loss = 0;
            for (int i = 1; i < valid.length; i++) {
                int a = valid[i - 1], b = valid[i];
                double pb = ctx[a] == 0 ? 0 : bi.getOrDefault((long) a * vocab + b, 0) / (double) ctx[a];
                loss -= Math.log(lambda * pb + (1 - lambda) * uni[b]);
            }
            loss /= valid.length - 1;
            if (loss < best) { best = loss; bestLambda = lambda; }
        }
        return new Result(uniLoss, best, bestLambda);
    }
}
