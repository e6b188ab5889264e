package io.sequoia.lm;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Indexing;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Reductions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Beam search over a {@link LanguageModel}: keeps the {@code width} most likely continuations,
 * a hypothesis ends at an end token (or at {@code maxLength}), and finished hypotheses are ranked by
 * length-normalised log-probability {@code log p / length^alpha} (alpha 0 = no normalisation).
 * The beams run as one batch; the recurrent states are reordered by parent at each step.
 */
public final class BeamSearch {
    private BeamSearch() {}

    /** A continuation, its total log-probability and its normalised score. */
    public record Hypothesis(int[] tokens, double logProb, double score) {}

    public static Hypothesis search(LanguageModel m, Codec codec, String prime, int maxLength, int width, double alpha, Set<Integer> endTokens) {
        if (width < 1) throw Errors.arg("BeamSearch", "beam width must be at least 1", ">= 1", width, null);
        if (maxLength < 1) throw Errors.arg("BeamSearch", "maxLength must be at least 1", ">= 1", maxLength, null);
        if (!(alpha >= 0)) throw Errors.arg("BeamSearch", "alpha must be non-negative", ">= 0", alpha, null);
        if (m.state() == null) {
            throw Errors.arg("BeamSearch", "beam search needs a recurrent model", "an LSTM or GRU language model", m.getClass().getSimpleName(), null);
        }
        int[] primeIds = prime == null || prime.isEmpty() ? new int[]{Sampler.startToken(codec)} : codec.encode(prime);
        boolean training = m.isTraining();
        m.eval();
        List<Hypothesis> finished = new ArrayList<>();
        try (var g = GradMode.noGrad(); var carry = new StateScope(m)) {
            float[] first = Sampler.lastLogits(m, primeIds);
            int v = first.length;
            List<int[]> beams = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            beams.add(new int[0]);
            scores.add(0.0);
            double[][] logp = {logSoftmax(first)};
            for (int step = 0; step < maxLength && !beams.isEmpty(); step++) {
                // candidates: (beam, token) by total log-probability
                List<double[]> cands = new ArrayList<>();
                for (int b = 0; b < beams.size(); b++) for (int t = 0; t < v; t++) cands.add(new double[]{scores.get(b) + logp[b][t], b, t});
                cands.sort(Comparator.comparingDouble((double[] c) -> -c[0]));
                List<int[]> nb = new ArrayList<>();
                List<Double> ns = new ArrayList<>();
                List<Integer> parents = new ArrayList<>();
                for (double[] c : cands) {
                    if (nb.size() >= width) break;
                    int b = (int) c[1], t = (int) c[2];
                    int[] seq = java.util.Arrays.copyOf(beams.get(b), beams.get(b).length + 1);
                    seq[seq.length - 1] = t;
                    if (endTokens.contains(t) || step == maxLength - 1) {
                        finished.add(new Hypothesis(seq, c[0], c[0] / Math.pow(seq.length, alpha)));
                        if (finished.size() >= width) break;
                    } else {
                        nb.add(seq);
                        ns.add(c[0]);
                        parents.add(b);
                    }
                }
                if (finished.size() >= width || nb.isEmpty()) break;
                reorderStates(m, parents);
                beams = nb;
                scores = ns;
                int[] last = new int[beams.size()];
                for (int b = 0; b < last.length; b++) last[b] = beams.get(b)[beams.get(b).length - 1];
                logp = stepAll(m, last);
            }
        } finally {
            m.train(training);
        }
        return finished.stream().max(Comparator.comparingDouble(Hypothesis::score)).orElseThrow();
    }

    /** Keeps, for each new beam, the recurrent state of its parent (dim 1 of h and c). */
    private static void reorderStates(LanguageModel m, List<Integer> parents) {
        float[] idx = new float[parents.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = parents.get(i);
        NDArray index = NDArray.wrap(idx, idx.length);
        Map<String, NDArray> st = new LinkedHashMap<>();
        m.state().states().forEach((k, a) -> st.put(k, Indexing.indexSelect(a, 1, index)));
        m.state().loadStates(st);
    }

    /** One step for every beam: log-probabilities (beams × V). */
    private static double[][] stepAll(LanguageModel m, int[] last) {
        float[] f = new float[last.length];
        for (int i = 0; i < f.length; i++) f[i] = last[i];
        Tensor logits = m.forward(new Tensor(NDArray.wrap(f, last.length, 1))).select(1, 0);    // (W, V)
        NDArray lp = Reductions.softmax(logits.data(), 1, true);
        int v = logits.size(1);
        double[][] out = new double[last.length][v];
        for (int b = 0; b < last.length; b++) for (int t = 0; t < v; t++) out[b][t] = lp.getDouble(b * v + t);
        return out;
    }

    private static double[] logSoftmax(float[] z) {
        NDArray lp = Reductions.softmax(NDArray.wrap(z.clone(), z.length), 0, true);
        return lp.toDoubleArray();
    }
}
