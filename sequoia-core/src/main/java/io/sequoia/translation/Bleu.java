package io.sequoia.translation;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU exactly as sacreBLEU 2.x computes it by default: mteval-v13a tokenisation
 * ({@link #tokenize13a}), case kept, n-grams up to 4, matches clipped by the largest count in any
 * reference, the closest reference length (the shorter on a tie), the brevity penalty
 * {@code exp(1 − r/c)}, "exp" smoothing (the k-th order without matches gets precision
 * {@code 1 / (2^k · total)}), no effective order, and a score of 0 when nothing matches.
 * The score is on sacreBLEU's 0–100 scale.
 */
public final class Bleu {
    public static final int MAX_ORDER = 4;
    /** sacreBLEU's signature for these settings (the version field names the sacreBLEU major version matched). */
    public static final String SIGNATURE = "nrefs:%d|case:mixed|eff:no|tok:13a|smooth:exp|version:2";

    /** The corpus statistics and the score, as sacreBLEU's {@code BLEUScore}. */
    public record Score(double score, int[] counts, int[] totals, double[] precisions, double bp, int sysLen, int refLen, int nrefs) {
        public String signature() { return String.format(SIGNATURE, nrefs); }

        /** sacreBLEU's line: {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}. */
        @Override public String toString() {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < precisions.length; i++) p.append(i > 0 ? "/" : "").append(String.format("%.1f", precisions[i]));
            return String.format("BLEU = %.2f %s (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)", score, p, bp,
                    refLen == 0 ? 0.0 : (double) sysLen / refLen, sysLen, refLen);
        }
    }

    private Bleu() {}

    /** BLEU of {@code hypotheses} against one reference each. */
    public static Score corpus(List<String> hypotheses, List<String> references) {
        return corpusMulti(hypotheses, List.of(references));
    }

    /** BLEU against several reference streams, each as long as {@code hypotheses} (sacreBLEU's {@code [refs1, refs2]}). */
    public static Score corpusMulti(List<String> hypotheses, List<List<String>> referenceStreams) {
        if (referenceStreams.isEmpty()) throw Errors.arg("Bleu.corpus", "at least one reference stream is needed", ">= 1", 0, null);
        for (int r = 0; r < referenceStreams.size(); r++) {
            if (referenceStreams.get(r).size() != hypotheses.size()) {
                throw Errors.arg("Bleu.corpus", "every reference stream must have one line per hypothesis", hypotheses.size(),
                        referenceStreams.get(r).size(), "reference stream " + r);
            }
        }
        int[] correct = new int[MAX_ORDER], total = new int[MAX_ORDER];
        int sysLen = 0, refLen = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            String[] hyp = split(tokenize13a(rstrip(hypotheses.get(i))));
            Map<String, Integer> refNgrams = new HashMap<>();
            List<Integer> refLens = new ArrayList<>();
            for (List<String> stream : referenceStreams) {
                String[] ref = split(tokenize13a(rstrip(stream.get(i))));
                refLens.add(ref.length);
                ngrams(ref).forEach((g, c) -> refNgrams.merge(g, c, Math::max));
            }
            sysLen += hyp.length;
            refLen += closest(hyp.length, refLens);
            for (Map.Entry<String, Integer> e : ngrams(hyp).entrySet()) {
                int n = order(e.getKey());
                total[n - 1] += e.getValue();
                correct[n - 1] += Math.min(e.getValue(), refNgrams.getOrDefault(e.getKey(), 0));
            }
        }
        return compute(correct, total, sysLen, refLen, referenceStreams.size());
    }

    /** sacreBLEU's {@code compute_bleu} with exp smoothing, from sufficient statistics. */
    public static Score compute(int[] correct, int[] total, int sysLen, int refLen, int nrefs) {
        double bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0) : 1.0;
        double[] precisions = new double[MAX_ORDER];
        boolean any = false;
        for (int c : correct) any |= c != 0;
        if (!any) return new Score(0.0, correct.clone(), total.clone(), precisions, bp, sysLen, refLen, nrefs);
        double smooth = 1;
        for (int n = 1; n <= MAX_ORDER; n++) {
            if (total[n - 1] == 0) break;
            if (correct[n - 1] == 0) {
                smooth *= 2;
                precisions[n - 1] = 100.0 / (smooth * total[n - 1]);
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double logSum = 0;
        for (double p : precisions) logSum += p == 0 ? -9999999999.0 : Math.log(p);
        return new Score(bp * Math.exp(logSum / MAX_ORDER), correct.clone(), total.clone(), precisions, bp, sysLen, refLen, nrefs);
    }

    private static int closest(int hypLen, List<Integer> refLens) {
        int bestDiff = -1, best = -1;
        for (int r : refLens) {
            int d = Math.abs(hypLen - r);
            if (bestDiff == -1 || d < bestDiff) { bestDiff = d; best = r; }
            else if (d == bestDiff && r < best) best = r;
        }
        return best;
    }

    private static int order(String gram) {
        int n = 1;
        for (int i = 0; i < gram.length(); i++) if (gram.charAt(i) == ' ') n++;
        return n;
    }

    private static Map<String, Integer> ngrams(String[] toks) {
        Map<String, Integer> m = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= toks.length; i++) m.merge(String.join(" ", java.util.Arrays.asList(toks).subList(i, i + n)), 1, Integer::sum);
        }
        return m;
    }

    private static String[] split(String tokenized) { return tokenized.isEmpty() ? new String[0] : tokenized.split(" "); }

    // ---- mteval-v13a tokenisation --------------------------------------------------------------

    private static final Pattern PUNCT = Pattern.compile("([\\{-~\\[-`\\x20-&\\(-\\+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /** sacreBLEU's {@code Tokenizer13a}: the result's tokens are separated by single spaces. */
    public static String tokenize13a(String line) {
        line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.indexOf('&') >= 0) line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        line = " " + line + " ";
        line = PUNCT.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        return joinWhitespace(line);
    }

    /** Python's {@code ' '.join(s.split())}: splits on Unicode whitespace as {@code str.isspace} defines it. */
    static String joinWhitespace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (isPythonSpace(c)) { inWord = false; continue; }
            if (!inWord && sb.length() > 0) sb.append(' ');
            inWord = true;
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }

    static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(0, end);
    }
}
