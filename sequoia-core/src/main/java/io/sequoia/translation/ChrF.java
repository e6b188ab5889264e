package io.sequoia.translation;

import io.sequoia.tensor.Errors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus chrF as sacreBLEU 2.x computes it by default: character n-grams of orders 1–6 with all
 * whitespace removed, statistics summed over the corpus, precision and recall averaged over the
 * orders that occur on both sides, then F-beta with beta = 2; on the 0–100 scale.
 */
public final class ChrF {
    public static final int CHAR_ORDER = 6;
    public static final double DEFAULT_BETA = 2;
    public static final String SIGNATURE = "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2";

    private ChrF() {}

    public static double corpus(List<String> hypotheses, List<String> references) { return corpus(hypotheses, references, DEFAULT_BETA); }

    public static double corpus(List<String> hypotheses, List<String> references, double beta) {
        if (hypotheses.size() != references.size()) {
            throw Errors.arg("ChrF.corpus", "references must have one line per hypothesis", hypotheses.size(), references.size(), null);
        }
        long[] stats = new long[3 * CHAR_ORDER];
        for (int i = 0; i < hypotheses.size(); i++) {
            String h = noSpace(hypotheses.get(i)), r = noSpace(references.get(i));
            for (int n = 1; n <= CHAR_ORDER; n++) {
                Map<String, Integer> hg = grams(h, n), rg = grams(r, n);
                long hc = 0, rc = 0, m = 0;
                for (Map.Entry<String, Integer> e : hg.entrySet()) {
                    hc += e.getValue();
                    m += Math.min(e.getValue(), rg.getOrDefault(e.getKey(), 0));
                }
                for (int c : rg.values()) rc += c;
                stats[3 * (n - 1)] += hc;
                stats[3 * (n - 1) + 1] += rc;
                stats[3 * (n - 1) + 2] += m;
            }
        }
        return fScore(stats, beta);
    }

    static double fScore(long[] stats, double beta) {
        double avgP = 0, avgR = 0;
        int eff = 0;
        for (int i = 0; i < CHAR_ORDER; i++) {
            long nh = stats[3 * i], nr = stats[3 * i + 1], nm = stats[3 * i + 2];
            if (nh > 0 && nr > 0) {
                avgP += (double) nm / nh;
                avgR += (double) nm / nr;
                eff++;
            }
        }
        if (eff == 0) return 0.0;
        avgP /= eff;
        avgR /= eff;
        if (avgP + avgR == 0) return 0.0;
        double b2 = beta * beta;
        return 100 * (1 + b2) * avgP * avgR / (b2 * avgP + avgR);
    }

    private static String noSpace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(c -> !Bleu.isPythonSpace(c)).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Character n-grams by Python string index (UTF-16 code units for BMP text, as Python's code points there). */
    private static Map<String, Integer> grams(String s, int n) {
        int[] cps = s.codePoints().toArray();
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) m.merge(new String(cps, i, n), 1, Integer::sum);
        return m;
    }
}
