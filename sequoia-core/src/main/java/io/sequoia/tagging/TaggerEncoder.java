package io.sequoia.tagging;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns sentences into {@link TaggerBatch}es: words normalised (lower case, digits → 0) and looked up,
 * casing classes, the characters of each distinct word of the batch (at most {@value #MAX_WORD_CHARS}),
 * tag ids. Word dropout (Lample et al.): while training, a word seen once in the training data
 * becomes {@code <unk>} with probability {@code unkReplace}, so the unknown-word embedding is trained.
 */
record TaggerEncoder(Vocabulary words, Vocabulary chars, Vocabulary tags, Set<Integer> singletons, double unkReplace) {
    static final int MAX_WORD_CHARS = 30;
    static final int PAD = 0;

    static String normalize(String word) {
        StringBuilder sb = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            sb.appendCodePoint(Character.isDigit(cp) ? '0' : cp);
            i += Character.charCount(cp);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Reimers &amp; Gurevych's casing classes 1..7 (0 is padding). */
    static int casing(String w) {
        int digits = 0, upper = 0, lower = 0, n = w.length();
        for (int i = 0; i < n; i++) {
            char c = w.charAt(i);
            if (Character.isDigit(c)) digits++;
            else if (Character.isUpperCase(c)) upper++;
            else if (Character.isLowerCase(c)) lower++;
        }
        if (n > 0 && digits == n) return 1;                                  // numeric
        if (n > 0 && digits * 2 > n) return 2;                               // mainly numeric
        if (lower > 0 && upper == 0 && lower == n) return 3;                 // all lower
        if (upper > 0 && upper == n) return 4;                               // all upper
        if (n > 0 && Character.isUpperCase(w.charAt(0))) return 5;          // initial upper
        if (digits > 0) return 6;                                            // contains a digit
        return 7;                                                            // other
    }

    /**
     * A batch of the sentences {@code idx} of {@code tokens}; {@code gold} (may be null) holds tag
     * lists in the training scheme. {@code rng} non-null applies word dropout.
     */
    TaggerBatch encode(List<List<String>> tokens, List<List<String>> gold, int[] idx, Generator rng) {
        int n = idx.length, len = 1;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) len = Math.max(len, lengths[i] = tokens.get(idx[i]).size());
        float[] w = new float[n * len], cs = new float[n * len], m = new float[n * len], tg = new float[n * len], ci = new float[n * len];
        Map<String, Integer> distinct = new HashMap<>();
        List<String> order = new java.util.ArrayList<>();
        order.add("");                                                       // entry 0: padding positions
        int maxChars = 1;
        for (int i = 0; i < n; i++) {
            List<String> s = tokens.get(idx[i]);
            for (int t = 0; t < s.size(); t++) {
                String word = s.get(t);
                int k = i * len + t, id = words.index(normalize(word));
                if (rng != null && unkReplace > 0 && singletons.contains(id) && rng.nextDouble() < unkReplace) id = words.unknownIndex();
                w[k] = id;
                cs[k] = casing(word);
                m[k] = 1;
                if (gold != null) tg[k] = tags.index(gold.get(idx[i]).get(t));
                Integer u = distinct.get(word);
                if (u == null) {
                    distinct.put(word, u = order.size());
                    order.add(word);
                    maxChars = Math.max(maxChars, Math.min(MAX_WORD_CHARS, word.codePointCount(0, word.length())));
                }
                ci[k] = u;
            }
        }
        int u = order.size();
        float[] ch = new float[u * maxChars];
        int[] charLengths = new int[u];
        charLengths[0] = 1;
        for (int k = 1; k < u; k++) {
            int[] cps = order.get(k).codePoints().limit(MAX_WORD_CHARS).toArray();
            charLengths[k] = cps.length;
            for (int c = 0; c < cps.length; c++) ch[k * maxChars + c] = chars.index(new String(Character.toChars(cps[c])));
        }
        return new TaggerBatch(t(w, n, len), t(cs, n, len), t(ch, u, maxChars), charLengths, t(ci, n * len), t(m, n, len), lengths,
                gold == null ? null : t(tg, n, len), idx.clone());
    }

    private static Tensor t(float[] v, int... shape) { return new Tensor(NDArray.wrap(v, shape)); }

    /**
     * Sentence indices cut into batches of similar length: shuffled with {@code rng} (null: kept in
     * order), stably sorted by length, cut into runs of {@code batchSize}, the runs shuffled again.
     */
    static List<int[]> lengthBatches(List<List<String>> tokens, int batchSize, Generator rng) {
        int n = tokens.size();
        Integer[] order = new Integer[n];
        int[] perm = rng == null ? null : rng.permutation(n);
        for (int i = 0; i < n; i++) order[i] = perm == null ? i : perm[i];
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> tokens.get(i).size()));
        List<int[]> out = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int[] b = new int[Math.min(batchSize, n - from)];
            for (int i = 0; i < b.length; i++) b[i] = order[from + i];
            out.add(b);
        }
        if (rng != null) {
            int[] p = rng.permutation(out.size());
            List<int[]> shuffled = new java.util.ArrayList<>(out.size());
            for (int i : p) shuffled.add(out.get(i));
            return shuffled;
        }
        return out;
    }
}
