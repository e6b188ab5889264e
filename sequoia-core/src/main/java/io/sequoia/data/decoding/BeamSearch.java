package io.sequoia.data.decoding;

import io.sequoia.autograd.GradMode;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search: n sources decoded together, {@code beam} hypotheses each, all live
 * hypotheses of all sources in one {@link StepDecoder#step} call per step. Each step a source's
 * candidates (every live hypothesis extended by every token) are taken best first (ties: the
 * earlier hypothesis, then the lower token id); a candidate ending in {@code eos} is finished and
 * ranked by {@link LengthPenalty}, the others fill the beam. A source stops when it has
 * {@code beam} finished hypotheses (early stop) or its hypotheses reach its maximum length (they
 * are then finished as they are). With {@code beam = 1} this is exactly {@link GreedySearch}.
 */
public final class BeamSearch {
    private BeamSearch() {}

    /** The {@code nBest} best hypotheses of each source, best first ({@code nBest <= beam}). */
    public static <S> List<List<Hypothesis>> decode(StepDecoder<S> model, S states, int n, int bos, int eos, int[] maxLen,
                                                    int beam, LengthPenalty penalty, int nBest) {
        String where = "BeamSearch.decode";
        if (beam < 1) throw Errors.arg(where, "beam must be at least 1", ">= 1", beam, null);
        if (nBest < 1 || nBest > beam) throw Errors.arg(where, "nBest must be in [1, beam]", "[1, " + beam + "]", nBest, null);
        if (maxLen.length != n) throw Errors.arg(where, "maxLen must have one entry per source", n, maxLen.length, null);
        List<List<Hypothesis>> finished = new ArrayList<>();
        int[][][] prefixes = new int[n][][];
        double[][] scores = new double[n][beam];
        for (int i = 0; i < n; i++) {
            finished.add(new ArrayList<>());
            prefixes[i] = new int[beam][0];
            Arrays.fill(scores[i], Double.NEGATIVE_INFINITY);
            scores[i][0] = 0;
        }
        int[] active = new int[n];                                          // sources still decoding, in row-block order
        for (int i = 0; i < n; i++) active[i] = i;
        int[] expand = new int[n * beam];
        for (int r = 0; r < expand.length; r++) expand[r] = r / beam;
        states = model.select(states, expand);
        int[] last = new int[n * beam];
        Arrays.fill(last, bos);
        try (var g = GradMode.noGrad()) {
            while (active.length > 0) {
                StepDecoder.Step<S> st = model.step(states, last);
                float[] lp = st.logProbs().data().toFloatArray();
                int v = st.logProbs().size(1);
                List<Integer> nextActive = new ArrayList<>();
                List<Integer> parents = new ArrayList<>();
                List<Integer> tokens = new ArrayList<>();
                for (int a = 0; a < active.length; a++) {
                    int src = active[a];
                    double[] cand = new double[2 * beam];
                    int[] candBeam = new int[2 * beam], candTok = new int[2 * beam];
                    int count = topCandidates(lp, v, a * beam, beam, scores[src], cand, candBeam, candTok);
                    int[][] newPrefix = new int[beam][];
                    double[] newScore = new double[beam];
                    Arrays.fill(newScore, Double.NEGATIVE_INFINITY);
                    int filled = 0;
                    for (int c = 0; c < count && filled < beam; c++) {
                        int[] prev = prefixes[src][candBeam[c]];
                        if (candTok[c] == eos) {
                            if (finished.get(src).size() < beam) {
                                finished.get(src).add(new Hypothesis(prev.clone(), cand[c], cand[c] / penalty.penalty(prev.length + 1)));
                            }
                            continue;
                        }
                        int[] p = Arrays.copyOf(prev, prev.length + 1);
                        p[prev.length] = candTok[c];
                        newPrefix[filled] = p;
                        newScore[filled] = cand[c];
                        parents.add(a * beam + candBeam[c]);
                        tokens.add(candTok[c]);
                        filled++;
                    }
                    boolean done = finished.get(src).size() >= beam || filled == 0 || newPrefix[0].length >= maxLen[src];
                    if (done) {
                        for (int b = 0; b < filled; b++) {
                            if (finished.get(src).size() >= beam) break;
                            finished.get(src).add(new Hypothesis(newPrefix[b], newScore[b], newScore[b] / penalty.penalty(newPrefix[b].length)));
                        }
                        for (int b = 0; b < filled; b++) { parents.remove(parents.size() - 1); tokens.remove(tokens.size() - 1); }
                        continue;
                    }
                    while (filled < beam) {                                  // fewer live candidates than the beam
                        newPrefix[filled] = newPrefix[0];
                        parents.add(parents.get(parents.size() - filled));
                        tokens.add(tokens.get(tokens.size() - filled));
                        filled++;
                    }
                    prefixes[src] = newPrefix;
                    scores[src] = newScore;
                    nextActive.add(src);
                }
                if (nextActive.isEmpty()) break;
                active = nextActive.stream().mapToInt(Integer::intValue).toArray();
                states = model.select(st.states(), parents.stream().mapToInt(Integer::intValue).toArray());
                last = tokens.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        List<List<Hypothesis>> out = new ArrayList<>(n);
        for (List<Hypothesis> f : finished) {
            List<Hypothesis> sorted = new ArrayList<>(f);
            sorted.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            out.add(List.copyOf(sorted.subList(0, Math.min(nBest, sorted.size()))));
        }
        return out;
    }

    /**
     * The best {@code cand.length} extensions of the beam's live hypotheses, best first: per row its
     * best tokens by partial selection, then merged. Returns how many were found.
     */
    private static int topCandidates(float[] lp, int v, int row0, int beam, double[] beamScores,
                                     double[] cand, int[] candBeam, int[] candTok) {
        int m = cand.length, count = 0;
        for (int b = 0; b < beam; b++) {
            if (beamScores[b] == Double.NEGATIVE_INFINITY) continue;
            int base = (row0 + b) * v;
            for (int j = 0; j < v; j++) {
                double s = beamScores[b] + lp[base + j];
                if (count == m && !(s > cand[m - 1])) continue;               // ties keep the earlier candidate
                int pos = count < m ? count++ : m - 1;
                while (pos > 0 && s > cand[pos - 1]) {
                    cand[pos] = cand[pos - 1];
                    candBeam[pos] = candBeam[pos - 1];
                    candTok[pos] = candTok[pos - 1];
                    pos--;
                }
                cand[pos] = s;
                candBeam[pos] = b;
                candTok[pos] = j;
            }
        }
        return count;
    }
}
