package io.sequoia.data.text;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text to numbers in the spirit of Keras's {@code TextVectorization}: {@link #adapt} builds the
 * {@link Vocabulary} (and document frequencies) from a corpus, {@link #transform} turns texts into a
 * tensor. Token indices are the vocabulary's in every mode: 0 padding, 1 out-of-vocabulary, then
 * tokens by frequency; with n-grams the vocabulary holds the n-grams too.
 * <pre>
 * INT        (N, L) token ids, padded or truncated to outputSequenceLength (pre or post); without a
 *            length, to the longest text of the call
 * ONE_HOT    (N, L, V) one row per position, all zeros at padding (needs outputSequenceLength)
 * MULTI_HOT  (N, V) 1 where the token occurs
 * COUNT      (N, V) occurrences
 * TF_IDF     (N, V) count · idf, idf = ln(1 + D / (1 + df)) over the D adapted documents (Keras's formula)
 * </pre>
 * Column 0 (padding) is always 0 in the bag modes. The settings and idf weights are in
 * {@link #config()}; the vocabulary travels separately as text ({@link Vocabulary#toText()}).
 */
public final class TextVectorizer {
    /** The output modes. */
    public enum OutputMode {
        INT, ONE_HOT, MULTI_HOT, COUNT, TF_IDF;

        public static OutputMode parse(String s) {
            if (s != null) for (OutputMode m : values()) if (m.name().equalsIgnoreCase(s.replace('-', '_'))) return m;
            throw Errors.arg("TextVectorizer", "unknown output mode", "one of int, one_hot, multi_hot, count, tf_idf", s, null);
        }

        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    /** How texts are split: "words" (a {@link WordTokenizer}), "chars", "whitespace", or "regex:PATTERN". */
    private final String split;
    private final boolean lowercase, stripPunctuation, splitContractions, stripHtml;
    private static final java.util.regex.Pattern HTML_TAG = java.util.regex.Pattern.compile("<[^<>]{1,40}>");
    private final int ngrams, maxTokens, minFrequency, outputSequenceLength;
    private final OutputMode mode;
    private final Sequences.Side padding, truncating;
    private final Tokenizer tokenizer;
    private Vocabulary vocabulary;
    private float[] idf;

    private TextVectorizer(Builder b) {
        this.split = b.split;
        this.lowercase = b.lowercase;
        this.stripPunctuation = b.stripPunctuation;
        this.splitContractions = b.splitContractions;
        this.stripHtml = b.stripHtml;
        this.ngrams = b.ngrams;
        this.maxTokens = b.maxTokens;
        this.minFrequency = b.minFrequency;
        this.outputSequenceLength = b.outputSequenceLength;
        this.mode = b.mode;
        this.padding = b.padding;
        this.truncating = b.truncating;
        if (mode == OutputMode.ONE_HOT && outputSequenceLength < 1) {
            throw Errors.arg("TextVectorizer", "one_hot output needs outputSequenceLength", "> 0", outputSequenceLength, null);
        }
        Tokenizer base;
        if (split.equals("words")) {
            base = new WordTokenizer(lowercase, stripPunctuation ? WordTokenizer.Punctuation.STRIP : WordTokenizer.Punctuation.SPLIT,
                    splitContractions ? WordTokenizer.Contractions.SPLIT : WordTokenizer.Contractions.KEEP);
        } else if (split.equals("chars")) {
            base = new CharTokenizer(lowercase, false);
        } else if (split.equals("whitespace")) {
            base = new RegexTokenizer("\\s+", true, lowercase);
        } else if (split.startsWith("regex:")) {
            base = new RegexTokenizer(split.substring(6), false, lowercase);
        } else {
            throw Errors.arg("TextVectorizer", "unknown split", "words, chars, whitespace or regex:PATTERN", split, null);
        }
        Tokenizer grams = NGrams.tokenizer(base, 1, ngrams);
        this.tokenizer = !stripHtml ? grams : new Tokenizer() {
            @Override public void tokenize(CharSequence text, java.util.function.Consumer<String> sink) {
                grams.tokenize(HTML_TAG.matcher(Tokenizer.checkText("TextVectorizer.tokenize", text)).replaceAll(" "), sink);
            }

            @Override public String describe() { return "strip-html(" + grams.describe() + ")"; }
        };
    }

    public static Builder builder() { return new Builder(); }

    /** Settings; defaults: words, lower-case, punctuation split off, unigrams, no size limit, INT, post padding and truncation. */
    public static final class Builder {
        private String split = "words";
        private boolean lowercase = true, stripPunctuation, splitContractions, stripHtml;
        private int ngrams = 1, maxTokens = -1, minFrequency = 1, outputSequenceLength = -1;
        private OutputMode mode = OutputMode.INT;
        private Sequences.Side padding = Sequences.Side.POST, truncating = Sequences.Side.POST;

        public Builder split(String s) { split = s; return this; }
        public Builder lowercase(boolean b) { lowercase = b; return this; }
        public Builder stripPunctuation(boolean b) { stripPunctuation = b; return this; }
        public Builder splitContractions(boolean b) { splitContractions = b; return this; }
        /** Replace HTML tags such as IMDB's {@code <br />} by a space before tokenising. */
        public Builder stripHtml(boolean b) { stripHtml = b; return this; }

        /** Word n-grams up to this size (1 = unigrams only). */
        public Builder ngrams(int n) {
            if (n < 1) throw Errors.arg("TextVectorizer.ngrams", "must be at least 1", ">= 1", n, null);
            ngrams = n;
            return this;
        }

        /** The vocabulary size including padding and OOV (-1: unlimited). */
        public Builder maxTokens(int n) {
            if (n != -1 && n < 3) throw Errors.arg("TextVectorizer.maxTokens", "must leave room for padding, OOV and a token", ">= 3 or -1", n, null);
            maxTokens = n;
            return this;
        }

        public Builder minFrequency(int f) {
            if (f < 1) throw Errors.arg("TextVectorizer.minFrequency", "must be at least 1", ">= 1", f, null);
            minFrequency = f;
            return this;
        }

        public Builder outputMode(OutputMode m) { mode = m; return this; }

        /** The INT/ONE_HOT sequence length (-1: the longest text of each call). */
        public Builder outputSequenceLength(int l) {
            if (l != -1 && l < 1) throw Errors.arg("TextVectorizer.outputSequenceLength", "must be positive or -1", "> 0 or -1", l, null);
            outputSequenceLength = l;
            return this;
        }

        public Builder padding(Sequences.Side s) { padding = s; return this; }
        public Builder truncating(Sequences.Side s) { truncating = s; return this; }

        public TextVectorizer build() { return new TextVectorizer(this); }
    }

    /** The tokeniser this vectoriser applies (word n-grams included). */
    public Tokenizer tokenizer() { return tokenizer; }

    /** Builds the vocabulary (and document frequencies for TF_IDF) from {@code corpus}. */
    public TextVectorizer adapt(List<String> corpus) {
        List<List<String>> docs = new ArrayList<>(corpus.size());
        for (String t : corpus) docs.add(tokenizer.tokenize(t));
        Vocabulary.Builder vb = Vocabulary.builder().minFrequency(minFrequency);
        if (maxTokens > 0) vb.maxSize(maxTokens);
        vocabulary = vb.build(docs);
        idf = null;
        if (mode == OutputMode.TF_IDF) {
            int[] df = new int[vocabulary.size()];
            for (List<String> d : docs) {
                Set<Integer> seen = new HashSet<>();
                for (String t : d) seen.add(vocabulary.index(t));
                for (int i : seen) df[i]++;
            }
            idf = new float[df.length];
            for (int i = 0; i < df.length; i++) idf[i] = (float) Math.log(1 + (double) docs.size() / (1 + df[i]));
        }
        return this;
    }

    /** Uses a given vocabulary (e.g. loaded with a model); TF_IDF also needs {@code idf} (one weight per token). */
    public TextVectorizer setVocabulary(Vocabulary v, float[] idfWeights) {
        if (mode == OutputMode.TF_IDF && (idfWeights == null || idfWeights.length != v.size())) {
            throw Errors.arg("TextVectorizer.setVocabulary", "tf_idf needs one idf weight per token", v.size(), idfWeights == null ? null : idfWeights.length, null);
        }
        vocabulary = v;
        idf = idfWeights == null ? null : idfWeights.clone();
        return this;
    }

    public Vocabulary vocabulary() { return vocabulary; }

    private Vocabulary requireVocabulary(String where) {
        if (vocabulary == null) throw Errors.state("TextVectorizer." + where, "the vectorizer has no vocabulary", "call adapt(corpus) first");
        return vocabulary;
    }

    /** The token ids of each text, unpadded. */
    public List<int[]> encode(List<String> texts) {
        Vocabulary v = requireVocabulary("encode");
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(v.encode(tokenizer.tokenize(t)));
        return out;
    }

    /** The tensor for {@code texts} in this vectoriser's output mode (shapes in the class comment). */
    public Tensor transform(List<String> texts) {
        Vocabulary v = requireVocabulary("transform");
        List<int[]> ids = encode(texts);
        int n = texts.size(), vs = v.size();
        if (mode == OutputMode.INT || mode == OutputMode.ONE_HOT) {
            int[][] padded = Sequences.padSequences(ids, outputSequenceLength, padding, truncating, 0);
            if (mode == OutputMode.INT) return Sequences.toTensor(padded);
            int l = outputSequenceLength;
            float[] f = new float[n * l * vs];
            for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) if (padded[i][j] != 0) f[(i * l + j) * vs + padded[i][j]] = 1;
            return new Tensor(NDArray.wrap(f, n, l, vs));
        }
        float[] f = new float[n * vs];
        for (int i = 0; i < n; i++) {
            for (int id : ids.get(i)) {
                if (mode == OutputMode.MULTI_HOT) f[i * vs + id] = 1;
                else f[i * vs + id] += 1;
            }
            if (mode == OutputMode.TF_IDF) for (int j = 0; j < vs; j++) f[i * vs + j] *= idf[j];
        }
        return new Tensor(NDArray.wrap(f, n, vs));
    }

    public OutputMode outputMode() { return mode; }
    public int outputSequenceLength() { return outputSequenceLength; }

    /** The settings (and idf weights) as JSON-able values; {@link #fromConfig} reads them back. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("split", split);
        c.put("lowercase", lowercase);
        c.put("strip_punctuation", stripPunctuation);
        c.put("split_contractions", splitContractions);
        c.put("strip_html", stripHtml);
        c.put("ngrams", ngrams);
        c.put("max_tokens", maxTokens);
        c.put("min_frequency", minFrequency);
        c.put("output_mode", mode.toString());
        c.put("output_sequence_length", outputSequenceLength);
        c.put("padding", padding.toString());
        c.put("truncating", truncating.toString());
        if (idf != null) {
            List<Float> w = new ArrayList<>(idf.length);
            for (float x : idf) w.add(x);
            c.put("idf", w);
        }
        return c;
    }

    /** Rebuilds a vectoriser from {@link #config()} and its vocabulary. */
    public static TextVectorizer fromConfig(Map<String, Object> c, Vocabulary v) {
        TextVectorizer t = builder().split(str(c, "split")).lowercase(bool(c, "lowercase")).stripPunctuation(bool(c, "strip_punctuation"))
                .splitContractions(bool(c, "split_contractions")).stripHtml(Boolean.TRUE.equals(c.get("strip_html"))).ngrams(num(c, "ngrams")).maxTokens(num(c, "max_tokens"))
                .minFrequency(num(c, "min_frequency")).outputMode(OutputMode.parse(str(c, "output_mode")))
                .outputSequenceLength(num(c, "output_sequence_length")).padding(Sequences.Side.parse(str(c, "padding")))
                .truncating(Sequences.Side.parse(str(c, "truncating"))).build();
        float[] w = null;
        if (c.get("idf") instanceof List<?> l) {
            w = new float[l.size()];
            for (int i = 0; i < w.length; i++) w[i] = ((Number) l.get(i)).floatValue();
        }
        return t.setVocabulary(v, w);
    }

    private static Object need(Map<String, Object> c, String k) {
        Object o = c.get(k);
        if (o == null) throw Errors.arg("TextVectorizer.fromConfig", "missing key", k, c.keySet(), null);
        return o;
    }

    private static String str(Map<String, Object> c, String k) { return need(c, k).toString(); }
    private static boolean bool(Map<String, Object> c, String k) { return (Boolean) need(c, k); }
    private static int num(Map<String, Object> c, String k) { return ((Number) need(c, k)).intValue(); }
}
