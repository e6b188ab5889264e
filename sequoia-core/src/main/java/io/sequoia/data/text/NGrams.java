package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Word and character n-grams. Word n-grams join tokens with a space; {@code words(tokens, 1, 2)}
 * gives every unigram, then every bigram ("the", "film", "the film"), the order Keras's
 * TextVectorization uses. {@link #tokenizer} wraps a tokeniser so that it emits n-grams.
 */
public final class NGrams {
    private NGrams() {}

    private static void check(String where, int min, int max) {
        if (min < 1 || max < min) throw Errors.arg(where, "n-gram sizes must satisfy 1 <= min <= max", "1 <= min <= max", min + ".." + max, null);
    }

    /** All n-grams of the tokens for n in [min, max], shorter ones first. */
    public static List<String> words(List<String> tokens, int min, int max) {
        List<String> out = new ArrayList<>();
        words(tokens, min, max, out::add);
        return out;
    }

    public static void words(List<String> tokens, int min, int max, Consumer<String> sink) {
        check("NGrams.words", min, max);
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                if (n == 1) { sink.accept(tokens.get(i)); continue; }
                StringBuilder sb = new StringBuilder(tokens.get(i));
                for (int j = 1; j < n; j++) sb.append(' ').append(tokens.get(i + j));
                sink.accept(sb.toString());
            }
        }
    }

    /** Character n-grams of {@code text} by code point for n in [min, max], shorter ones first. */
    public static List<String> chars(CharSequence text, int min, int max) {
        check("NGrams.chars", min, max);
        CharSequence s = Tokenizer.checkText("NGrams.chars", text);
        int[] cps = s.codePoints().toArray();
        List<String> out = new ArrayList<>();
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= cps.length; i++) out.add(new String(cps, i, n));
        }
        return out;
    }

    /** A tokeniser that emits the word n-grams (n in [min, max]) of {@code base}'s tokens. */
    public static Tokenizer tokenizer(Tokenizer base, int min, int max) {
        check("NGrams.tokenizer", min, max);
        return new Tokenizer() {
            @Override public void tokenize(CharSequence text, Consumer<String> sink) {
                if (min == 1 && max == 1) { base.tokenize(text, sink); return; }
                words(base.tokenize(text), min, max, sink);
            }

            @Override public String describe() { return "ngrams(" + min + ".." + max + ", " + base.describe() + ")"; }
        };
    }

    /** A tokeniser of character n-grams (n in [min, max]); with {@code withinWords} only inside whitespace-separated words, padded by '&lt;' and '&gt;' (fastText's scheme). */
    public static Tokenizer charTokenizer(int min, int max, boolean withinWords) {
        check("NGrams.charTokenizer", min, max);
        return new Tokenizer() {
            @Override public void tokenize(CharSequence text, Consumer<String> sink) {
                CharSequence s = Tokenizer.checkText("NGrams.charTokenizer", text);
                if (!withinWords) { chars(s, min, max).forEach(sink); return; }
                for (String w : s.toString().split("[\\s\\p{Z}]+")) if (!w.isEmpty()) chars("<" + w + ">", min, max).forEach(sink);
            }

            @Override public String describe() { return "char-ngrams(" + min + ".." + max + (withinWords ? ", within words" : "") + ")"; }
        };
    }
}
