package io.sequoia.data.parallel;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding of Sennrich et al. (2016), learned by Sequoia: starting from characters (code
 * points, the last one of a word marked with {@value #END}), the most frequent adjacent pair of
 * symbols is merged, {@code numMerges} times or until no pair occurs {@code minFrequency} times.
 * Ties go to the pair whose symbols come first in string order, so learning is deterministic.
 * Encoding applies the merges in the order learned (lowest rank first) inside each word; every piece
 * but a word's last carries the suffix {@value #CONTINUATION} (subword-nmt's convention), so
 * {@link #decode} restores the words exactly. Saved as text: one merge per line, {@code "a b"}.
 */
public final class BytePairEncoding {
    public static final String END = "</w>", CONTINUATION = "@@";
    public static final int DEFAULT_MIN_FREQUENCY = 2;

    private final List<String[]> merges;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    private BytePairEncoding(List<String[]> merges) {
        this.merges = List.copyOf(merges);
        for (int i = 0; i < merges.size(); i++) ranks.putIfAbsent(merges.get(i)[0] + " " + merges.get(i)[1], i);
    }

    public int size() { return merges.size(); }
    public List<String[]> merges() { return merges; }

    /** Learns up to {@code numMerges} merges from tokenised sentences (each a list of words). */
    public static BytePairEncoding learn(Iterable<? extends List<String>> sentences, int numMerges, int minFrequency) {
        if (numMerges < 0) throw Errors.arg("BytePairEncoding.learn", "numMerges must be non-negative", ">= 0", numMerges, null);
        if (minFrequency < 1) throw Errors.arg("BytePairEncoding.learn", "minFrequency must be at least 1", ">= 1", minFrequency, null);
        Map<String, Integer> wordCounts = new LinkedHashMap<>();
        for (List<String> s : sentences) for (String w : s) wordCounts.merge(w, 1, Integer::sum);
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> symbolIds = new HashMap<>();
        int n = wordCounts.size();
        int[][] words = new int[n][];
        int[] freq = new int[n];
        int k = 0;
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            List<String> chars = characters(e.getKey());
            words[k] = new int[chars.size()];
            for (int i = 0; i < chars.size(); i++) words[k][i] = intern(chars.get(i), symbols, symbolIds);
            freq[k++] = e.getValue();
        }
        Map<Long, Integer> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < n; w++) addPairs(w, words[w], freq[w], +1, pairCounts, where);
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> {
            if (a[1] != b[1]) return Long.compare(b[1], a[1]);
            return comparePairs(a[0], b[0], symbols);
        });
        pairCounts.forEach((p, c) -> queue.add(new long[]{p, c}));
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < numMerges && !queue.isEmpty()) {
            long[] top = queue.poll();
            int current = pairCounts.getOrDefault(top[0], 0);
            if (current != top[1]) continue;                                   // stale entry
            if (current < minFrequency) break;
            int a = (int) (top[0] >>> 32), b = (int) top[0];
            String merged = symbols.get(a) + symbols.get(b);
            int m = intern(merged, symbols, symbolIds);
            merges.add(new String[]{symbols.get(a), symbols.get(b)});
            Set<Long> touched = new HashSet<>();
            for (int w : new ArrayList<>(where.getOrDefault(top[0], Set.of()))) {
                int[] old = words[w];
                int[] neu = mergeIn(old, a, b, m);
                if (neu.length == old.length) continue;
                collect(old, touched);
                addPairs(w, old, freq[w], -1, pairCounts, where);
                addPairs(w, neu, freq[w], +1, pairCounts, where);
                collect(neu, touched);
                words[w] = neu;
            }
            for (long p : touched) {
                Integer c = pairCounts.get(p);
                if (c != null && c > 0) queue.add(new long[]{p, c});
            }
        }
        return new BytePairEncoding(merges);
    }

    private static int comparePairs(long p, long q, List<String> symbols) {
        int c = symbols.get((int) (p >>> 32)).compareTo(symbols.get((int) (q >>> 32)));
        return c != 0 ? c : symbols.get((int) p).compareTo(symbols.get((int) q));
    }

    private static int intern(String s, List<String> symbols, Map<String, Integer> ids) {
        return ids.computeIfAbsent(s, x -> { symbols.add(x); return symbols.size() - 1; });
    }

    private static void collect(int[] w, Set<Long> out) {
        for (int i = 0; i + 1 < w.length; i++) out.add(key(w[i], w[i + 1]));
    }

    private static long key(int a, int b) { return ((long) a << 32) | (b & 0xffffffffL); }

    private static void addPairs(int w, int[] syms, int freq, int sign, Map<Long, Integer> counts, Map<Long, Set<Integer>> where) {
        for (int i = 0; i + 1 < syms.length; i++) {
            long p = key(syms[i], syms[i + 1]);
            int c = counts.merge(p, sign * freq, Integer::sum);
            if (sign > 0) where.computeIfAbsent(p, x -> new HashSet<>()).add(w);
            else if (c <= 0) { counts.remove(p); where.remove(p); }
        }
    }

    private static int[] mergeIn(int[] w, int a, int b, int m) {
        int[] out = new int[w.length];
        int j = 0;
        for (int i = 0; i < w.length; i++) {
            if (i + 1 < w.length && w[i] == a && w[i + 1] == b) { out[j++] = m; i++; }
            else out[j++] = w[i];
        }
        return Arrays.copyOf(out, j);
    }

    /** A word's code points as strings, the last one with {@value #END} appended. */
    private static List<String> characters(String word) {
        List<String> out = new ArrayList<>();
        word.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        if (!out.isEmpty()) out.set(out.size() - 1, out.get(out.size() - 1) + END);
        return out;
    }

    /** Splits each word into its pieces; every piece but a word's last ends in {@value #CONTINUATION}. */
    public List<String> encode(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) continue;
            out.addAll(cache.computeIfAbsent(w, this::encodeWord));
        }
        return out;
    }

    private List<String> encodeWord(String word) {
        List<String> syms = characters(word);
        while (syms.size() > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < syms.size(); i++) {
                Integer r = ranks.get(syms.get(i) + " " + syms.get(i + 1));
                if (r != null && r < bestRank) { bestRank = r; best = i; }
            }
            if (best < 0) break;
            String[] pair = merges.get(bestRank);
            List<String> next = new ArrayList<>(syms.size());
            for (int i = 0; i < syms.size(); i++) {
                if (i + 1 < syms.size() && syms.get(i).equals(pair[0]) && syms.get(i + 1).equals(pair[1])) {
                    next.add(pair[0] + pair[1]);
                    i++;
                } else next.add(syms.get(i));
            }
            syms = next;
        }
        List<String> out = new ArrayList<>(syms.size());
        for (int i = 0; i < syms.size(); i++) {
            String s = syms.get(i);
            out.add(i == syms.size() - 1 ? s.substring(0, s.length() - END.length()) : s + CONTINUATION);
        }
        return List.copyOf(out);
    }

    /** Joins pieces back into words: a piece ending in {@value #CONTINUATION} is glued to the next one. */
    public static List<String> decode(List<String> pieces) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (String p : pieces) {
            if (p.endsWith(CONTINUATION)) word.append(p, 0, p.length() - CONTINUATION.length());
            else { word.append(p); out.add(word.toString()); word.setLength(0); }
        }
        if (word.length() > 0) out.add(word.toString());
        return out;
    }

    /** One merge per line, {@code "left right"}. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String[] m : merges) sb.append(m[0]).append(' ').append(m[1]).append('\n');
        return sb.toString();
    }

    public static BytePairEncoding fromText(String text) {
        List<String[]> merges = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw Errors.arg("BytePairEncoding.fromText", "each line must hold two symbols separated by one space",
                        "'left right'", line, "line " + (i + 1));
            }
            merges.add(parts);
        }
        return new BytePairEncoding(merges);
    }
}
