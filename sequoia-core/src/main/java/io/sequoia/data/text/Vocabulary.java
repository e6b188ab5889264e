package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ↔ index. Special tokens come first at fixed indices — by default {@value #PAD} = 0 (padding,
 * so that {@code Embedding(maskZero)} masks it) and {@value #UNK} = 1 (out-of-vocabulary), then
 * optionally {@value #BOS} and {@value #EOS} — followed by the corpus tokens, most frequent first
 * (ties in order of first appearance). Built with {@link #builder()}: {@code minFrequency},
 * {@code maxSize} (including the specials). Saved as text, one token per line in index order
 * ({@link #toText()} / {@link #fromText}), which is how a model folder stores it ({@code vocab.txt}).
 */
public final class Vocabulary {
    public static final String PAD = "<pad>", UNK = "<unk>", BOS = "<bos>", EOS = "<eos>";

    private final List<String> tokens;
    private final Map<String, Integer> index;
    private final int unkIndex;

    private Vocabulary(List<String> tokens, String unk) {
        this.tokens = List.copyOf(tokens);
        this.index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.isEmpty() || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                throw Errors.arg("Vocabulary", "tokens must be non-empty and hold no line break", "a one-line token", quote(t), "index " + i);
            }
            Integer old = index.putIfAbsent(t, i);
            if (old != null) throw Errors.arg("Vocabulary", "tokens must be distinct", "a new token", quote(t), "indices " + old + " and " + i);
        }
        this.unkIndex = unk == null ? -1 : index.getOrDefault(unk, -1);
    }

    /** A vocabulary holding exactly {@code tokens} in order; {@code unk} (may be null) is the out-of-vocabulary token. */
    public static Vocabulary of(List<String> tokens, String unk) {
        if (unk != null && !tokens.contains(unk)) throw Errors.arg("Vocabulary.of", "the unknown token must be one of the tokens", unk, "absent", null);
        return new Vocabulary(tokens, unk);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * This vocabulary followed by the tokens of {@code more} it lacks, in their order (the existing
     * indices do not move): how a model's vocabulary takes in the words of pretrained vectors, so
     * words never seen in training still get their vector instead of {@code <unk>}.
     */
    public Vocabulary extendedWith(Iterable<String> more) {
        List<String> all = new ArrayList<>(tokens);
        java.util.Set<String> seen = new java.util.HashSet<>(tokens);
        for (String t : more) if (seen.add(t)) all.add(t);
        return all.size() == tokens.size() ? this : new Vocabulary(all, unkIndex < 0 ? null : tokens.get(unkIndex));
    }

    /** Options for building a vocabulary from a corpus. */
    public static final class Builder {
        private int minFrequency = 1, maxSize = Integer.MAX_VALUE;
        private List<String> specials = List.of(PAD, UNK);
        private String unk = UNK;

        /** Tokens seen fewer times are left out (default 1). */
        public Builder minFrequency(int f) {
            if (f < 1) throw Errors.arg("Vocabulary.minFrequency", "must be at least 1", ">= 1", f, null);
            minFrequency = f;
            return this;
        }

        /** At most this many entries, specials included (default unlimited). */
        public Builder maxSize(int n) {
            if (n < 1) throw Errors.arg("Vocabulary.maxSize", "must be at least 1", ">= 1", n, null);
            maxSize = n;
            return this;
        }

        /** The special tokens, at indices 0, 1, ... in this order (default {@code <pad>, <unk>}). */
        public Builder specials(String... s) { specials = List.of(s); return this; }

        /** Which special is the out-of-vocabulary token (default {@code <unk>}; null: none, lookups of unknown tokens fail). */
        public Builder unknown(String u) { unk = u; return this; }

        /** Counts the tokens of every document. */
        public Vocabulary build(Iterable<? extends List<String>> documents) {
            Map<String, int[]> counts = new LinkedHashMap<>();
            for (List<String> doc : documents) for (String t : doc) counts.computeIfAbsent(t, k -> new int[1])[0]++;
            return fromCounts(counts);
        }

        /** Builds from token → count (iteration order breaks ties). */
        public Vocabulary fromCounts(Map<String, int[]> counts) {
            if (unk != null && !specials.contains(unk)) {
                throw Errors.arg("Vocabulary.build", "the unknown token must be one of the specials", specials, unk, null);
            }
            if (specials.size() > maxSize) throw Errors.arg("Vocabulary.build", "maxSize must leave room for the specials", ">= " + specials.size(), maxSize, null);
            List<Map.Entry<String, int[]>> entries = new ArrayList<>();
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                if (e.getValue()[0] >= minFrequency && !specials.contains(e.getKey())) entries.add(e);
            }
            entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));   // stable: ties keep first appearance
            List<String> tokens = new ArrayList<>(specials);
            for (Map.Entry<String, int[]> e : entries) {
                if (tokens.size() >= maxSize) break;
                tokens.add(e.getKey());
            }
            return new Vocabulary(tokens, unk);
        }
    }

    public int size() { return tokens.size(); }

    /** The index of {@code token}; the unknown token's index if absent. */
    public int index(String token) {
        Integer i = index.get(token);
        if (i != null) return i;
        if (unkIndex < 0) {
            throw Errors.arg("Vocabulary.index", "token is not in the vocabulary and there is no unknown token", "a known token", quote(token),
                    size() + " tokens");
        }
        return unkIndex;
    }

    public boolean contains(String token) { return index.containsKey(token); }

    /** The token at {@code i}. */
    public String token(int i) {
        if (i < 0 || i >= tokens.size()) {
            throw new IndexOutOfBoundsException(Errors.format("Vocabulary.token", "index out of range", "[0, " + size() + ")", i, null));
        }
        return tokens.get(i);
    }

    /** The indices of {@code tokens}. */
    public int[] encode(List<String> toks) {
        int[] out = new int[toks.size()];
        for (int i = 0; i < out.length; i++) out[i] = index(toks.get(i));
        return out;
    }

    /** The tokens at {@code ids}. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int i : ids) out.add(token(i));
        return out;
    }

    /** The index of the out-of-vocabulary token, or -1. */
    public int unknownIndex() { return unkIndex; }

    /** All tokens in index order. */
    public List<String> tokens() { return Collections.unmodifiableList(tokens); }

    /** One token per line, in index order, ending with a newline. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) sb.append(t).append('\n');
        return sb.toString();
    }

    /** Reads {@link #toText()}'s format; {@code unk} names the unknown token (null: none). */
    public static Vocabulary fromText(String text, String unk) {
        List<String> toks = new ArrayList<>();
        int start = 0, line = 1;
        Map<String, Integer> seen = new HashMap<>();
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) nl = text.length();
            String t = text.substring(start, nl);
            if (t.isEmpty()) throw Errors.arg("Vocabulary.fromText", "every line must hold a token", "a token", "an empty line", "line " + line);
            Integer first = seen.putIfAbsent(t, line);
            if (first != null) throw Errors.arg("Vocabulary.fromText", "tokens must be distinct", "a new token", quote(t), "lines " + first + " and " + line);
            toks.add(t);
            start = nl + 1;
            line++;
        }
        return of(toks, unk != null && toks.contains(unk) ? unk : null);
    }

    private static String quote(String s) { return "'" + s + "'"; }

    @Override public String toString() { return "Vocabulary(" + size() + " tokens)"; }
}
