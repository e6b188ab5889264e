package io.sequoia.data.decoding;

import io.sequoia.autograd.GradMode;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding of a batch: every row takes its most probable next token until it produces
 * {@code eos} or reaches its maximum length; rows that finished are dropped from the batch, so
 * later steps run only on the rows still going.
 */
public final class GreedySearch {
    private GreedySearch() {}

    /**
     * @param states  the initial states of the n rows
     * @param bos     the first input token of every row
     * @param maxLen  per row, the most tokens to produce (the end token not counted)
     */
    public static <S> List<Hypothesis> decode(StepDecoder<S> model, S states, int n, int bos, int eos, int[] maxLen) {
        if (maxLen.length != n) throw Errors.arg("GreedySearch.decode", "maxLen must have one entry per row", n, maxLen.length, null);
        List<List<Integer>> out = new ArrayList<>();
        double[] logp = new double[n];
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        int[] alive = new int[n];                                            // original row of each live row
        for (int i = 0; i < n; i++) alive[i] = i;
        int[] last = new int[n];
        Arrays.fill(last, bos);
        try (var g = GradMode.noGrad()) {
            while (alive.length > 0) {
                StepDecoder.Step<S> st = model.step(states, last);
                float[] lp = st.logProbs().data().toFloatArray();
                int v = st.logProbs().size(1);
                List<Integer> keep = new ArrayList<>();
                for (int r = 0; r < alive.length; r++) {
                    int best = 0;
                    double bv = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < v; j++) {
                        double x = lp[r * v + j];
                        if (x > bv) { bv = x; best = j; }
                    }
                    int row = alive[r];
                    logp[row] += bv;
                    if (best == eos) continue;
                    out.get(row).add(best);
                    if (out.get(row).size() < maxLen[row]) keep.add(r);
                }
                int[] k = keep.stream().mapToInt(Integer::intValue).toArray();
                if (k.length == 0) break;
                int[] nextAlive = new int[k.length], nextLast = new int[k.length];
                for (int i = 0; i < k.length; i++) {
                    nextAlive[i] = alive[k[i]];
                    List<Integer> toks = out.get(nextAlive[i]);
                    nextLast[i] = toks.get(toks.size() - 1);
                }
                states = k.length == alive.length ? st.states() : model.select(st.states(), k);
                alive = nextAlive;
                last = nextLast;
            }
        }
        List<Hypothesis> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] toks = out.get(i).stream().mapToInt(Integer::intValue).toArray();
            result.add(new Hypothesis(toks, logp[i], logp[i]));
        }
        return result;
    }
}
